"""C rules: likely cause categories (clinical-rules.md §5), looked for only when the
person is neutropenic or the ANC is unknown. Which condition belongs to which category is
data (``vocabulary.toml``); which medicine is chemotherapy is the lexicon's class."""

from __future__ import annotations

from triage.knowledge import MARROW_CLASSES
from triage.rules import parts
from triage.rules.declare import AFTER_FINDINGS, cause, finding, rule
from triage.thresholds import RECENT_CHEMO_DAYS

BONE_MARROW = "bone_marrow_production"
LOOKING = parts.finding("cause_search", "a cause is looked for")

RULES = (
    rule(
        "C0",
        parts.any_of(
            "neutropenic, or the ANC is unknown (never for a normal count)",
            parts.neutropenic(),
            parts.anc_unknown(),
        ),
        then=finding("cause_search", "look for a cause"),
        because="the count is low or unknown, so possible causes are listed",
        source="gibson2014",
        phase=AFTER_FINDINGS,  # reads the finding "neutropenic"
        doc="C0: causes are looked for only when the count is low or unknown (clinical-rules §5).",
    ),
    rule(
        "C1",
        LOOKING,
        parts.any_of(
            "a medicine in the lexicon that is not chemotherapy, targeted or immunotherapy, "
            "or one taken for another reason than cancer",
            parts.drug_class_other_than(MARROW_CLASSES, "a medicine that is not anticancer"),
            parts.medicine_not_anticancer("a medicine taken for another reason than cancer"),
        ),
        then=cause("medication", lambda generic: generic, "medication"),
        because=lambda generic, drug_class: (
            f"{generic} ({drug_class.replace('_', ' ')}) can lower the count"
        ),
        source="gibson2014",
        when="a medicine in the lexicon that is not chemotherapy, targeted or immunotherapy, "
        "or one taken for another reason than cancer (methotrexate for arthritis)",
        doc="""C1: a medicine not taken as anticancer treatment (methotrexate for arthritis
        too) can lower the count (Gibson & Berliner 2014; Andersohn 2007).""",
    ),
    rule(
        "C2",
        LOOKING,
        parts.condition_with_category(),
        then=cause(lambda category: category, lambda label: label, "the condition's category"),
        because=lambda category, label: (
            f"{label} can lower the count ({category.replace('_', ' ')})"
        ),
        source="gibson2014",
        when="a condition linked to a cause category (bone marrow, immune, infection, nutrition)",
        doc="""C2: conditions known to lower the count, by category (Gibson &
        Berliner 2014).""",
    ),
    rule(
        "C3",
        LOOKING,
        parts.chemo_within(RECENT_CHEMO_DAYS, f"chemotherapy in the last {RECENT_CHEMO_DAYS} days"),
        then=cause(
            BONE_MARROW,
            lambda days: f"anticancer treatment {days} days ago",
            "bone marrow production",
        ),
        because=lambda days: f"anticancer treatment {days} days ago can slow the bone marrow",
        source="asco_idsa2018",
        when=f"chemotherapy in the last {RECENT_CHEMO_DAYS} days",
        doc="C3: recent chemotherapy slows the bone marrow (ASCO/IDSA 2018).",
    ),
    rule(
        "C4",
        LOOKING,
        parts.drug_class_in(MARROW_CLASSES, "an anticancer drug among the medicines"),
        then=cause(BONE_MARROW, lambda generic: generic, "bone marrow production"),
        because=lambda generic: f"{generic} is anticancer treatment that can slow the bone marrow",
        source="gibson2014",
        when="a chemotherapy, targeted or immunotherapy drug among the medicines",
        doc="""C4: chemotherapy drugs slow the bone marrow; targeted and immunotherapy drugs
        can too (Gibson & Berliner 2014; NCI Drug Dictionary).""",
    ),
)
