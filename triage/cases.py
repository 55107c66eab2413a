"""The case library: teaching vignettes read from ``triage/data/teaching/NN-slug.toml``.

Each file is one telephone story with its case-format inputs and the expected answers
(see ``examples/README.md``). Files are validated with pydantic when first loaded (once
per process, :func:`load_vignettes`); a broken file fails loudly, naming the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from triage.knowledge import CauseCategory, load_knowledge
from triage.levels import TriageName
from triage.models import CaseInput
from triage.text import wrap

TEACHING_PACKAGE = "triage.data"
TEACHING_FOLDER = "teaching"
FILE_NAME = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.toml$")


class VignetteError(ValueError):
    """A teaching file that cannot be read or does not follow the format."""


class VignetteNotFound(LookupError):
    """No vignette has the id or number asked for."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expected(_Strict):
    """The answers the vignette teaches (checked against the engine by the data tests)."""

    triage: TriageName
    severity: Literal["normal", "mild", "moderate", "severe", "profound", "unknown"]
    infection_risk: Literal["low", "moderate", "high", "very_high", "unknown"]
    causes: tuple[CauseCategory, ...] = Field(description="[] = no cause category reported")
    febrile_neutropenia: bool | None = None


class Vignette(_Strict):
    """One teaching vignette: a story, the case it describes, and the expected answers."""

    number: int = Field(ge=0, le=99, description="NN of the file name: the library order")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    story: str = Field(min_length=10)
    rules: tuple[str, ...]
    teaching_note: str = Field(min_length=10)
    source: str
    case: dict[str, Any]
    expected: Expected

    @model_validator(mode="after")
    def _cross_check(self) -> Vignette:
        from triage.catalogue import rule_catalogue

        source_ids = {source.id for source in load_knowledge().sources}
        if self.source not in source_ids:
            raise ValueError(f"source {self.source!r} is not in sources.toml")
        rule_ids = {meta.id for meta in rule_catalogue()}
        unknown = [rule_id for rule_id in self.rules if rule_id not in rule_ids]
        if unknown:
            raise ValueError(f"unknown rule ids in rules: {', '.join(unknown)}")
        CaseInput.model_validate(self.case)  # field names and types, vocabulary terms
        return self

    def case_input(self) -> CaseInput:
        return CaseInput.model_validate(self.case)


def _teaching_files() -> list[Any]:
    folder = resources.files(TEACHING_PACKAGE).joinpath(TEACHING_FOLDER)
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )


def parse_vignette(file_name: str, text: str) -> Vignette:
    """Validate one teaching file's text; :class:`VignetteError` names the file."""
    name = FILE_NAME.match(file_name)
    if name is None:
        raise VignetteError(f"{file_name}: the file name must be NN-slug.toml (e.g. 01-fever.toml)")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise VignetteError(f"{file_name}: not valid TOML: {error}") from None
    if data.get("id") != name["slug"]:
        raise VignetteError(
            f"{file_name}: id {data.get('id')!r} must be the file name without NN- and .toml "
            f"({name['slug']!r})"
        )
    try:
        return Vignette.model_validate({**data, "number": int(name["number"])})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or 'file'}: {item['msg']}"
            for item in error.errors()
        )
        raise VignetteError(f"{file_name}: {problems}") from None


@cache
def load_vignettes() -> tuple[Vignette, ...]:
    """Every teaching vignette, validated, in file-name order (loaded once per process)."""
    vignettes = tuple(
        parse_vignette(entry.name, entry.read_text(encoding="utf-8")) for entry in _teaching_files()
    )
    for kind, values in (
        ("id", [v.id for v in vignettes]),
        ("number", [f"{v.number:02d}" for v in vignettes]),
    ):
        duplicates = sorted({value for value in values if values.count(value) > 1})
        if duplicates:
            raise VignetteError(f"teaching files share an {kind}: {', '.join(duplicates)}")
    return vignettes


def get_vignette(key: str) -> Vignette:
    """A vignette by id (``fever-after-chemo``) or number (``1``, ``01``)."""
    wanted = key.strip().lower()
    for vignette in load_vignettes():
        if wanted == vignette.id or (wanted.isdigit() and int(wanted) == vignette.number):
            return vignette
    close = [v.id for v in load_vignettes() if wanted and wanted in v.id]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    raise VignetteNotFound(f"no teaching case {key!r}{hint} (`triage cases list` shows them all)")


# ------------------------------------------------------------------ text


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return wrap(text, indent)


LIST_INDENT = " " * 15  # under the id: "NN  triage     "


def render_case_list(vignettes: Iterable[Vignette]) -> str:
    """Each vignette: number, expected triage and id, then its title under the id (two
    lines, so that a long id and title fit 80 columns), then how to show one."""
    lines = [f"{'NN':<3} {'triage':<10} id, then title"]
    for v in vignettes:
        lines.append(f"{v.number:02d}  {v.expected.triage:<10} {v.id}")
        lines += wrap(v.title, LIST_INDENT, LIST_INDENT)
    lines += ["", "Show one: triage cases show ID (or its number), --answer for the engine's."]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value) if value else "none"
    return str(value)


def render_vignette(vignette: Vignette) -> str:
    """The vignette for a reader: story, inputs, expected answers, note and source."""
    source = load_knowledge().source(vignette.source)
    expected = vignette.expected
    lines = [
        *wrap(f"{vignette.number:02d} {vignette.id}: {vignette.title}", "   ", ""),
        "",
        "Story:",
    ]
    lines += _wrap(vignette.story)
    lines += ["", "Inputs (case-format fields):"]
    for name, value in vignette.case.items():
        lines += wrap(f"{name}: {_value(value)}", "      ", "  ")
    answers = [
        ("triage", expected.triage),
        ("severity", expected.severity),
        ("infection risk", expected.infection_risk),
        ("causes", _value(list(expected.causes))),
    ]
    if expected.febrile_neutropenia is not None:
        answers.append(("febrile neutropenia", _value(expected.febrile_neutropenia)))
    answers.append(
        ("triage rules", ", ".join(vignette.rules) or "none of E1–E5, U1–U8, S1–S6 fires")
    )
    lines += ["", "Expected answers:"]
    for name, value in answers:
        lines += wrap(f"{name + ':':<21}{value}", " " * 23, "  ")
    lines += ["", "Teaching note:", *_wrap(vignette.teaching_note)]
    lines += ["", f"Source: {source.short}", *_wrap(source.citation)]
    return "\n".join(lines) + "\n"


def disagreements(vignette: Vignette, assessment: Any) -> list[str]:
    """Where the engine's assessment differs from the vignette's expected answers."""
    expected = vignette.expected
    found: dict[str, tuple[Any, Any]] = {
        "triage": (expected.triage, assessment.triage),
        "severity": (expected.severity, assessment.severity),
        "infection_risk": (expected.infection_risk, assessment.infection_risk),
        "causes": (
            sorted(expected.causes),
            sorted(c.category for c in assessment.cause_categories),
        ),
    }
    if expected.febrile_neutropenia is not None:
        found["febrile_neutropenia"] = (
            expected.febrile_neutropenia,
            assessment.febrile_neutropenia,
        )
    return [
        f"{name}: expected {_value(want)}, the engine says {_value(got)}"
        for name, (want, got) in found.items()
        if want != got
    ]
