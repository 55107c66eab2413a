"""The rule catalogue (`triage rules`): complete, cited, and docs/rules.md in sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RULE_LEVEL

from cli import cli
from triage import rule_catalogue
from triage.catalogue import (
    SECTIONS,
    catalogue_entries,
    is_spec_triage_rule,
    render_catalogue,
    rule_meta,
    section_of,
    triage_level_of,
)
from triage.knowledge import load_knowledge

RULES_MD = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
SPEC_LEVELS = dict(RULE_LEVEL)
CATALOGUE = rule_catalogue()


def test_every_spec_triage_rule_is_in_the_catalogue_with_its_level() -> None:
    levels = {meta.id: triage_level_of(meta) for meta in CATALOGUE}
    assert {rule: levels.get(rule) for rule in SPEC_LEVELS} == SPEC_LEVELS


def test_rule_ids_are_unique() -> None:
    ids = [meta.id for meta in CATALOGUE]
    assert sorted(ids) == sorted(set(ids))


@pytest.mark.parametrize("meta", CATALOGUE, ids=lambda meta: meta.id)
def test_every_rule_is_cited_and_described(meta) -> None:
    assert meta.source in {source.id for source in load_knowledge().sources}
    assert meta.when.strip()
    assert meta.concludes.strip()
    assert meta.doc.startswith(f"{meta.id}: ")
    assert len(meta.doc) > len(meta.id) + 10


def test_catalogue_entries_cover_every_rule_once_in_section_order() -> None:
    entries = catalogue_entries()
    assert sorted(entry.id for entry in entries) == sorted(meta.id for meta in CATALOGUE)
    titles = list(SECTIONS)
    positions = [titles.index(entry.section) for entry in entries]
    assert positions == sorted(positions)
    assert entries[0].section == "Findings"


@pytest.mark.parametrize(
    ("rule_id", "section"),
    [("N1", "Findings"), ("SEV3", "Severity and CTCAE grade"), ("CT4", "Severity and CTCAE grade"),
     ("R5", "Infection risk"), ("FN2", "Febrile neutropenia"), ("C0", "Possible causes"),
     ("E1", "Triage: emergency"), ("U8", "Triage: urgent"), ("S6", "Triage: soon"),
     ("E10", "Triage: emergency"), ("U11", "Triage: urgent"), ("S7", "Triage: soon"),
     ("T0", "Triage: routine"), ("RF2", "Red flags"), ("G14", "Guidance"),
     ("X9", "Other rules")],
)  # fmt: skip
def test_sections_by_rule_family(rule_id: str, section: str) -> None:
    assert section_of(rule_id) == section


def test_spec_triage_rules_are_the_e_u_s_families() -> None:
    # rev.: E7–E10, U9–U11 and S7 (was XS1); XE1 and XU1 are retired.
    assert [m.id for m in CATALOGUE if is_spec_triage_rule(m.id)] == list(SPEC_LEVELS)


@pytest.mark.parametrize("retired", ["XE1", "XU1", "XS1"])
def test_retired_extensions_are_gone(retired: str) -> None:
    assert retired not in {meta.id for meta in CATALOGUE}


def test_rule_meta_by_id() -> None:
    assert rule_meta("E1").concludes == "triage: emergency"
    with pytest.raises(KeyError):
        rule_meta("E99")


def test_text_catalogue_lists_every_rule_with_its_source() -> None:
    text = render_catalogue("text")
    for entry in catalogue_entries():
        assert f"\n{entry.id:<5} {entry.concludes}   [{entry.area}]\n" in text
    assert "      source: IDSA 2010\n" in text
    assert "  - IDSA 2010: Freifeld AG et al." in text


def test_json_catalogue_carries_full_citations() -> None:
    entries = json.loads(render_catalogue("json"))
    by_id = {entry["id"]: entry for entry in entries}
    assert len(entries) == len(CATALOGUE)
    assert by_id["E1"]["source"]["short"] == "IDSA 2010"
    assert by_id["E1"]["source"]["citation"].startswith("Freifeld AG et al.")
    assert by_id["E1"]["when"] == "fever (or possible fever) and ANC below 1,000"
    assert by_id["E1"]["section"] == "Triage: emergency"


def test_markdown_has_one_table_row_per_rule_and_every_cited_source() -> None:
    text = render_catalogue("markdown")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == len(CATALOGUE) + len(
        {entry.section for entry in catalogue_entries()}
    )  # one header row per section
    cited = {meta.source for meta in CATALOGUE}
    for source in load_knowledge().sources:
        assert (f'<a id="source-{source.id.replace("_", "-")}"></a>' in text) == (
            source.id in cited
        )


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'html'"):
        render_catalogue("html")


def test_docs_rules_md_is_in_sync_with_the_rules() -> None:
    """docs/rules.md is generated: regenerate with
    `triage rules --format markdown > docs/rules.md`."""
    assert RULES_MD.read_text(encoding="utf-8") == render_catalogue("markdown")


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_cli_rules_prints_the_catalogue(output_format: str) -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", output_format], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == render_catalogue(output_format)


def test_cli_rules_refuses_an_unknown_format() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "html"])
    assert result.exit_code == 2
    assert "'html' is not one of" in result.output
