"""The bundled case data: examples/cases.csv and the teaching vignettes.

Structure tests check the files against the spec (case-format.md, clinical-rules.md)
without the engine. Agreement tests run every case through ``triage.assess`` and
demand exactly the hand-derived expected answers; a disagreement is either an engine
bug or a data bug, and is settled against clinical-rules.md, never by triaging down.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import SPEC_TRIAGE_RULES

ROOT = Path(__file__).resolve().parents[1]
CASES_CSV = ROOT / "examples" / "cases.csv"
TEACHING_DIR = ROOT / "triage" / "data" / "teaching"
DATA_DIR = ROOT / "triage" / "data"

SPEC_RULES = SPEC_TRIAGE_RULES  # rev. December 2026: E1-E10, U1-U11, S1-S7
RETIRED_RULES = {"XE1", "XU1", "XS1"}
TRIAGE_LEVELS = {"routine", "soon", "urgent", "emergency"}
SEVERITIES = {"normal", "mild", "moderate", "severe", "profound", "unknown"}
INFECTION_RISKS = {"low", "moderate", "high", "very_high", "unknown"}
CAUSE_CATEGORIES = {
    "medication",
    "bone_marrow_production",
    "immune_destruction",
    "infection",
    "nutritional_deficiency",
}
NO_CAUSE = "none"  # expected_causes: no category identified (an empty cell = not evaluated)

INPUT_FIELDS = (
    "anc", "anc_unit", "anc_lln", "wbc", "wbc_unit", "neutrophil_pct", "band_pct",
    "neutropenia_days", "anc_falling", "temperature", "temperature_unit", "fever_hours",
    "days_since_chemo", "medications", "symptoms", "conditions", "age", "duffy_null",
    "days_since_count", "steroids_long_term", "age_months",  # rev. December 2026
)  # fmt: skip
EXPECTED_COLUMNS = (
    "expected_triage",
    "expected_severity",
    "expected_infection_risk",
    "expected_causes",
)
ALLOWED_COLUMNS = {"case_id", *INPUT_FIELDS, *EXPECTED_COLUMNS, "expected_error", "note"}

VIGNETTE_KEYS = {"id", "title", "story", "rules", "teaching_note", "source", "case", "expected"}
VIGNETTE_EXPECTED_REQUIRED = {"triage", "severity", "infection_risk", "causes"}
VIGNETTE_EXPECTED_OPTIONAL = {"febrile_neutropenia"}
VIGNETTE_FILENAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.toml$")
# Two-digit ids since the revision (E10, U10, U11); retired XE1/XU1/XS1 do not match.
RULE_ID = re.compile(r"\b([EUS]\d{1,2})\b")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _read_rows() -> list[dict[str, str]]:
    with CASES_CSV.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _read_header() -> list[str]:
    with CASES_CSV.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def _load_vignettes() -> dict[str, dict[str, Any]]:
    return {
        path.name: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(TEACHING_DIR.glob("*.toml"))
    }


def _load_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA_DIR / name).read_text(encoding="utf-8"))


ROWS = _read_rows()
ASSESSED_ROWS = [row for row in ROWS if not row["expected_error"]]
REJECTED_ROWS = [row for row in ROWS if row["expected_error"]]
VIGNETTES = _load_vignettes()


def case_from_row(row: Mapping[str, str]) -> dict[str, str]:
    """The case as a batch reader sees it: input columns only, empty cells dropped."""
    return {
        name: value
        for name, value in row.items()
        if name in {"case_id", *INPUT_FIELDS} and value.strip() != ""
    }


def expected_causes(cell: str) -> set[str]:
    """``none`` means no category identified; otherwise ``;``-separated categories."""
    return set() if cell == NO_CAUSE else set(cell.split(";"))


def dumped(case: Mapping[str, Any]) -> dict[str, Any]:
    """The engine's output object for one case (imported here so that the structure
    tests above run even while the engine is being changed)."""
    import triage

    return triage.assess(case).model_dump(mode="json")


def cause_set(output: Mapping[str, Any]) -> set[str]:
    return {entry["category"] for entry in output["cause_categories"]}


def explained_rules(output: Mapping[str, Any]) -> set[str]:
    return {entry["rule"] for entry in output["explanation"]}


# ---------------------------------------------------------------- cases.csv structure


def test_cases_csv_has_at_least_40_rows() -> None:
    assert len(ROWS) >= 40


def test_cases_csv_columns_are_allowed_and_case_id_first() -> None:
    header = _read_header()
    assert header[0] == "case_id"
    assert set(header) <= ALLOWED_COLUMNS, set(header) - ALLOWED_COLUMNS
    assert len(header) == len(set(header))
    assert {*EXPECTED_COLUMNS, "expected_error", "note"} <= set(header)


def test_cases_csv_case_ids_are_unique_readable_slugs() -> None:
    ids = [row["case_id"] for row in ROWS]
    assert len(ids) == len(set(ids))
    for case_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", case_id), case_id


@pytest.mark.parametrize("row", ROWS, ids=[row["case_id"] for row in ROWS])
def test_cases_csv_expected_values_are_valid(row: dict[str, str]) -> None:
    assert row["note"].strip(), "every case says which rules it exercises"
    if row["expected_error"]:
        assert row["expected_error"] in INPUT_FIELDS
        assert all(row[column] == "" for column in EXPECTED_COLUMNS)
        return
    assert row["expected_triage"] in TRIAGE_LEVELS
    assert row["expected_severity"] in SEVERITIES
    assert row["expected_infection_risk"] in INFECTION_RISKS
    causes = row["expected_causes"]
    if causes != NO_CAUSE:
        listed = causes.split(";")
        assert listed == sorted(set(listed)), "categories sorted, no repeats"
        assert set(listed) <= CAUSE_CATEGORIES


def test_every_spec_rule_appears_in_some_case_note() -> None:
    mentioned = {rule for row in ROWS for rule in RULE_ID.findall(row["note"])}
    assert set(SPEC_RULES) <= mentioned, sorted(set(SPEC_RULES) - mentioned)


def test_spec_rule_ids_are_the_revision() -> None:
    assert len(SPEC_RULES) == 10 + 11 + 7
    assert {"E7", "E8", "E9", "E10", "U9", "U10", "U11", "S7"} <= set(SPEC_RULES)
    assert not RETIRED_RULES & set(SPEC_RULES)


def test_no_case_or_vignette_names_a_retired_rule() -> None:
    for row in ROWS:
        assert not RETIRED_RULES & set(re.findall(r"\bX[EUS]\d\b", row["note"])) or (
            "retired" in row["note"]
        ), row["case_id"]
    for filename, vignette in VIGNETTES.items():
        assert not RETIRED_RULES & set(vignette["rules"]), filename


def test_cases_csv_covers_every_cause_category_and_none() -> None:
    cells = [row["expected_causes"] for row in ASSESSED_ROWS]
    found = {category for cell in cells for category in expected_causes(cell)}
    assert found == CAUSE_CATEGORIES
    assert NO_CAUSE in cells


def test_cases_csv_covers_every_anc_unit_form() -> None:
    units = {row["anc_unit"] for row in ROWS}
    wanted = {"cells/uL", "/uL", "cells/mm3", "K/uL", "10^3/uL", "10^9/L", "x10^9/L"}
    assert wanted | {"10*9/L", "G/L"} <= units


def test_cases_csv_has_the_deliberately_rejected_records() -> None:
    assert {row["expected_error"] for row in REJECTED_ROWS} >= {
        "anc",
        "symptoms",
        "temperature",
        "band_pct",
        "fever_hours",
    }


# ---------------------------------------------------------------- vignette structure


def test_examples_teaching_points_at_the_packaged_vignettes() -> None:
    link = ROOT / "examples" / "teaching"
    assert link.is_symlink()
    assert link.resolve() == TEACHING_DIR.resolve()


def test_at_least_30_vignettes_numbered_from_01_without_gaps() -> None:
    numbers = [int(name.split("-", 1)[0]) for name in VIGNETTES]
    assert len(numbers) >= 30
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("filename", list(VIGNETTES))
def test_vignette_has_the_exact_format(filename: str) -> None:
    vignette = VIGNETTES[filename]
    match = VIGNETTE_FILENAME.match(filename)
    assert match, "file name is NN-slug.toml"
    assert set(vignette) == VIGNETTE_KEYS
    assert vignette["id"] == match[2], "id is the file's slug"
    for key in ("title", "story", "teaching_note", "source"):
        assert isinstance(vignette[key], str) and vignette[key].strip()
    assert 3 <= len(SENTENCE_END.findall(vignette["story"].strip())) <= 6
    assert 2 <= len(SENTENCE_END.findall(vignette["teaching_note"].strip())) <= 5
    assert isinstance(vignette["rules"], list)
    assert set(vignette["rules"]) <= set(SPEC_RULES)
    assert len(vignette["rules"]) == len(set(vignette["rules"]))
    assert set(vignette["case"]) <= set(INPUT_FIELDS) and vignette["case"]
    expected = vignette["expected"]
    assert set(expected) >= VIGNETTE_EXPECTED_REQUIRED
    assert set(expected) <= VIGNETTE_EXPECTED_REQUIRED | VIGNETTE_EXPECTED_OPTIONAL
    assert expected["triage"] in TRIAGE_LEVELS
    assert expected["severity"] in SEVERITIES
    assert expected["infection_risk"] in INFECTION_RISKS
    assert set(expected["causes"]) <= CAUSE_CATEGORIES
    assert expected["causes"] == sorted(set(expected["causes"]))
    assert isinstance(expected.get("febrile_neutropenia", False), bool)


def test_vignette_ids_are_unique() -> None:
    ids = [vignette["id"] for vignette in VIGNETTES.values()]
    assert len(ids) == len(set(ids))


def test_vignette_sources_exist() -> None:
    source_ids = {source["id"] for source in _load_toml("sources.toml")["source"]}
    used = {vignette["source"] for vignette in VIGNETTES.values()}
    assert used <= source_ids, used - source_ids


def test_vignette_symptoms_and_conditions_are_spec_ids() -> None:
    vocabulary = _load_toml("vocabulary.toml")
    symptom_ids = {entry["id"] for entry in vocabulary["symptom"]}
    condition_ids = {entry["id"] for entry in vocabulary["condition"]}
    for filename, vignette in VIGNETTES.items():
        assert set(vignette["case"].get("symptoms", [])) <= symptom_ids, filename
        assert set(vignette["case"].get("conditions", [])) <= condition_ids, filename


def test_vignettes_cover_every_spec_rule() -> None:
    taught = {rule for vignette in VIGNETTES.values() for rule in vignette["rules"]}
    assert taught == set(SPEC_RULES), sorted(set(SPEC_RULES) - taught)


def test_vignettes_cover_every_cause_category() -> None:
    found = {cause for vignette in VIGNETTES.values() for cause in vignette["expected"]["causes"]}
    assert found == CAUSE_CATEGORIES


# ---------------------------------------------------------------- engine agreement


@pytest.mark.parametrize("row", ASSESSED_ROWS, ids=[row["case_id"] for row in ASSESSED_ROWS])
def test_case_agrees_with_the_engine(row: dict[str, str]) -> None:
    output = dumped(case_from_row(row))
    assert output["case_id"] == row["case_id"]
    got = {
        "triage": output["triage"],
        "severity": output["severity"],
        "infection_risk": output["infection_risk"],
        "causes": cause_set(output),
    }
    assert got == {
        "triage": row["expected_triage"],
        "severity": row["expected_severity"],
        "infection_risk": row["expected_infection_risk"],
        "causes": expected_causes(row["expected_causes"]),
    }


@pytest.mark.parametrize("row", REJECTED_ROWS, ids=[row["case_id"] for row in REJECTED_ROWS])
def test_rejected_case_names_the_field(row: dict[str, str]) -> None:
    import triage

    with pytest.raises(triage.CaseRejected) as rejected:
        triage.assess(case_from_row(row))
    assert row["expected_error"] in {error.field for error in rejected.value.errors}


@pytest.mark.parametrize("filename", list(VIGNETTES))
def test_vignette_agrees_with_the_engine(filename: str) -> None:
    vignette = VIGNETTES[filename]
    expected = vignette["expected"]
    output = dumped(vignette["case"])
    got = {
        "triage": output["triage"],
        "severity": output["severity"],
        "infection_risk": output["infection_risk"],
        "causes": cause_set(output),
    }
    assert got == {
        "triage": expected["triage"],
        "severity": expected["severity"],
        "infection_risk": expected["infection_risk"],
        "causes": set(expected["causes"]),
    }
    assert set(vignette["rules"]) <= explained_rules(output)
    if "febrile_neutropenia" in expected:
        assert output["febrile_neutropenia"] is expected["febrile_neutropenia"]
