"""The case as it arrives (pydantic, at the edge) and as the engine sees it.

:class:`CaseInput` holds exactly the field names of case-format.md (plus the score
inputs of the clinician scores). :func:`normalise` turns it into a
:class:`NormalisedCase` in engine units, or raises :class:`CaseRejected` listing every
bad field in plain words. Nothing past this module sees raw user input.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from triage.knowledge import FEELS_FEVERISH, Condition, load_knowledge
from triage.limits import MAX_ID_CHARS, MAX_LIST_ITEMS, MAX_TEXT_CHARS
from triage.medications import MedicationMatch, match_medications
from triage.medicine_use import MedicineUse, medicine_use
from triage.safetext import has_surrogate, valid_unicode
from triage.scores import SCORE_INPUT_FIELDS
from triage.text import degrees, plain_validation_message
from triage.thresholds import (
    CHILD_AGE_YEARS,
    CURRENT_COUNT_DAYS,
    FEVER_C,
    LONG_TERM_STEROID_DAYS,
    MONTHS_PER_YEAR,
    RECENT_CHEMO_DAYS,
)
from triage.units import (
    UnitError,
    UnknownUnit,
    anc_to_cells,
    parse_number,
    temperature_to_celsius,
    wbc_to_giga,
)
from triage.vocabulary import (
    UnknownTerm,
    read_condition,
    read_symptoms,
    read_up_reading,
    read_up_warning,
    resolve_condition,
)


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field, in plain words."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class CaseRejected(ValueError):
    """The case cannot be assessed; ``errors`` names every bad field."""

    def __init__(self, errors: list[FieldError], case_id: str | None = None):
        self.errors = errors
        self.case_id = case_id
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


def refuse_repeated_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads(object_pairs_hook=...)`` for a case: a field given twice is an error,
    never silently the last value (case files, the web API)."""
    names = [name for name, _ in pairs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"field {', '.join(repeated)} is given twice; keep one value")
    return dict(pairs)


def _split_list(value: Any) -> Any:
    """Accept a list, or one ``;``-separated string (CSV cells, CLI shorthands)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(";")
    if isinstance(value, list | tuple):
        cleaned: list[Any] = []
        for item in value:
            text = item.strip() if isinstance(item, str) else item
            if text != "" and text not in cleaned:
                cleaned.append(text)
        if len(cleaned) > MAX_LIST_ITEMS:
            raise ValueError(f"{len(cleaned):,} items: at most {MAX_LIST_ITEMS} may be given")
        return cleaned
    return value


_SURROGATE_PROBLEM = r"a lone surrogate (such as \ud800) is not text; remove it"


def _text_problem(value: Any, limit: int) -> str | None:
    """Why a string given for a field cannot be taken, or None (every field, every
    list item: the bound keeps echoed values short and each check fast)."""
    if has_surrogate(value):
        return _SURROGATE_PROBLEM
    if len(value) > limit:
        return f"{len(value):,} characters: at most {limit:,} may be given"
    return None


TermList = Annotated[list[str], BeforeValidator(_split_list)]
Finite = Field(allow_inf_nan=False)


class CaseInput(BaseModel):
    """One person's answers, exactly as case-format.md names them. All optional."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True, frozen=True
    )

    # Each description is the help of the field's `triage assess` option (cli.py builds
    # the options from this model); `option` names an option that is not the field name.
    case_id: str | None = Field(
        default=None,
        max_length=MAX_ID_CHARS,
        description="An id for this case, echoed in the output.",
    )
    anc: float | None = Field(
        default=None,
        ge=0,
        allow_inf_nan=False,
        description="Absolute neutrophil count (ANC), e.g. 800 (cells/uL) or 0.8 (10^9/L).",
    )
    anc_unit: str | None = Field(
        default=None,
        description="Unit of --anc: cells/uL or 10^9/L (also /uL, cells/mm3, K/uL, G/L …).",
    )
    anc_lln: float | None = Field(
        default=None,
        gt=0,
        le=10_000,
        allow_inf_nan=False,
        description="The lab's lower limit of normal for the ANC, cells/uL (CTCAE grade 1).",
    )
    wbc: float | None = Field(
        default=None,
        ge=0,
        allow_inf_nan=False,
        description="White blood cell count, 10^9/L unless --wbc-unit says otherwise.",
    )
    wbc_unit: str | None = Field(default=None, description="Unit of --wbc, as --anc-unit.")
    neutrophil_pct: float | None = Field(
        default=None,
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Segmented neutrophils, % of the white count (0–100).",
    )
    band_pct: float | None = Field(
        default=None,
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Band neutrophils, % of the white count (0–100).",
    )
    neutropenia_days: int | None = Field(
        default=None, ge=0, le=36_500, description="How many days the count has been low."
    )
    anc_falling: bool | None = Field(
        default=None, description="The count is expected to fall (nurse's judgement)."
    )
    temperature: float | None = Field(
        default=None,
        allow_inf_nan=False,
        description="Highest recent temperature, e.g. 38.4 or 101.2.",
    )
    temperature_unit: str | None = Field(
        default=None, description="C or F (inferred from the number when absent)."
    )
    fever_hours: float | None = Field(
        default=None,
        ge=0,
        le=24 * 365,
        allow_inf_nan=False,
        description="How many hours the temperature has stayed at 38.0 °C or more.",
    )
    days_since_chemo: int | None = Field(
        default=None,
        ge=0,
        le=36_500,
        description="Days since the last dose of any anticancer treatment (chemotherapy, "
        "immunotherapy, targeted therapy) or radiotherapy.",
    )
    days_since_count: int | None = Field(
        default=None,
        ge=0,
        le=36_500,
        description="How many days ago the count (ANC or white count) was taken; absent: current.",
    )
    steroids_long_term: bool | None = Field(
        default=None,
        description="Steroid tablets or injections daily for 14+ days at 20 mg prednisolone "
        "or more, or 4+ weeks at any dose.",
    )
    medications: TermList = Field(
        default_factory=list,
        description="A medicine, free text (repeatable): --med 'Tegretol 200 mg'.",
        json_schema_extra={"option": "med"},
    )
    symptoms: TermList = Field(
        default_factory=list,
        description="A symptom id or everyday words (repeatable). See `triage vocab`.",
        json_schema_extra={"option": "symptom"},
    )
    conditions: TermList = Field(
        default_factory=list,
        description="A condition id or everyday words (repeatable).",
        json_schema_extra={"option": "condition"},
    )
    age: int | None = Field(default=None, ge=0, le=120, description="Age in years.")
    age_months: int | None = Field(
        default=None,
        ge=0,
        le=120 * 12,
        description="Age in months, for a baby or toddler (a fever under 3 months is E10).",
    )
    duffy_null: bool | None = Field(
        default=None, description="Known Duffy-null associated neutrophil count."
    )
    # Clinician score inputs (MASCC, CISNE); see docs/scores.md.
    illness_burden: Literal["none", "mild", "moderate", "severe"] | None = Field(
        default=None, description="MASCC burden of illness: none, mild, moderate or severe."
    )
    systolic_bp_mmhg: float | None = Field(
        default=None,
        ge=20,
        le=300,
        allow_inf_nan=False,
        description="Systolic blood pressure, mmHg (MASCC hypotension < 90).",
    )
    copd: bool | None = Field(default=None, description="COPD (MASCC, CISNE).")
    cancer_type: Literal["solid", "haematological"] | None = Field(
        default=None, description="solid or haematological (MASCC)."
    )
    prior_fungal_infection: bool | None = Field(
        default=None, description="A previous fungal infection (MASCC)."
    )
    iv_fluids_needed: bool | None = Field(
        default=None, description="Dehydration needing IV fluids (MASCC)."
    )
    outpatient_at_fever_onset: bool | None = Field(
        default=None, description="An outpatient when the fever began (MASCC)."
    )
    ecog: int | None = Field(
        default=None, ge=0, le=4, description="ECOG performance status 0–4 (CISNE)."
    )
    stress_hyperglycemia: bool | None = Field(
        default=None, description="Stress hyperglycaemia (CISNE)."
    )
    chronic_cardiovascular_disease: bool | None = Field(
        default=None, description="Chronic cardiovascular disease (CISNE)."
    )
    mucositis_grade: int | None = Field(
        default=None, ge=0, le=4, description="Mucositis NCI grade 0–4 (CISNE)."
    )
    monocytes_per_ul: float | None = Field(
        default=None,
        ge=0,
        le=100_000,
        allow_inf_nan=False,
        description="Monocytes, cells/uL (CISNE).",
    )

    # Vague words read up as an emergency symptom ("lightheaded"), kept to warn about.
    _read_up_words: tuple[str, ...] = PrivateAttr(default=())
    # Symptom words read as denied or imagined ("no fever"): (the words, the ids).
    _denied: tuple[tuple[str, tuple[str, ...]], ...] = PrivateAttr(default=())
    # Conditions said only as history ("leukaemia in remission"): (id, the words said).
    _history: tuple[tuple[str, str], ...] = PrivateAttr(default=())

    @field_validator("*", mode="before")
    @classmethod
    def _plain_values(cls, value: Any, info: ValidationInfo) -> Any:
        """No true/false where a number belongs (JSON ``false`` is not ANC 0), no text
        that is not Unicode, and no string over its length limit."""
        name = info.field_name or ""
        if isinstance(value, bool) and name in _NUMBER_FIELDS:
            raise ValueError("true/false is not a number: give a number")
        if name in _LIST_FIELDS:
            items = value if isinstance(value, list | tuple) else [value]
            limit = MAX_TEXT_CHARS * (1 if isinstance(value, list | tuple) else MAX_LIST_ITEMS)
        else:
            items, limit = [value], MAX_ID_CHARS if name == "case_id" else MAX_TEXT_CHARS
        if isinstance(value, list | tuple) and len(value) > MAX_LIST_ITEMS:
            raise ValueError(f"{len(value):,} items: at most {MAX_LIST_ITEMS} may be given")
        for item in items:
            problem = _text_problem(item, limit) if isinstance(item, str) else None
            if problem:
                raise ValueError(problem)
        if name in _NUMBER_FIELDS and isinstance(value, str):
            return parse_number(value)  # the one number parser: "1,200", "0.8"
        return value

    @field_validator("symptoms")
    @classmethod
    def _known_symptoms(cls, terms: list[str]) -> list[str]:
        return _resolve_all(terms, lambda term: read_symptoms(term)[0])  # may say several

    @model_validator(mode="wrap")
    @classmethod
    def _remember_read_up_words(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        case = handler(data)
        if isinstance(data, Mapping) and isinstance(case, CaseInput):
            terms = _split_list(data.get("symptoms"))
            if isinstance(terms, list):
                read_up: list[str] = []
                denied: list[tuple[str, tuple[str, ...]]] = []
                for term in terms:
                    if not isinstance(term, str):
                        continue
                    if read_up_reading(term):
                        read_up.append(term)
                        continue
                    try:
                        _, not_said, words = read_symptoms(term)
                    except UnknownTerm:
                        continue
                    read_up += words
                    if not_said:
                        denied.append((term, tuple(not_said)))
                case._read_up_words = tuple(read_up)
                case._denied = tuple(denied)
            case._history = _history_only(_split_list(data.get("conditions")))
        return case

    @field_validator("conditions")
    @classmethod
    def _known_conditions(cls, terms: list[str]) -> list[str]:
        return _resolve_all(terms, resolve_condition)

    @model_validator(mode="after")
    def _differential_adds_up(self) -> CaseInput:
        if (self.neutrophil_pct or 0) + (self.band_pct or 0) > 100:
            raise ValueError(
                f"band_pct: segmented neutrophils ({self.neutrophil_pct:g} %) plus bands "
                f"({self.band_pct:g} %) add up to more than 100 %"
            )
        return self

    def says_something(self) -> bool:
        return any(
            value not in (None, [], ())
            for name, value in self.model_dump(exclude={"case_id"}).items()
        )


def _history_only(terms: Any) -> tuple[tuple[str, str], ...]:
    """The conditions said only as history ("leukaemia in remission, treated 10 years
    ago"): each id with the words said, unless the same id is also said as current."""
    if not isinstance(terms, list):
        return ()
    readings = []
    for term in terms:
        if not isinstance(term, str) or not term.strip():
            continue
        try:
            readings.append((read_condition(term), term))
        except ValueError:
            continue  # an unknown term is reported by the field's own validator
    current = {reading.id for reading, _ in readings if not reading.history}
    return tuple(
        sorted({(r.id, term) for r, term in readings if r.history and r.id not in current})
    )


_NUMBER_FIELDS = frozenset(
    name
    for name, info in CaseInput.model_fields.items()
    if info.annotation in (float | None, int | None)
)
_LIST_FIELDS = frozenset(("medications", "symptoms", "conditions"))


def _resolve_all(terms: list[str], resolve: Any) -> list[str]:
    resolved: list[str] = []
    problems: list[str] = []
    for term in terms:
        try:
            found = resolve(term)
        except UnknownTerm as unknown:
            problems.append(str(unknown))
            continue
        for term_id in found if isinstance(found, list) else [found]:
            if term_id not in resolved:
                resolved.append(term_id)
    if problems:
        raise ValueError("; ".join(problems))
    return sorted(resolved)


@dataclass(frozen=True)
class NormalisedCase:
    """A validated case in engine units: ANC in cells/µL, temperature in °C."""

    case_id: str
    anc: float | None
    anc_derivation: str | None
    anc_lln: float | None
    temperature_c: float | None
    fever_hours: float | None
    neutropenia_days: int | None
    anc_falling: bool | None
    days_since_chemo: int | None
    medications: tuple[MedicationMatch, ...]
    symptoms: tuple[str, ...]
    conditions: tuple[str, ...]
    age: int | None
    duffy_null: bool
    warnings: tuple[str, ...]
    score_inputs: Mapping[str, Any] = field(default_factory=dict)
    days_since_count: int | None = None
    steroids_long_term: bool | None = None
    age_months: int | None = None
    # How each recognised medicine counts for the rules (clinical-rules §6), in the
    # order of ``medications`` (None for one not recognised).
    medicine_uses: tuple[MedicineUse | None, ...] = ()
    # Conditions said only as history: kept and shown, never used by the rules.
    history: tuple[tuple[str, str], ...] = ()

    @property
    def child(self) -> bool:
        """Under 16 (clinical-rules §4, children)."""
        years = self.age_years
        return years is not None and years < CHILD_AGE_YEARS

    @property
    def age_years(self) -> int | None:
        if self.age is not None:
            return self.age
        return None if self.age_months is None else self.age_months // MONTHS_PER_YEAR


SCORE_FIELDS = tuple(sorted(SCORE_INPUT_FIELDS))


def unknown_field_message(name: str) -> str:
    """An unknown field named with the closest field name and every accepted one (the
    case-format names, which the ``triage assess`` options spell with hyphens)."""
    fields = list(CaseInput.model_fields)
    close = difflib.get_close_matches(name.lower().replace("-", "_"), fields, n=1, cutoff=0.7)
    guess = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown field{guess}; the field names are {', '.join(fields)}"


def _pydantic_errors(error: ValidationError) -> list[FieldError]:
    found: list[FieldError] = []
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        message = plain_validation_message(item)
        name = location[0] if location else "case"
        if not location and ":" in message and message.split(":", 1)[0].isidentifier():
            name, message = (part.strip() for part in message.split(":", 1))
        if item["type"] == "extra_forbidden":
            message = unknown_field_message(name)
        found.append(FieldError(name, message))
    return found


def parse_case(data: Mapping[str, Any] | CaseInput, default_id: str = "1") -> NormalisedCase:
    """Validate and normalise one case, or raise :class:`CaseRejected`."""
    if isinstance(data, CaseInput):
        case = data
    else:
        if not isinstance(data, Mapping):
            raise CaseRejected([FieldError("case", "a case must be a JSON object of fields")])
        unreadable = [name for name in data if isinstance(name, str) and has_surrogate(name)]
        if unreadable:  # pydantic cannot even name such a field
            raise CaseRejected(
                [FieldError(valid_unicode(name), _SURROGATE_PROBLEM) for name in unreadable],
                default_id,
            )
        try:
            case = CaseInput.model_validate(dict(data))
        except ValidationError as error:
            case_id = data.get("case_id")
            errors = _pydantic_errors(error) + _unit_errors_of_the_rest(data, error)
            raise CaseRejected(
                errors, str(case_id) if case_id is not None else default_id
            ) from None
    return normalise(case, default_id)


def _unit_errors_of_the_rest(data: Mapping[str, Any], error: ValidationError) -> list[FieldError]:
    """Report every bad field at once: check the units of the fields that passed the
    first stage too, so a person does not fix one field only to meet the next error."""
    bad = {str(item["loc"][0]) for item in error.errors() if item["loc"]}
    rest = {key: value for key, value in data.items() if key not in bad}
    try:
        normalise(CaseInput.model_validate(rest))
    except (ValidationError, CaseRejected) as more:
        if isinstance(more, CaseRejected):
            return [item for item in more.errors if item.field not in bad and item.field != "case"]
    return []


def normalise(case: CaseInput, default_id: str = "1") -> NormalisedCase:
    case_id = case.case_id or default_id
    errors: list[FieldError] = []
    warnings: list[str] = []
    if not case.says_something():
        raise CaseRejected(
            [FieldError("case", "the case is empty: give at least an ANC, a temperature, "
                        "a symptom, a condition or a medicine")],
            case_id,
        )  # fmt: skip

    anc, derivation = None, None
    if case.anc is not None:
        try:
            anc, warning = anc_to_cells(case.anc, case.anc_unit)
            derivation = f"given: {case.anc:g} {case.anc_unit or '(no unit)'}"
            if warning:
                warnings.append(warning)
        except UnitError as problem:
            errors.append(FieldError(_blame("anc", problem), str(problem)))
    elif case.anc_unit is not None:
        warnings.append("anc_unit given without anc: ignored")

    computed = _anc_from_differential(case, errors, warnings)
    if computed is not None:
        computed_anc, computed_how = computed
        if anc is None and not any(e.field == "anc" for e in errors):
            anc, derivation = computed_anc, computed_how
        elif anc is not None and abs(computed_anc - anc) > max(0.1 * anc, 50):
            # Two counts disagree: keep the lower one, because triage errs upwards.
            warnings.append(
                f"the ANC given ({anc:g} cells/µL) and the one computed from the white count "
                f"({computed_anc:g} cells/µL) disagree: the lower one is used"
            )
            if computed_anc < anc:
                anc, derivation = computed_anc, computed_how

    temperature_c = None
    if case.temperature is not None:
        try:
            temperature_c, warning = temperature_to_celsius(case.temperature, case.temperature_unit)
            if warning:
                warnings.append(warning)
        except UnitError as problem:
            errors.append(FieldError(_blame("temperature", problem), str(problem)))

    if errors:
        raise CaseRejected(errors, case_id)

    knowledge = load_knowledge()
    history = case._history
    historical = {condition_id for condition_id, _ in history}
    conditions = tuple(c for c in case.conditions if c not in historical)
    said = [knowledge.condition(c) for c in conditions]
    medications = tuple(match_medications(case.medications))
    uses = tuple(
        None if m.drug is None else medicine_use(m.drug, getattr(m, "local_route", False), said)
        for m in medications
    )
    warnings += _medicine_warnings(case, medications, uses, said)
    warnings += [
        f'"{words}" is kept as history: a past condition does not count as current'
        for _, words in history
    ]
    warnings += _symptom_warnings(case, temperature_c)
    if case.days_since_count is not None and case.days_since_count > CURRENT_COUNT_DAYS:
        warnings.append(
            f"the count was taken {case.days_since_count} days ago: it can still fall; "
            "ask for a new count"
        )

    return NormalisedCase(
        case_id=case_id,
        anc=anc,
        anc_derivation=derivation,
        anc_lln=case.anc_lln,
        temperature_c=temperature_c,
        fever_hours=case.fever_hours,
        neutropenia_days=case.neutropenia_days,
        anc_falling=case.anc_falling,
        days_since_chemo=case.days_since_chemo,
        medications=medications,
        symptoms=tuple(case.symptoms),
        conditions=conditions,
        age=case.age,
        duffy_null=bool(case.duffy_null),
        warnings=tuple(warnings),
        score_inputs={name: getattr(case, name) for name in SCORE_FIELDS},
        days_since_count=case.days_since_count,
        steroids_long_term=case.steroids_long_term,
        age_months=case.age_months,
        medicine_uses=uses,
        history=history,
    )


def _medicine_warnings(
    case: CaseInput,
    medications: tuple[MedicationMatch, ...],
    uses: tuple[MedicineUse | None, ...],
    conditions: list[Condition],
) -> list[str]:
    """How each medicine was read, where the reading matters (clinical-rules §1, §6)."""
    warnings: list[str] = []
    on_treatment = any(c.on_chemotherapy for c in conditions)
    for match, use in zip(medications, uses, strict=True):
        if match.drug is None or use is None:
            warnings.append(f'we did not recognise "{match.text}": tell your care team you take it')
            continue
        if match.how == "fuzzy":
            warnings.append(
                f'medicine "{match.text}" read as {match.drug.generic} (check the spelling)'
            )
        if use.reading:
            warnings.append(use.reading)
        if use.anticancer and not on_treatment:
            if case.days_since_chemo is None:
                warnings.append(
                    f"{match.drug.generic} is anticancer treatment and the date of the last "
                    "dose is not known: counted as current treatment to be safe; say when "
                    "the last dose was if it was more than 6 weeks ago"
                )
            elif case.days_since_chemo > RECENT_CHEMO_DAYS:
                warnings.append(
                    f"you listed {match.drug.generic}: it is counted as current anticancer "
                    "treatment; if you have stopped it, say when"
                )
        if use.steroid and not case.steroids_long_term:
            warnings.append(
                f"{match.drug.generic} is a steroid: it counts as weakening the immune system "
                f"only when taken by mouth or injection every day for more than "
                f"{LONG_TERM_STEROID_DAYS // 7} weeks"
            )
    return warnings


def _symptom_warnings(case: CaseInput, temperature_c: float | None) -> list[str]:
    """How vague words and a feverish feeling were read (clinical-rules §1, §10)."""
    warnings = [read_up_warning(word) for word in case._read_up_words]
    knowledge = load_knowledge()
    warnings += [
        f'"{words}": read as not having '
        + " or ".join(knowledge.symptom(symptom_id).label for symptom_id in ids)
        for words, ids in case._denied
    ]
    if FEELS_FEVERISH in case.symptoms:
        if temperature_c is None:
            warnings.append(
                "you feel hot, sweaty or shivery and no temperature was measured: counted "
                "as a possible fever, to be safe; take your temperature if you can"
            )
        elif temperature_c < FEVER_C:
            warnings.append(
                f"you feel hot, sweaty or shivery and your reading was {degrees(temperature_c)}:"
                f" below {degrees(FEVER_C)}, but the feeling still counts (see why); measure "
                "again now and again in one hour"
            )
    return warnings


def _blame(field_name: str, problem: UnitError) -> str:
    """An unknown unit is the fault of the ``*_unit`` field, anything else of the value."""
    return f"{field_name}_unit" if isinstance(problem, UnknownUnit) else field_name


def _anc_from_differential(
    case: CaseInput, errors: list[FieldError], warnings: list[str]
) -> tuple[float, str] | None:
    """ANC = WBC × (segs % + bands %) / 100, in cells/µL (clinical-rules.md §1)."""
    if case.wbc is None:
        if case.neutrophil_pct is not None or case.band_pct is not None:
            warnings.append("a differential without a white count (wbc) cannot give an ANC")
        return None
    if case.neutrophil_pct is None:
        warnings.append("wbc given without neutrophil_pct: the ANC cannot be computed")
        return None
    try:
        wbc = wbc_to_giga(case.wbc, case.wbc_unit)
    except UnitError as problem:
        errors.append(FieldError(_blame("wbc", problem), str(problem)))
        return None
    if case.wbc_unit is None:
        warnings.append(f"white count {case.wbc:g} has no unit: read as ×10⁹/L")
    bands = case.band_pct
    if bands is None:
        warnings.append("band neutrophils (band_pct) not given: counted as 0 %")
        bands = 0.0
    cells = round(wbc * (case.neutrophil_pct + bands) / 100 * 1000, 3)
    how = (
        f"computed: WBC {wbc:g} ×10⁹/L × (segs {case.neutrophil_pct:g} % + bands {bands:g} %)"
        f" / 100 = {cells:g} cells/µL"
    )
    return cells, how
