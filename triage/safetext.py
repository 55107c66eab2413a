"""Text that is safe to show: the one place that neutralises control characters and
bounds the length of anything echoed from user input (terminal, messages, reports).

- :func:`neutralise` makes user text inert for a terminal or a page: control
  characters (C0, DEL, C1 such as ESC and CSI), bidirectional overrides and lone
  surrogates become visible escapes (``\\x1b``), and text over a limit is cut with a
  note of how much was left out.
- :func:`json_for_terminal` does the same to a JSON document without changing what it
  parses to (the characters become ``\\uXXXX`` escapes).
- :func:`valid_unicode` makes text encodable as UTF-8 for data output (lone
  surrogates become U+FFFD), keeping everything else as given.
"""

from __future__ import annotations

import re

from triage.limits import ECHO_MAX_CHARS

# C0 and C1 controls, DEL, bidi marks/overrides/isolates, and lone surrogates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_ONE_LINE = re.compile(f"[\t\n{_UNSAFE}]")
_UNSAFE_BLOCK = re.compile(f"[{_UNSAFE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def neutralise(text: object, limit: int | None = ECHO_MAX_CHARS, *, lines: bool = False) -> str:
    """``text`` made inert for a terminal or a page, at most about ``limit`` characters.

    Control characters become visible escapes (``\\x1b[2J`` is shown, never run); line
    breaks and tabs too, unless ``lines`` (a block of several lines, such as a rendered
    assessment). ``limit=None`` does not cut.
    """
    text = str(text)
    more = ""
    if limit is not None and len(text) > limit:
        more = f"… ({len(text) - limit:,} more characters)"
        text = text[:limit]
    pattern = _UNSAFE_BLOCK if lines else _UNSAFE_ONE_LINE
    return pattern.sub(_visible, text) + more


def json_for_terminal(document: str) -> str:
    """A JSON text with every unsafe character escaped as ``\\uXXXX``: it parses to the
    same value, and shows nothing a terminal would act on."""
    return _UNSAFE_BLOCK.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (not Unicode text: cannot be written)."""
    return _SURROGATE.search(text) is not None


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, so it can be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)
