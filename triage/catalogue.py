"""The rule catalogue for people: every rule's id, area, conclusion, conditions in plain
words and source, rendered as text, Markdown or JSON (``triage rules``).

Everything here is read from the rules themselves (:func:`rule_catalogue`)
and from ``sources.toml``; nothing is a hand-kept copy, so the catalogue cannot drift
from the engine. ``docs/rules.md`` is this module's Markdown output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from triage.knowledge import Source, load_knowledge
from triage.levels import TRIAGE_LEVELS
from triage.rules import SECTIONS, all_rules, family_of, rule_sort_key, section_of
from triage.text import wrap


@dataclass(frozen=True)
class RuleMeta:
    """What the catalogue says about one rule, read from its declaration."""

    id: str
    area: str
    concludes: str
    when: str
    source: str
    doc: str


def rule_catalogue() -> list[RuleMeta]:
    """Every rule's metadata, read from the declarations, in the stable rule order."""
    entries = []
    for declared in all_rules():
        family = family_of(declared.id)
        entries.append(
            RuleMeta(
                id=declared.id,
                area=family.module.replace("_", " ") if family else "",
                concludes=declared.concludes,
                when=declared.condition_words,
                source=declared.source,
                doc=declared.doc,
            )
        )
    return entries


FORMATS = ("text", "markdown", "json")

# Sections (triage.rules.FAMILIES) are in the order of dependency: what the case says,
# what follows from it, then what to do.
SPEC_TRIAGE_FAMILIES = ("E", "U", "S")  # the rules clinical-rules.md §4 numbers
TRIAGE_CONCLUSION = re.compile(rf"^triage: ({'|'.join(TRIAGE_LEVELS)})$")


@dataclass(frozen=True)
class CatalogueEntry:
    """One rule as the catalogue shows it, with its source resolved."""

    id: str
    area: str
    section: str
    concludes: str
    when: str
    why: str
    source: Source

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "area": self.area,
            "section": self.section,
            "concludes": self.concludes,
            "when": self.when,
            "why": self.why,
            "source": self.source.model_dump(),
        }


def rule_family(rule_id: str) -> str:
    """``E1`` -> ``E``, ``SEV3`` -> ``SEV``."""
    return rule_id.rstrip("0123456789")


def section_order(title: str) -> int:
    return SECTIONS.index(title) if title in SECTIONS else len(SECTIONS)


def triage_level_of(meta: RuleMeta) -> str | None:
    """The triage level a rule concludes (``"emergency"``…), or None for other rules."""
    match = TRIAGE_CONCLUSION.match(meta.concludes)
    return match.group(1) if match else None


def is_spec_triage_rule(rule_id: str) -> bool:
    """E1–E5, U1–U8, S1–S6: the numbered triage rules of clinical-rules.md §4."""
    return rule_family(rule_id) in SPEC_TRIAGE_FAMILIES


def _why(meta: RuleMeta) -> str:
    """The docstring without its leading ``"E1: "``, on one line."""
    text = " ".join(meta.doc.split()).removeprefix(f"{meta.id}: ")
    return text[:1].upper() + text[1:]


def catalogue_entries() -> list[CatalogueEntry]:
    """Every rule, in section order, then in the stable rule order."""
    knowledge = load_knowledge()
    entries = [
        CatalogueEntry(
            id=meta.id,
            area=meta.area,
            section=section_of(meta.id),
            concludes=meta.concludes,
            when=meta.when,
            why=_why(meta),
            source=knowledge.source(meta.source),
        )
        for meta in rule_catalogue()
    ]
    return sorted(entries, key=lambda e: (section_order(e.section), rule_sort_key(e.id)))


@cache
def rules_by_id() -> Mapping[str, RuleMeta]:
    """Every rule's metadata by id, in catalogue order; read from the rules once, since
    explanations and the interview look rules up for every record or question."""
    return MappingProxyType({meta.id: meta for meta in rule_catalogue()})


def rule_meta(rule_id: str) -> RuleMeta:
    """One rule's metadata by id; :class:`KeyError` if there is no such rule."""
    return rules_by_id()[rule_id]


def _by_section(entries: Iterable[CatalogueEntry]) -> list[tuple[str, list[CatalogueEntry]]]:
    grouped: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.section, []).append(entry)
    return sorted(grouped.items(), key=lambda item: section_order(item[0]))


def _cited_sources(entries: list[CatalogueEntry]) -> list[Source]:
    cited = {entry.source.id for entry in entries}
    return [source for source in load_knowledge().sources if source.id in cited]


def render_catalogue(output_format: str = "text") -> str:
    """The whole catalogue as ``text``, ``markdown`` or ``json``."""
    entries = catalogue_entries()
    if output_format == "json":
        return json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2) + "\n"
    if output_format == "markdown":
        return _markdown(entries)
    if output_format == "text":
        return _text(entries)
    raise ValueError(f"unknown format {output_format!r}: use one of {', '.join(FORMATS)}")


def _wrap(text: str, indent: str, first: str) -> list[str]:
    return wrap(text, indent, first)


def _text(entries: list[CatalogueEntry]) -> str:
    lines = [
        f"Rule catalogue: {len(entries)} rules, in the order they depend on each other.",
        "E, U and S rules are the numbered triage rules of the clinical specification;",
        "the result is the highest level any of them gives (none: routine).",
    ]
    for title, members in _by_section(entries):
        lines += ["", title, "-" * len(title)]
        for entry in members:
            lines.append(f"{entry.id:<5} {entry.concludes}   [{entry.area}]")
            lines += _wrap(f"when: {entry.when}", " " * 12, "      ")
            lines += _wrap(f"why:  {entry.why}", " " * 12, "      ")
            lines.append(f"      source: {entry.source.short}")
    lines += ["", "Sources", "-------"]
    for source in _cited_sources(entries):
        lines += _wrap(f"{source.short}: {source.citation}", "    ", "  - ")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _anchor(source: Source) -> str:
    return f"source-{source.id.replace('_', '-')}"


def _markdown(entries: list[CatalogueEntry]) -> str:
    lines = [
        "# Rule catalogue",
        "",
        "<!-- Generated by `triage rules --format markdown`; do not edit by hand. "
        "tests/test_catalogue.py fails when this file is out of date. -->",
        "",
        f"Every rule of the engine ({len(entries)} rules), read from the rules themselves, "
        "in the order they depend on each other: findings from the case first, then "
        "severity, risk and causes, then the triage level, red flags and guidance.",
        "",
        "The numbered triage rules of the clinical specification are E1–E5 (emergency), "
        "U1–U8 (urgent) and S1–S6 (soon). The result is the **highest** level that any "
        "rule gives; with none, T0 gives routine. To see which rules fired for one case, "
        "and which did not and why, use `triage assess ... --explain`.",
    ]
    for title, members in _by_section(entries):
        lines += [
            "",
            f"## {title}",
            "",
            "| rule | concludes | when | why | area | source |",
            "|---|---|---|---|---|---|",
        ]
        for e in members:
            link = f"[{_cell(e.source.short)}](#{_anchor(e.source)})"
            lines.append(
                f"| {e.id} | {_cell(e.concludes)} | {_cell(e.when)} | {_cell(e.why)} "
                f"| {_cell(e.area)} | {link} |"
            )
    lines += ["", "## Sources", ""]
    for source in _cited_sources(entries):
        lines.append(f'- <a id="{_anchor(source)}"></a>**{source.short}**: {source.citation}')
    return "\n".join(lines) + "\n"
