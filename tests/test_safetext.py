"""Text safe to show (triage/safetext.py): control characters made visible, echoed
values bounded, JSON escaped without changing its value."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.limits import ECHO_MAX_CHARS
from triage.safetext import has_surrogate, json_for_terminal, neutralise, valid_unicode

NEUTRALISED = [
    pytest.param("Tegretol 200 mg", "Tegretol 200 mg", id="plain-text-unchanged"),
    pytest.param("µ °C ×10⁹/L é", "µ °C ×10⁹/L é", id="non-ascii-letters-unchanged"),
    pytest.param("\x1b[2J", "\\x1b[2J", id="clear-screen-escape"),
    pytest.param("\x9b31m", "\\x9b31m", id="c1-csi"),
    pytest.param("a\x07b\x08c\x7f", "a\\x07b\\x08c\\x7f", id="bell-backspace-del"),
    pytest.param("one\ntwo\r\tthree", "one\\ntwo\\r\\tthree", id="line-breaks-in-one-value"),
    pytest.param("abc\u202edef", "abc\\u202edef", id="bidi-override"),
    pytest.param("x\ud800y", "x\\ud800y", id="lone-surrogate"),
    pytest.param("nul\x00", "nul\\x00", id="nul"),
]


@pytest.mark.parametrize(("text", "shown"), NEUTRALISED)
def test_control_characters_are_shown_never_run(text: str, shown: str) -> None:
    assert neutralise(text) == shown


def test_a_block_keeps_its_line_breaks_but_not_escapes() -> None:
    assert neutralise("a\n\tb\x1b[2J\r", None, lines=True) == "a\n\tb\\x1b[2J\\r"


def test_echoed_values_are_bounded_and_say_how_much_was_left_out() -> None:
    shown = neutralise("x" * 6_000_000)
    assert shown == "x" * ECHO_MAX_CHARS + f"… ({6_000_000 - ECHO_MAX_CHARS:,} more characters)"
    assert neutralise("x" * 50, 10) == "x" * 10 + "… (40 more characters)"
    assert neutralise("x" * 50, None) == "x" * 50


UNSAFE = st.sampled_from(["\x1b", "\x9b", "\x00", "\x7f", "\u202e", "\r", "\ud800", "\x85"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=5), UNSAFE), max_size=8).map("".join))
def test_json_for_terminal_parses_to_the_same_value_and_holds_no_control(text: str) -> None:
    document = json_for_terminal(json.dumps({"v": text, "l": [text]}, ensure_ascii=False))
    assert json.loads(document) == {"v": text, "l": [text]}
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in document.replace("\n", ""))
    assert not has_surrogate(document)


def test_valid_unicode_replaces_only_surrogates() -> None:
    assert valid_unicode("a\ud800b\udcffé\x1b") == "a\ufffdb\ufffdé\x1b"
    assert valid_unicode("a\ud800").encode("utf-8") == "a\ufffd".encode()
