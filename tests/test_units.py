"""Unit handling at the edge (clinical-rules.md §1, case-format.md): ANC units and
aliases, ANC from a white count and differential, the no-unit rule, plausible ranges
and temperature inference. Checked through the public ``assess`` API."""

from __future__ import annotations

import pytest
from conftest import assess_raw, rejected_fields, rejection

ANC_ALIASES = [
    # (unit, value, cells/µL)
    ("cells/uL", 800, 800),
    ("cells/µL", 800, 800),
    ("cells/μL", 800, 800),  # Greek mu, as pasted from some lab portals
    ("/uL", 800, 800),
    ("cells/mm3", 800, 800),
    ("10^9/L", 0.8, 800),
    ("x10^9/L", 0.8, 800),
    ("×10⁹/L", 0.8, 800),
    ("10*9/L", 0.8, 800),
    ("G/L", 0.8, 800),
    ("K/uL", 0.8, 800),
    ("K/µL", 0.8, 800),
    ("10^3/uL", 0.8, 800),
    ("×10³/µL", 0.8, 800),
    ("10^9/L", 1.5, 1500),
    ("10^9/L", 0.0, 0),
    ("cells/uL", 50, 50),  # with a unit, a small count is not ambiguous
    ("cells/uL", 2, 2),
    ("10^9/L", 100, 100000),
    ("cells/uL", 100000, 100000),
]


@pytest.mark.parametrize(
    ("unit", "value", "cells"),
    [pytest.param(u, v, c, id=f"{v}-{u}") for u, v, c in ANC_ALIASES],
)
def test_anc_unit_aliases(unit, value, cells):
    assessment = assess_raw({"anc": value, "anc_unit": unit})
    assert assessment.anc_cells_per_ul == pytest.approx(cells)


def test_anc_with_explicit_unit_gives_no_unit_warning():
    assert assess_raw({"anc": 800, "anc_unit": "cells/uL"}).warnings == []


@pytest.mark.parametrize(
    "unit", [pytest.param("mg/dL", id="mg-dL"), pytest.param("percent", id="percent")]
)
def test_unknown_anc_unit_is_rejected_naming_anc_unit(unit):
    assert "anc_unit" in rejected_fields({"anc": 800, "anc_unit": unit})


@pytest.mark.parametrize(
    "unit", [pytest.param("mg/dL", id="mg-dL"), pytest.param("percent", id="percent")]
)
def test_unknown_anc_unit_is_rejected_saying_which_units_work(unit):
    errors = rejection({"anc": 800, "anc_unit": unit}).errors
    assert errors
    assert all("cells/uL" in e.message and "10^9/L" in e.message for e in errors)


def test_unknown_wbc_unit_is_rejected_naming_wbc_unit():
    assert "wbc_unit" in rejected_fields({"wbc": 2.0, "wbc_unit": "mg/dL", "neutrophil_pct": 50})


NO_UNIT_ACCEPTED = [
    pytest.param(100, 100, False, id="100-is-cells"),
    pytest.param(100.5, 100.5, False, id="100.5-is-cells"),
    pytest.param(800, 800, False, id="800-is-cells"),
    pytest.param(100000, 100000, False, id="100000-is-cells"),
    pytest.param(0, 0, False, id="0-is-0"),
    pytest.param(0.0, 0, False, id="0.0-is-0"),
    pytest.param(0.5, 500, True, id="0.5-is-giga-with-warning"),
    pytest.param(1.2, 1200, True, id="1.2-is-giga-with-warning"),
    pytest.param(29.9, 29900, True, id="29.9-is-giga-with-warning"),
    pytest.param("0.8", 800, True, id="csv-string-0.8-is-giga-with-warning"),
    pytest.param("800", 800, False, id="csv-string-800-is-cells"),
]


@pytest.mark.parametrize(("value", "cells", "warned"), NO_UNIT_ACCEPTED)
def test_anc_without_unit(value, cells, warned):
    assessment = assess_raw({"anc": value})
    assert assessment.anc_cells_per_ul == pytest.approx(cells)
    if warned:
        assert assessment.warnings, "an ANC read as ×10⁹/L must say so in a warning"


NO_UNIT_REJECTED = [
    pytest.param(50, id="50-ambiguous"),
    pytest.param(2, id="2-ambiguous"),
    pytest.param(2.0, id="2.0-integer-valued-ambiguous"),
    pytest.param(1, id="1-ambiguous"),
    pytest.param(29, id="29-ambiguous"),
    pytest.param(30, id="30-ambiguous"),
    pytest.param(99, id="99-ambiguous"),
    pytest.param(30.5, id="30.5-non-integer-not-below-30"),
    pytest.param(99.9, id="99.9-non-integer-not-below-30"),
    pytest.param("50", id="csv-string-50-ambiguous"),
]


@pytest.mark.parametrize("value", NO_UNIT_REJECTED)
def test_ambiguous_anc_without_unit_is_rejected_asking_for_the_unit(value):
    errors = rejection({"anc": value}).errors
    anc_errors = [e for e in errors if e.field == "anc"]
    assert anc_errors, errors
    assert "unit" in anc_errors[0].message.lower()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"anc": 100001}, "anc", id="no-unit-above-100000"),
        pytest.param({"anc": 100001, "anc_unit": "cells/uL"}, "anc", id="cells-above-100000"),
        pytest.param({"anc": 100.5, "anc_unit": "10^9/L"}, "anc", id="giga-above-100"),
        pytest.param({"anc": -1, "anc_unit": "cells/uL"}, "anc", id="negative-cells"),
        pytest.param({"anc": -0.5}, "anc", id="negative-no-unit"),
        pytest.param({"anc": -0.1, "anc_unit": "10^9/L"}, "anc", id="negative-giga"),
    ],
)
def test_anc_outside_plausible_range_is_rejected(fields, field):
    assert field in rejected_fields(fields)


DIFFERENTIAL = [
    pytest.param({"wbc": 2.0, "neutrophil_pct": 14.8, "band_pct": 5}, 396,
                 id="spec-example-2.0-14.8-5"),
    pytest.param({"wbc": 2.0, "wbc_unit": "10^9/L", "neutrophil_pct": 14.8, "band_pct": 5}, 396,
                 id="spec-example-giga-unit"),
    pytest.param({"wbc": 2.0, "wbc_unit": "K/uL", "neutrophil_pct": 14.8, "band_pct": 5}, 396,
                 id="spec-example-k-per-ul"),
    pytest.param({"wbc": 2000, "wbc_unit": "cells/uL", "neutrophil_pct": 14.8, "band_pct": 5},
                 396, id="spec-example-cells-unit"),
    pytest.param({"wbc": 4.0, "neutrophil_pct": 50, "band_pct": 0}, 2000, id="4.0-50-0"),
    pytest.param({"wbc": 4.0, "neutrophil_pct": 50}, 2000, id="4.0-50-bands-absent"),
    pytest.param({"wbc": 1.0, "neutrophil_pct": 0, "band_pct": 0}, 0, id="no-neutrophils"),
    pytest.param({"wbc": 10.0, "neutrophil_pct": 90, "band_pct": 10}, 10000,
                 id="segs-plus-bands-100"),
    pytest.param({"wbc": "2.0", "neutrophil_pct": "14.8", "band_pct": "5"}, 396,
                 id="csv-strings"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "cells"), DIFFERENTIAL)
def test_anc_from_white_count_and_differential(fields, cells):
    assert assess_raw(fields).anc_cells_per_ul == pytest.approx(cells)


def test_spec_example_differential_is_severe():
    assessment = assess_raw({"wbc": 2.0, "neutrophil_pct": 14.8, "band_pct": 5})
    assert assessment.severity == "severe"
    assert assessment.triage == "urgent"  # U3: ANC < 500


def test_white_count_without_differential_leaves_anc_unknown():
    assert assess_raw({"wbc": 2.0}).anc_cells_per_ul is None


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        pytest.param({"wbc": 2.0, "neutrophil_pct": 90, "band_pct": 20},
                     {"neutrophil_pct", "band_pct"}, id="segs-plus-bands-110"),
        pytest.param({"wbc": 2.0, "neutrophil_pct": 100.5}, {"neutrophil_pct"},
                     id="segs-above-100"),
        pytest.param({"wbc": 2.0, "neutrophil_pct": -1}, {"neutrophil_pct"}, id="segs-negative"),
        pytest.param({"wbc": 2.0, "neutrophil_pct": 50, "band_pct": 101}, {"band_pct"},
                     id="bands-above-100"),
        pytest.param({"wbc": -2.0, "neutrophil_pct": 50}, {"wbc"}, id="wbc-negative"),
    ],
)  # fmt: skip
def test_bad_differential_is_rejected(fields, bad):
    assert rejected_fields(fields) & bad


TEMPERATURE_ACCEPTED = [
    pytest.param(30, None, 30.0, id="30-no-unit-C"),
    pytest.param(37, None, 37.0, id="37-no-unit-C"),
    pytest.param(45, None, 45.0, id="45-no-unit-C"),
    pytest.param(86, None, 30.0, id="86-no-unit-F"),
    pytest.param(100.4, None, 38.0, id="100.4-no-unit-F"),
    pytest.param(113, None, 45.0, id="113-no-unit-F"),
    pytest.param(38.5, "C", 38.5, id="38.5-C"),
    pytest.param(101, "F", 38.333, id="101-F"),
    pytest.param("38.5", None, 38.5, id="csv-string-38.5"),
]


@pytest.mark.parametrize(("value", "unit", "celsius"), TEMPERATURE_ACCEPTED)
def test_temperature_accepted_and_held_in_celsius(value, unit, celsius):
    fields = {"temperature": value, "temperature_unit": unit}
    assessment = assess_raw(fields)
    case = assessment.run.case
    assert case.temperature_c == pytest.approx(celsius, abs=0.01)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(29.9, id="29.9"),
        pytest.param(45.1, id="45.1"),
        pytest.param(60, id="60-between-ranges"),
        pytest.param(85.9, id="85.9"),
        pytest.param(113.1, id="113.1"),
        pytest.param(0, id="0"),
        pytest.param(-5, id="negative"),
    ],
)
def test_temperature_outside_both_ranges_without_unit_is_rejected(value):
    assert "temperature" in rejected_fields({"temperature": value})


def test_unknown_temperature_unit_is_rejected():
    assert "temperature_unit" in rejected_fields({"temperature": 38.0, "temperature_unit": "K"})


@pytest.mark.parametrize(
    ("wbc", "segs", "bands", "severity"),
    [
        pytest.param(1.0, 5, 5, "severe", id="exactly-100-severe"),
        pytest.param(1.0, 45, 5, "moderate", id="exactly-500-moderate"),
        pytest.param(2.5, 35, 5, "mild", id="exactly-1000-mild"),
        pytest.param(3.0, 45, 5, "normal", id="exactly-1500-normal"),
        pytest.param(2.5, 19.6, 0, "severe", id="490-severe"),
    ],
)
def test_differential_at_severity_boundaries(wbc, segs, bands, severity):
    """Floating-point products must not slip below a boundary (e.g. 499.99999)."""
    assessment = assess_raw({"wbc": wbc, "neutrophil_pct": segs, "band_pct": bands})
    assert assessment.severity == severity


# ------------------------------------------------------------------ parse_number

NUMBERS_AS_WRITTEN = [
    ("1200", 1200.0),
    ("1,200", 1200.0),
    ("1 200", 1200.0),
    ("1\u202f200", 1200.0),  # a narrow no-break space, as pasted from a lab portal
    ("12,345.5", 12345.5),
    ("1,200,000", 1200000.0),
    ("0.8", 0.8),
    (".8", 0.8),
    ("38,4", 38.4),  # a decimal comma, as the interview reads it
    (" 800 ", 800.0),
    ("-3", -3.0),  # the sign is kept: the field's range says what is allowed
]


@pytest.mark.parametrize(
    ("text", "number"), NUMBERS_AS_WRITTEN, ids=[t for t, _ in NUMBERS_AS_WRITTEN]
)
def test_parse_number_reads_numbers_as_people_write_them(text: str, number: float) -> None:
    from triage.units import parse_number

    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["eight hundred", "1 2", "1e3", "nan", "inf", "1,200.5.3", ""])
def test_parse_number_refuses_anything_else_in_plain_words(text: str) -> None:
    from triage.units import parse_number

    with pytest.raises(ValueError, match=r"write it like 1200, 1,200 or 0\.8$"):
        parse_number(text)


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        pytest.param("anc", "1,200", 1200, id="anc-grouped-by-comma"),
        pytest.param("anc", "1 200", 1200, id="anc-grouped-by-space"),
        pytest.param("days_since_chemo", "1,000", 1000, id="whole-number-field"),
    ],
)
def test_case_fields_read_text_with_the_one_number_parser(
    field: str, text: str, value: int
) -> None:
    from triage import CaseInput

    assert getattr(CaseInput.model_validate({field: text}), field) == value
