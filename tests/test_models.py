"""Input validation at the edge (case-format.md "Input fields", clinical-rules.md §1
and §7): CSV-style strings, `;` lists, booleans, ranges, NaN/inf, unknown fields,
the empty case, vocabulary, and rejections that name the field in plain words."""

from __future__ import annotations

import math

import pytest
from conftest import assess, assess_raw, categories, fired, rejected_fields, rejection
from pydantic import ValidationError

from triage import CaseInput, CaseRejected, FieldError

# Words that betray a validation library's message instead of plain words.
JARGON = ("pydantic", "errors.pydantic.dev", "type=", "input_value", "Value error,")


def assert_plain(error: FieldError) -> None:
    assert error.field.strip(), error
    assert error.message.strip(), error
    for word in JARGON:
        assert word not in error.message, error


REJECTED = [
    pytest.param({"anc": 800, "anc_unit": "cells/uL", "colour": "red"}, "colour",
                 id="unknown-field"),
    pytest.param({"anc": 800, "anc_unit": "cells/uL", "Temperature": 38.0}, "Temperature",
                 id="field-name-wrong-case"),
    pytest.param({"anc": float("nan"), "anc_unit": "cells/uL"}, "anc", id="anc-nan"),
    pytest.param({"anc": float("inf"), "anc_unit": "cells/uL"}, "anc", id="anc-inf"),
    pytest.param({"anc": "nan", "anc_unit": "cells/uL"}, "anc", id="anc-nan-string"),
    pytest.param({"anc": "eight hundred", "anc_unit": "cells/uL"}, "anc", id="anc-words"),
    pytest.param({"temperature": float("nan")}, "temperature", id="temperature-nan"),
    pytest.param({"temperature": float("-inf")}, "temperature", id="temperature-minus-inf"),
    pytest.param({"wbc": float("inf"), "neutrophil_pct": 50}, "wbc", id="wbc-inf"),
    pytest.param({"anc": 800, "anc_unit": "cells/uL", "anc_lln": float("nan")}, "anc_lln",
                 id="anc-lln-nan"),
    pytest.param({"temperature": 38.5, "fever_hours": float("nan")}, "fever_hours",
                 id="fever-hours-nan"),
    pytest.param({"temperature": 38.5, "fever_hours": -0.5}, "fever_hours",
                 id="fever-hours-negative"),
    pytest.param({"days_since_chemo": -1}, "days_since_chemo", id="days-since-chemo-negative"),
    pytest.param({"days_since_chemo": 10.5}, "days_since_chemo",
                 id="days-since-chemo-not-integer"),
    pytest.param({"days_since_chemo": "ten"}, "days_since_chemo", id="days-since-chemo-words"),
    pytest.param({"anc": 300, "neutropenia_days": -1}, "neutropenia_days",
                 id="neutropenia-days-negative"),
    pytest.param({"anc": 300, "neutropenia_days": 2.5}, "neutropenia_days",
                 id="neutropenia-days-not-integer"),
    pytest.param({"anc": 1200, "duffy_null": "maybe"}, "duffy_null", id="boolean-maybe"),
    pytest.param({"anc": 800, "anc_falling": "perhaps"}, "anc_falling", id="anc-falling-words"),
    # rev. case-format.md: days_since_count and age_months are whole numbers ≥ 0;
    # steroids_long_term is a boolean.
    pytest.param({"anc": 800, "days_since_count": -1}, "days_since_count",
                 id="days-since-count-negative"),
    pytest.param({"anc": 800, "days_since_count": 1.5}, "days_since_count",
                 id="days-since-count-not-integer"),
    pytest.param({"temperature": 38.0, "age_months": -1}, "age_months",
                 id="age-months-negative"),
    pytest.param({"temperature": 38.0, "age_months": "two"}, "age_months",
                 id="age-months-words"),
    pytest.param({"anc": 800, "steroids_long_term": "sometimes"}, "steroids_long_term",
                 id="steroids-long-term-words"),
    pytest.param({"wbc": 2.0, "neutrophil_pct": 90, "band_pct": 20}, None,
                 id="segs-plus-bands-over-100"),
    pytest.param({"symptoms": ["xyzzy"]}, "symptoms", id="unknown-symptom"),
    pytest.param({"conditions": ["xyzzy"]}, "conditions", id="unknown-condition"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "field"), REJECTED)
def test_rejection_names_the_field_in_plain_words(fields, field):
    errors = rejection(fields).errors
    assert errors
    for error in errors:
        assert_plain(error)
    names = {error.field for error in errors}
    if field is None:  # either percentage may be blamed
        assert names & {"neutrophil_pct", "band_pct"}, names
    else:
        assert field in names, names


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({}, id="empty"),
        pytest.param({"anc": None, "temperature": None}, id="all-none"),
        pytest.param({"symptoms": [], "medications": []}, id="empty-lists"),
        pytest.param({"symptoms": ""}, id="empty-string-list"),
    ],
)
def test_case_that_says_nothing_is_rejected(fields):
    errors = rejection(fields).errors
    assert errors
    for error in errors:
        assert_plain(error)


def test_case_rejected_is_a_value_error_with_every_bad_field():
    error = rejection({"anc": -5, "anc_unit": "cells/uL", "days_since_chemo": -1})
    assert isinstance(error, ValueError)
    assert {"anc", "days_since_chemo"} <= {e.field for e in error.errors}


CSV_STYLE = [
    pytest.param({"anc": "800", "anc_unit": "cells/uL"}, "anc_cells_per_ul", 800.0,
                 id="anc-string"),
    pytest.param({"anc": " 800 ", "anc_unit": "cells/uL"}, "anc_cells_per_ul", 800.0,
                 id="anc-string-padded"),
    pytest.param({"anc": "1200", "anc_unit": "cells/uL", "duffy_null": "yes"}, "severity",
                 "mild", id="duffy-null-yes"),
    pytest.param({"temperature": "38.4", "temperature_unit": "C", "anc": "800",
                  "anc_unit": "cells/uL"}, "triage", "emergency", id="temperature-string"),
    pytest.param({"anc": "300", "anc_unit": "cells/uL", "neutropenia_days": "8"},
                 "infection_risk", "very_high", id="neutropenia-days-string"),
    pytest.param({"temperature": "38.3", "temperature_unit": "C", "anc": "900",
                  "anc_unit": "cells/uL", "anc_falling": "1"}, "febrile_neutropenia", True,
                 id="anc-falling-1"),
    pytest.param({"temperature": "38.3", "temperature_unit": "C", "anc": "900",
                  "anc_unit": "cells/uL", "anc_falling": "true"}, "febrile_neutropenia", True,
                 id="anc-falling-true"),
    pytest.param({"temperature": "38.3", "temperature_unit": "C", "anc": "900",
                  "anc_unit": "cells/uL", "anc_falling": "yes"}, "febrile_neutropenia", True,
                 id="anc-falling-yes"),
    pytest.param({"temperature": "38.3", "temperature_unit": "C", "anc": "900",
                  "anc_unit": "cells/uL", "anc_falling": "no"}, "febrile_neutropenia", False,
                 id="anc-falling-no"),
    pytest.param({"temperature": "38.3", "temperature_unit": "C", "anc": "900",
                  "anc_unit": "cells/uL", "anc_falling": "0"}, "febrile_neutropenia", False,
                 id="anc-falling-0"),
    pytest.param({"temperature": "38.3", "temperature_unit": "C", "anc": "900",
                  "anc_unit": "cells/uL", "anc_falling": "false"}, "febrile_neutropenia", False,
                 id="anc-falling-false"),
    pytest.param({"temperature": "38.0", "temperature_unit": "C", "days_since_chemo": "42"},
                 "triage", "emergency", id="days-since-chemo-string"),
    # rev. case-format.md: the new fields as CSV strings.
    pytest.param({"temperature": "38.0", "temperature_unit": "C", "anc": "5000",
                  "anc_unit": "cells/uL", "days_since_count": "3"}, "triage", "urgent",
                 id="days-since-count-string"),
    pytest.param({"temperature": "38.0", "temperature_unit": "C", "anc": "5000",
                  "anc_unit": "cells/uL", "age_months": "2"}, "triage", "emergency",
                 id="age-months-string"),
    pytest.param({"temperature": "38.0", "temperature_unit": "C", "anc": "5000",
                  "anc_unit": "cells/uL", "steroids_long_term": "yes"}, "triage", "emergency",
                 id="steroids-long-term-yes"),
    pytest.param({"temperature": "38.0", "temperature_unit": "C", "anc": "5000",
                  "anc_unit": "cells/uL", "steroids_long_term": "no"}, "triage", "soon",
                 id="steroids-long-term-no"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "output_field", "value"), CSV_STYLE)
def test_csv_style_strings(fields, output_field, value):
    assert getattr(assess_raw(fields), output_field) == value


@pytest.mark.parametrize(
    ("value", "duffy"),
    [
        pytest.param("yes", True, id="yes"),
        pytest.param("Yes", True, id="Yes"),
        pytest.param("true", True, id="true"),
        pytest.param("TRUE", True, id="TRUE"),
        pytest.param("1", True, id="1"),
        pytest.param(True, True, id="bool-true"),
        pytest.param("no", False, id="no"),
        pytest.param("false", False, id="false"),
        pytest.param("0", False, id="0"),
        pytest.param(False, False, id="bool-false"),
        pytest.param(None, False, id="none-unknown"),
    ],
)
def test_boolean_spellings(value, duffy):
    assessment = assess(anc=1200, duffy_null=value)
    # duffy_null_normal is shown exactly when duffy_null is true and ANC 1,000–1,499.
    assert ("duffy_null_normal" in {g.id for g in assessment.guidance}) is duffy


def test_lists_accept_semicolon_separated_strings():
    assessment = assess(anc=800, symptoms="cough; rash", conditions="lupus;hiv")
    assert "U4" in fired(assessment)
    assert categories(assessment) == ["immune_destruction", "infection"]


def test_case_input_splits_semicolons_and_drops_empty_items():
    case = CaseInput(symptoms="cough; rash;;", conditions="lupus")
    assert case.symptoms == ["cough", "rash"]
    assert case.conditions == ["lupus"]


def test_case_input_forbids_extra_fields():
    with pytest.raises(ValidationError):
        CaseInput(anc=800, colour="red")


def test_case_input_is_accepted_by_assess():
    case = CaseInput(anc=800, anc_unit="cells/uL", temperature=38.4, temperature_unit="C")
    assert assess_raw(case.model_dump(exclude_none=True)).triage == "emergency"
    from triage import assess as library_assess

    assert library_assess(case).triage == "emergency"


def test_unknown_field_is_never_silently_ignored():
    with pytest.raises(CaseRejected):
        assess_raw({"anc": 800, "anc_unit": "cells/uL", "temprature": 39.5})


def test_case_id_is_kept():
    assert assess(anc=800, case_id="A-17").case_id == "A-17"


def test_case_id_defaults_to_a_string():
    case_id = assess(anc=800).case_id
    assert isinstance(case_id, str) and case_id


SYNONYMS = [
    pytest.param({"symptoms": ["mouth sores"], "medications": ["methimazole"], "anc": 5000},
                 "U8", id="mouth-sores-is-mouth-ulcers"),
    pytest.param({"symptoms": ["shortness of breath"], "anc": 5000}, "E5",
                 id="shortness-of-breath-is-trouble-breathing"),
    pytest.param({"symptoms": ["Shortness Of Breath"], "anc": 5000}, "E5",
                 id="synonym-case-insensitive"),
    pytest.param({"symptoms": ["trouble breathing"], "anc": 5000}, "E5",
                 id="id-with-space"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "rule"), SYNONYMS)
def test_symptom_words_map_to_ids(fields, rule):
    assert rule in fired(assess(**fields))


@pytest.mark.parametrize(
    ("term", "category"),
    [
        pytest.param("SLE", "immune_destruction", id="SLE-is-lupus"),
        pytest.param("Epstein-Barr", "infection", id="Epstein-Barr-is-ebv"),
        pytest.param("Crohn's", "immune_destruction", id="Crohns-is-crohns-disease"),
    ],
)
def test_condition_words_map_to_ids(term, category):
    assert categories(assess(anc=800, conditions=[term])) == [category]


def test_cant_breathe_is_never_dropped():
    """§7: a dropped "can't breathe" would under-triage: map it or reject it."""
    try:
        assessment = assess(anc=5000, symptoms=["can't breathe"])
    except CaseRejected as error:
        assert "symptoms" in {e.field for e in error.errors}
    else:
        assert assessment.triage == "emergency"


def test_unknown_term_suggests_the_closest_ids():
    errors = rejection({"symptoms": ["stiff neckache xyz"]}).errors
    message = " ".join(e.message for e in errors if e.field == "symptoms")
    assert "stiff_neck" in message or "stiff neck" in message, message


def test_unknown_symptom_rejected_even_beside_known_ones():
    assert "symptoms" in rejected_fields({"symptoms": ["cough", "xyzzy"]})


def test_nan_never_reaches_the_engine_as_a_count():
    with pytest.raises(CaseRejected):
        assess_raw({"anc": math.nan})


OUTPUT_FIELDS = {
    "case_id", "anc_cells_per_ul", "severity", "ctcae", "infection_risk", "fever",
    "febrile_neutropenia", "triage", "cause_categories", "red_flags", "safety_net", "guidance",
    "explanation", "warnings", "disclaimer", "ruleset_version",
}  # fmt: skip


def test_output_has_every_case_format_field():
    output = assess(anc=800, temperature=38.4, conditions=["lupus"]).model_dump(mode="json")
    assert output.keys() >= OUTPUT_FIELDS
    assert output["ctcae"] == {"version": "5.0", "grade": 3}
    assert [cause["category"] for cause in output["cause_categories"]] == ["immune_destruction"]
    assert all(cause.keys() == {"category", "evidence"} for cause in output["cause_categories"])
    assert all(item.keys() == {"id", "text"} for item in output["guidance"])
    assert all(item.keys() == {"rule", "because"} for item in output["explanation"])
    assert isinstance(output["ruleset_version"], str) and output["ruleset_version"]


def test_output_adds_only_documented_extra_fields():
    """case-format.md allows adding fields; `scores` (MASCC/CISNE) is the one added."""
    output = assess(anc=800).model_dump(mode="json")
    assert output.keys() - OUTPUT_FIELDS <= {"scores"}


# --- Wrong JSON types and hostile sizes at the boundary ---------------------------------

NUMBER_FIELDS = [
    "anc", "anc_lln", "wbc", "neutrophil_pct", "band_pct", "neutropenia_days", "temperature",
    "fever_hours", "days_since_chemo", "age", "systolic_bp_mmhg", "ecog", "mucositis_grade",
    "monocytes_per_ul",
    "days_since_count", "age_months",  # rev. case-format.md
]  # fmt: skip


@pytest.mark.parametrize("value", [True, False], ids=["true", "false"])
@pytest.mark.parametrize("field", NUMBER_FIELDS)
def test_a_boolean_where_a_number_belongs_is_a_field_error(field: str, value: bool) -> None:
    error = rejection({"symptoms": ["cough"], field: value})
    assert [e.field for e in error.errors] == [field]
    assert error.errors[0].message == "true/false is not a number: give a number"


HOSTILE_VALUES = [
    pytest.param({"anc": 800, "anc_unit": "x" * 201}, "anc_unit", "201 characters: at most 200",
                 id="unit-too-long"),
    pytest.param({"case_id": "x" * 201, "anc": 3000}, "case_id", "201 characters: at most 200",
                 id="case-id-too-long"),
    pytest.param({"medications": ["m" * 201]}, "medications", "201 characters: at most 200",
                 id="medicine-too-long"),
    pytest.param({"symptoms": [f"s{n}" for n in range(101)]}, "symptoms",
                 "101 items: at most 100", id="too-many-symptoms"),
    pytest.param({"anc": "9" * 5000}, "anc", "5,000 characters", id="a-number-of-5000-digits"),
    pytest.param({"anc": 800, "anc_unit": "cells/\ud800"}, "anc_unit", "a lone surrogate",
                 id="surrogate-in-a-unit"),
    pytest.param({"symptoms": ["cough", "\udcff"]}, "symptoms", "a lone surrogate",
                 id="surrogate-in-a-list"),
    pytest.param({"anc": 800, "\ud800": 1}, "\ufffd", "a lone surrogate",
                 id="surrogate-in-a-field-name"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "field", "message"), HOSTILE_VALUES)
def test_hostile_values_are_field_errors_in_plain_words(
    case: dict[str, object], field: str, message: str
) -> None:
    error = rejection(case)
    assert error.errors[0].field == field
    assert message in error.errors[0].message
    for item in error.errors:
        assert_plain(item)
        assert len(item.message) < 1_000


# ------------------------------------------------------------------ plain words

PLAIN_MESSAGES = [
    pytest.param({"anc": -1, "anc_unit": "cells/uL"}, "anc", "must be 0 or more", id="below-0"),
    pytest.param({"age": 200}, "age", "must be 120 or less", id="above-max"),
    pytest.param({"anc": 800, "anc_lln": 0}, "anc_lln", "must be more than 0", id="not-above"),
    pytest.param({"days_since_chemo": 10.5}, "days_since_chemo", "must be a whole number",
                 id="fraction"),
    pytest.param({"anc": 1200, "duffy_null": "maybe"}, "duffy_null",
                 "must be yes or no (true/false, 1/0)", id="boolean"),
    pytest.param({"anc": 800, "cancer_type": "blood"}, "cancer_type",
                 "must be solid or haematological", id="choice"),
    pytest.param({"anc": "eight hundred"}, "anc",
                 "'eight hundred' is not a number: write it like 1200, 1,200 or 0.8",
                 id="words-for-a-number"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "name", "message"), PLAIN_MESSAGES)
def test_rejections_say_what_is_allowed_in_plain_words(fields, name, message) -> None:
    errors = {error.field: error.message for error in rejection(fields).errors}
    assert errors[name] == message


def test_an_unknown_field_names_the_closest_and_every_accepted_field() -> None:
    (error,) = rejection({"anc": 400, "symptom": ["cough"]}).errors
    assert error.field == "symptom"
    assert error.message.startswith("unknown field (did you mean symptoms?); the field names are ")
    assert error.message.endswith(", ".join(list(CaseInput.model_fields)[-3:]))
    assert "triage assess --help" not in error.message


def test_an_unknown_field_with_no_close_name_lists_the_field_names() -> None:
    (error,) = rejection({"anc": 400, "colour": "red"}).errors
    assert error.message.startswith("unknown field; the field names are case_id, anc, anc_unit,")
