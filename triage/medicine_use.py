"""How a recognised medicine counts for the rules (clinical-rules §6, rev.): its flags
from the lexicon, read with the person's conditions and the way it is taken.

- A local form (an inhaler, a cream, eye drops, a joint injection, or a brand that is
  only such a form) counts for nothing: it does not weaken the immune system.
- A dual-use medicine (methotrexate, mercaptopurine, azathioprine ...) is anticancer
  treatment when the person has a cancer or is on anticancer treatment, or when no
  condition is given at all (to be safe: the interview asks what it is for); otherwise
  it is an immunosuppressant, and its blood-count warning applies (NICE NG253 1.1.9
  names immunosuppressant treatment "for reasons unrelated to cancer" separately).
- A steroid by mouth or injection counts only when taken long term; that is the
  ``steroids_long_term`` answer, read by the rules, not a property of the medicine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from triage.knowledge import Condition, Drug, WarningAdvice


@dataclass(frozen=True)
class MedicineUse:
    """What the rules read of one medicine; ``reading`` says how it was read when the
    reading depended on something else (shown as a warning)."""

    anticancer: bool
    immunosuppressant: bool
    steroid: bool
    warning_advice: WarningAdvice | None
    reading: str = ""


def medicine_use(drug: Drug, local_route: bool, conditions: Iterable[Condition]) -> MedicineUse:
    """The flags of ``drug`` for this person (see the module's docstring)."""
    if drug.local_form or local_route:
        flagged = drug.anticancer or drug.immunosuppressant or drug.steroid
        reading = (
            f"{drug.generic} used on the skin, in the eyes, nose, lungs or a joint does not "
            "weaken the immune system: not counted as a tablet or injection"
            if flagged
            else ""
        )
        return MedicineUse(False, False, False, None, reading)
    warning = drug.warning_advice if drug.agranulocytosis_warning else None
    if not drug.dual_use:
        return MedicineUse(
            drug.anticancer, drug.immunosuppressant, drug.steroid, warning, reading=""
        )
    said = list(conditions)
    cancer = [c.label for c in said if c.cancer or c.systemic]
    if cancer:
        return MedicineUse(
            True, False, drug.steroid, None, f"{drug.generic} with {cancer[0]}: anticancer"
        )
    if not said:
        return MedicineUse(
            True,
            False,
            drug.steroid,
            None,
            f"{drug.generic} is used both for cancer and for other conditions; with no "
            "condition given it is counted as anticancer treatment, to be safe: say what "
            "it is for",
        )
    return MedicineUse(
        False,
        True,
        drug.steroid,
        warning,
        f"{drug.generic} with {said[0].label}: counted as a medicine that weakens the "
        "immune system",
    )
