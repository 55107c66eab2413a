"""Unit handling for counts and temperatures (clinical-rules.md §1).

Pure functions: each returns the value in the engine's unit (cells/µL, °C) plus an
optional warning, or raises :class:`UnitError` with a plain-words message.
"""

from __future__ import annotations

import re
from typing import Literal

from triage.thresholds import (
    ANC_MAX_CELLS,
    ANC_NO_UNIT_CELLS_MIN,
    ANC_NO_UNIT_GIGA_MAX,
    CELLS_PER_GIGA,
    TEMP_NO_UNIT_C,
    TEMP_NO_UNIT_F,
    TEMP_PLAUSIBLE_C,
    WBC_MAX_GIGA,
    WBC_NO_UNIT_AMBIGUOUS_MIN,
)

CountUnit = Literal["cells/uL", "10^9/L"]
TemperatureUnit = Literal["C", "F"]

# Spellings seen on lab printouts, after _squash(): lower case, no spaces, µ/μ/mc → u,
# × → x, superscripts → ^n, a leading "x" dropped.
_COUNT_UNIT_ALIASES: dict[str, CountUnit] = {
    **dict.fromkeys(
        ["cells/ul", "/ul", "cells/mm3", "/mm3", "cells/mm^3", "/mm^3", "cell/ul", "per ul"],
        "cells/uL",
    ),
    **dict.fromkeys(
        [
            "10^9/l", "10*9/l", "10e9/l", "g/l", "giga/l",
            "k/ul", "10^3/ul", "10*3/ul", "10e3/ul", "10^3/mm3", "10^3/mm^3",
            "thou/ul", "thousand/ul", "k/mm3", "k/mcl",
        ],
        "10^9/L",
    ),
}  # fmt: skip

_SUPERSCRIPTS = str.maketrans({"⁹": "^9", "³": "^3", "µ": "u", "μ": "u", "×": "x"})


# One grammar of numbers as people and lab printouts write them, for both readers below:
# "1200", "1,200" and "1 200" (thousands grouped by a comma or a space), "0.8", ".8",
# "38,4" (a decimal comma).
_GROUPED = r"\d{1,3}(?:(?P<sep>[, ])\d{3})(?:(?P=sep)\d{3})*(?:\.\d+)?"
_NUMBER_TEXT = rf"{_GROUPED}|\d+(?:[.,]\d+)?|[.,]\d+"
_WHOLE_NUMBER = re.compile(rf"[+-]?(?:{_NUMBER_TEXT})")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})


def _to_float(digits: str) -> float:
    """Grouped thousands lose their separators; otherwise a comma is a decimal point."""
    sign = -1.0 if digits.startswith("-") else 1.0
    digits = digits.lstrip("+-")
    if re.fullmatch(_GROUPED, digits):
        return sign * float(digits.replace(",", "").replace(" ", ""))
    return sign * float(digits.replace(",", "."))


def parse_number(text: str) -> float:
    """A whole answer that is one number, for every field read from text (options, case
    files, CSV cells): "1,200" and "1 200" are twelve hundred, "0.8", ".8" and "38,4"
    are decimals. Raises :class:`ValueError` with a plain message for anything else.
    (:func:`read_number` reads a number at the start of an interview answer.)"""
    cleaned = " ".join(str(text).translate(_SPACES).split())
    if _WHOLE_NUMBER.fullmatch(cleaned):
        return _to_float(cleaned)
    raise ValueError(
        f"{cleaned!r} is not a number: write it like 1200, 1,200 or 0.8"
        if cleaned
        else "no number given: write it like 1200, 1,200 or 0.8"
    )


class UnitError(ValueError):
    """A value whose unit is unknown, ambiguous or implausible."""


class UnknownUnit(UnitError):
    """The unit itself is not one we know (the fault is in the ``*_unit`` field)."""


def _squash(unit: str) -> str:
    text = unit.strip().translate(_SUPERSCRIPTS).lower().replace(" ", "")
    text = text.replace("mcl", "ul").replace("microl", "ul")
    text = re.sub(r"^x(?=10)", "", text)
    return text


def parse_count_unit(unit: str) -> CountUnit:
    """Map a count unit as written on a lab printout to ``cells/uL`` or ``10^9/L``."""
    squashed = _squash(unit)
    if squashed.startswith("per"):
        squashed = squashed[3:]
    found = _COUNT_UNIT_ALIASES.get(squashed)
    if found is None:
        raise UnknownUnit(
            f'unknown unit "{unit}": use cells/uL (also /uL, cells/mm3) '
            "or 10^9/L (also K/uL, 10^3/uL, G/L, x10^9/L)"
        )
    return found


class NotANumber(ValueError):
    """Text that does not start with a number (``negative``: it starts with a minus)."""

    def __init__(self, text: str, negative: bool = False) -> None:
        self.negative = negative
        super().__init__(f"{text!r} is not a number" + (" of zero or more" if negative else ""))


_NUMBER = re.compile(
    r"^(?:about|around|approx\.?|approximately|~)?\s*"
    rf"(?P<number>{_NUMBER_TEXT})\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


# Labels printed before a value on a lab printout or a thermometer reading, and the
# case field each names ("neutrophils" alone can be the count or the percentage).
PRINTOUT_LABELS: dict[str, str] = {
    **dict.fromkeys(
        ["anc", "abs neut", "abs neuts", "absolute neutrophils", "absolute neutrophil count",
         "neut#", "neut #", "neuts#", "neutrophils#", "neutrophils (absolute)", "agc"],
        "anc",
    ),
    **dict.fromkeys(
        ["wbc", "white cells", "white cell count", "white blood cells", "white count",
         "white blood cell count", "leukocytes", "leucocytes", "total wbc"],
        "wbc",
    ),
    **dict.fromkeys(["neutrophils", "neutrophil", "neut", "neuts"], "neutrophils"),
    **dict.fromkeys(
        ["neut%", "neut %", "neutrophils%", "neutrophils %", "segs", "seg", "polys",
         "segmented neutrophils", "segmented"],
        "neutrophil_pct",
    ),
    **dict.fromkeys(["bands", "band", "band neutrophils", "stabs", "band%", "bands%"],
                    "band_pct"),
    **dict.fromkeys(["temp", "temperature"], "temperature"),
}  # fmt: skip
_LABEL = re.compile(
    r"^(?P<label>"
    + "|".join(re.escape(label) for label in sorted(PRINTOUT_LABELS, key=len, reverse=True))
    + r")\s*[:=]?\s*(?=[~\d.,-]|about|around|approx)",
    re.IGNORECASE,
)


def printout_label(text: str) -> str | None:
    """The case field that a label before the number names ("ANC 800" -> ``anc``,
    "WBC 2.1" -> ``wbc``, "bands 3%" -> ``band_pct``), or None when there is none."""
    found = _LABEL.match(re.sub(r"\s+", " ", text.strip()))
    return PRINTOUT_LABELS[found["label"].lower()] if found else None


def read_number(text: str) -> tuple[float, str]:
    """The number in ``text`` and the rest (usually a unit), as people and lab printouts
    write it: "1,200" is twelve hundred (grouped thousands), "38,4" and "0,8" use a
    decimal comma, "about 800" is 800, and a printout's label before the number is
    skipped ("ANC 800", "WBC: 2.1 K/uL", "bands 3%"; see :func:`printout_label`).
    Raises :class:`NotANumber`."""
    cleaned = re.sub(r"\s+", " ", text.translate(_SPACES).strip())
    labelled = _LABEL.match(cleaned)
    if labelled is not None:
        cleaned = cleaned[labelled.end() :]
    if cleaned.startswith("-"):
        raise NotANumber(text, negative=True)
    found = _NUMBER.match(cleaned)
    if found is None:
        raise NotANumber(text)
    return _to_float(found["number"]), found["rest"].strip()


def anc_unit_without_unit(value: float) -> CountUnit | None:
    """The unit a bare ANC is read in (clinical-rules §1): 0 and ≥ 100 are cells/µL, a
    non-integer below 30 is ×10⁹/L; None when it is ambiguous ("50", "2")."""
    if value == 0 or value >= ANC_NO_UNIT_CELLS_MIN:
        return "cells/uL"
    if value < ANC_NO_UNIT_GIGA_MAX and not float(value).is_integer():
        return "10^9/L"
    return None


def bare_temperature_units(value: float) -> tuple[TemperatureUnit, ...]:
    """The units in which a reading without a unit is a body temperature (°C 30–45,
    °F 86–113): one unit, or none; both only if the ranges ever overlap."""
    units: list[TemperatureUnit] = []
    if TEMP_NO_UNIT_C[0] <= value <= TEMP_NO_UNIT_C[1]:
        units.append("C")
    if TEMP_NO_UNIT_F[0] <= value <= TEMP_NO_UNIT_F[1]:
        units.append("F")
    return tuple(units)


def anc_to_cells(value: float, unit: str | None) -> tuple[float, str | None]:
    """Return the ANC in cells/µL and a warning when the unit was assumed."""
    warning = None
    if unit is not None:
        in_cells = parse_count_unit(unit) != "10^9/L"
        if in_cells and not float(value).is_integer() and value < ANC_NO_UNIT_CELLS_MIN:
            # "1.200" or 0.9 cells/µL: a thousands separator or the wrong unit, never
            # 1.2 cells (clinical-rules §1).
            raise UnitError(
                f"ANC {value:g} cells/µL is not a whole count: did you mean {value:g} ×10⁹/L "
                f"({value * CELLS_PER_GIGA:,.0f} cells/µL), or is the point a thousands "
                "separator? Give the count as written with its unit (10^9/L or cells/uL)"
            )
        cells = value * CELLS_PER_GIGA if not in_cells else value
    elif value == 0:
        cells = 0.0
    elif anc_unit_without_unit(value) == "cells/uL":
        cells = value
        warning = f"ANC {value:g} has no unit: read as cells/µL"
    elif anc_unit_without_unit(value) == "10^9/L":
        cells = value * CELLS_PER_GIGA
        warning = f"ANC {value:g} has no unit: read as {value:g} ×10⁹/L = {cells:g} cells/µL"
    else:
        raise UnitError(
            f"ANC {value:g} without a unit is ambiguous: it could be {value:g} cells/µL "
            f"or {value:g} ×10⁹/L ({value * CELLS_PER_GIGA:g} cells/µL). "
            "Give anc_unit (cells/uL or 10^9/L)"
        )
    if not 0 <= cells <= ANC_MAX_CELLS:
        raise UnitError(
            f"ANC {cells:g} cells/µL is outside the plausible range 0–{ANC_MAX_CELLS:,.0f} "
            "cells/µL: check the number and its unit"
        )
    return round(cells, 3), warning


def wbc_to_giga(value: float, unit: str | None) -> float:
    """Return the white count in ×10⁹/L (the default unit when none is given). A bare
    count of 100 or more is ambiguous and refused with a request for the unit."""
    if unit is None and value >= WBC_NO_UNIT_AMBIGUOUS_MIN:
        raise UnitError(
            f"white count {value:g} without a unit is ambiguous ({value:g} ×10⁹/L would be "
            f"extreme; {value:g} cells/µL very low): give wbc_unit = 10^9/L or cells/uL"
        )
    if unit is not None and parse_count_unit(unit) == "cells/uL":
        value = value / CELLS_PER_GIGA
    if not 0 <= value <= WBC_MAX_GIGA:
        raise UnitError(
            f"white count {value:g} ×10⁹/L is outside the plausible range 0–{WBC_MAX_GIGA:g}: "
            "if it is in cells/µL, give wbc_unit = cells/uL"
        )
    return value


def parse_temperature_unit(unit: str) -> TemperatureUnit:
    squashed = unit.strip().lower().lstrip("°º").replace("degrees", "").strip()
    if squashed in {"c", "celsius", "centigrade"}:
        return "C"
    if squashed in {"f", "fahrenheit"}:
        return "F"
    raise UnknownUnit(f'unknown temperature unit "{unit}": use C or F')


def temperature_to_celsius(value: float, unit: str | None) -> tuple[float, str | None]:
    """Return °C and a warning when the unit was inferred by range."""
    warning = None
    if unit is None:
        if TEMP_NO_UNIT_C[0] <= value <= TEMP_NO_UNIT_C[1]:
            resolved: TemperatureUnit = "C"
            warning = f"temperature {value:g} has no unit: read as °C"
        elif TEMP_NO_UNIT_F[0] <= value <= TEMP_NO_UNIT_F[1]:
            resolved = "F"
            warning = f"temperature {value:g} has no unit: read as °F"
        else:
            raise UnitError(
                f"temperature {value:g} is not a body temperature in °C (30–45) or °F (86–113): "
                "check the number, or give temperature_unit"
            )
    else:
        resolved = parse_temperature_unit(unit)
    celsius = (value - 32) * 5 / 9 if resolved == "F" else value
    # Round away float noise only (100.4 °F must be exactly 38.0 °C), never a real
    # difference: 35.999 °C stays below 36.0 °C.
    celsius = round(celsius, 6)
    low, high = TEMP_PLAUSIBLE_C
    if not low <= celsius <= high:
        raise UnitError(
            f"temperature {value:g} °{resolved} is outside the plausible range "
            f"{low:g}–{high:g} °C: check the number and its unit"
        )
    return celsius, warning
