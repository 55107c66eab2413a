"""RF rules: the warning signs a patient reported, listed for them (red flags): a fever
and a low temperature, with the reading. Emergency symptoms are flagged by N11."""

from __future__ import annotations

from triage.rules import parts
from triage.rules.declare import red_flag, rule
from triage.text import degrees

RULES = (
    rule(
        "RF1",
        parts.finding("measured_fever", "measured fever"),
        parts.measured_temperature(),
        then=red_flag(lambda celsius: f"fever: {degrees(celsius)}", "fever"),
        because="a fever is a warning sign",
        source="acs_nci_patient",
        when="a measured fever",
        doc="RF1: a fever is a red flag to report (ACS/NCI patient pages).",
    ),
    rule(
        "RF3",
        parts.finding("fever", "possible fever"),
        parts.no_finding("measured_fever", "measured fever"),
        parts.measured_temperature(),
        then=red_flag(
            lambda celsius: (
                f"feeling hot, sweaty or shivery with a reading of {degrees(celsius)}: "
                "a possible fever"
            ),
            "possible fever",
        ),
        because="a possible fever is a warning sign",
        source="alert_cards",
        when="a possible fever beside a reading below the fever line",
        doc="""RF3: feeling feverish or shivery, counted as a possible fever, is a red flag to
        report, with the reading (NHS acute-oncology alert cards).""",
    ),
    rule(
        "RF2",
        parts.finding("low_temperature", "low temperature"),
        parts.measured_temperature(),
        then=red_flag(lambda celsius: f"low temperature: {degrees(celsius)}", "low temperature"),
        because="a low temperature is a warning sign",
        source="esmo2016",
        when="low temperature",
        doc="RF2: a low temperature is a red flag to report (ESMO 2016).",
    ),
)
