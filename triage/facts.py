"""Thin experta facts: what the case says (inputs) and what the rules conclude.

Input facts are declared by :mod:`triage.engine` from a normalised case; a fact is
declared only when its value is known (rules about unknown values match
``Count(unknown=True)``). Every conclusion carries the id of the rule that made it
and a plain-words ``because``, so explanations are built from facts, never from logs.
"""

from __future__ import annotations

from triage._experta import Fact, Field

# Inputs -------------------------------------------------------------------------


class Count(Fact):
    """The ANC in cells/µL (``anc``), or ``unknown=True`` when none is known."""

    anc = Field(float, mandatory=False)
    unknown = Field(bool, mandatory=False)


class Temperature(Fact):
    """The highest recent temperature, °C."""

    celsius = Field(float, mandatory=True)


class FeverDuration(Fact):
    """Hours the temperature has stayed at or above the fever threshold."""

    hours = Field(float, mandatory=True)


class NeutropeniaDuration(Fact):
    """Days the count has been low."""

    days = Field(int, mandatory=True)


class Chemotherapy(Fact):
    """Days since the last chemotherapy dose."""

    days = Field(int, mandatory=True)


class CountAge(Fact):
    """How many days ago the count was taken (declared only when given)."""

    days = Field(int, mandatory=True)


class Age(Fact):
    """The person's age, when known: ``years`` (from ``age``, or months // 12) and
    ``months`` (given, or years × 12 from one year up; absent for age 0 without
    months)."""

    years = Field(int, mandatory=True)
    months = Field(int, mandatory=False)


class LongTermSteroids(Fact):
    """Steroid tablets or injections taken long term (``steroids_long_term``)."""


class LabLowerLimit(Fact):
    """The lab's lower limit of normal for the ANC, cells/µL."""

    anc = Field(float, mandatory=True)


class Person(Fact):
    """Always declared: whether the person has a Duffy-null associated neutrophil count."""

    duffy_null = Field(bool, mandatory=True)


class CountFalling(Fact):
    """A nurse judged that the count is expected to fall."""


class Symptom(Fact):
    """A symptom, with its group from the vocabulary."""

    id = Field(str, mandatory=True)
    label = Field(str, mandatory=True)
    group = Field(str, mandatory=True)
    agranulocytosis_sign = Field(bool, mandatory=True)
    # E8 counts distinct signs: the sign this symptom counts as (absent: not counted).
    sign = Field(str, mandatory=False)


class Condition(Fact):
    """A condition or treatment, with its flags from the vocabulary."""

    id = Field(str, mandatory=True)
    label = Field(str, mandatory=True)
    category = Field(str, mandatory=False)
    neutropenia_prone = Field(bool, mandatory=True)
    on_chemotherapy = Field(bool, mandatory=True)
    systemic = Field(bool, mandatory=True)
    immunosuppressing = Field(bool, mandatory=True)
    vascular_access = Field(bool, mandatory=True)
    transplant_may_help = Field(bool, mandatory=True)


class Medication(Fact):
    """A recognised medicine, with its class and monitoring programme from the lexicon
    and how it counts for this person (:mod:`triage.medicine_use`): anticancer,
    immunosuppressant, and ``warning``, what to do under its agranulocytosis warning."""

    generic = Field(str, mandatory=True)
    drug_class = Field(str, mandatory=True)
    monitoring = Field(str, mandatory=False)
    late_onset = Field(bool, mandatory=True)
    anticancer = Field(bool, mandatory=True)
    immunosuppressant = Field(bool, mandatory=True)
    warning = Field(str, mandatory=False)
    # An inhaled, nasal, skin, eye or joint form: it lowers no blood count (no cause).
    local = Field(bool, mandatory=True)


# Conclusions --------------------------------------------------------------------


class Conclusion(Fact):
    """Base of every conclusion: which rule, and why in plain words."""

    rule = Field(str, mandatory=True)
    because = Field(str, mandatory=True)


class Finding(Conclusion):
    """A named intermediate fact (``fever``, ``recent_chemo``, ``neutropenic`` …).
    ``words`` names it in rules' becauses where it can be said two ways (a measured
    fever, or a possible fever)."""

    name = Field(str, mandatory=True)
    words = Field(str, mandatory=False)


class Severity(Conclusion):
    level = Field(str, mandatory=True)


class CtcaeGrade(Conclusion):
    grade = Field(int, mandatory=True)


class InfectionRisk(Conclusion):
    level = Field(str, mandatory=True)


class TriageLevel(Conclusion):
    level = Field(str, mandatory=True)


class FebrileNeutropenia(Conclusion):
    """The IDSA definition of febrile neutropenia is met."""


class Cause(Conclusion):
    category = Field(str, mandatory=True)
    evidence = Field(str, mandatory=True)


class Guidance(Conclusion):
    topic = Field(str, mandatory=True)


class RedFlag(Conclusion):
    text = Field(str, mandatory=True)
