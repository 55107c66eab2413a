"""RF rules: the warning signs a patient reported, listed for them (red flags): a fever
and a low temperature, with the reading. Emergency symptoms are flagged by N11."""

from __future__ import annotations

from triage.rules import parts
from triage.rules.declare import red_flag, rule
from triage.text import degrees

RULES = (
    rule(
        "RF1",
        parts.finding("fever", "fever"),
        parts.measured_temperature(),
        then=red_flag(lambda celsius: f"fever: {degrees(celsius)}", "fever"),
        because="a fever is a warning sign",
        source="acs_nci_patient",
        when="fever",
        doc="RF1: a fever is a red flag to report (ACS/NCI patient pages).",
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
