"""The interview as a pure state machine: no input, no output, no click.

A :class:`Session` holds the answers so far and the question it waits for. Each
:meth:`Session.answer` takes exactly what the patient typed (commands included: ``?``,
``help``, ``why``, ``back``, ``quit``) and returns the next :class:`Step`: what to show
(``messages``), then what to ask (``text``, ``options``, ``hint``, ``example``). The
terminal (:mod:`triage.interview.terminal`) and a web page drive the same machine; a
web page can keep only the list of raw answers and rebuild the session with
:meth:`Session.replay`.

Messages are plain text already wrapped to the session's ``width`` (:data:`triage.text.WIDTH`
columns unless a narrower terminal asks for less; show them as they are, in a monospace
or ``pre-wrap`` block); question texts, options and hints are unwrapped sentences.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from triage.assessment import Assessment
from triage.engine import Assessor
from triage.interview.answers import (
    COMMANDS_BACK,
    COMMANDS_HELP,
    COMMANDS_QUIT,
    COMMANDS_WHY,
    DONT_KNOW,
    NO,
    YES,
    InvalidAnswer,
    Slots,
    UnknownWords,
    clean,
    label,
    labels,
    read_yes_no,
    split_items,
    unique,
    yes_no_and_rest,
)
from triage.interview.case import build_case, with_unsure_entries
from triage.interview.help import help_text, why_text
from triage.interview.notes import SUMMARY_FIELDS, field_value, field_words
from triage.interview.questions import CHECKLISTS, QUESTION_BY_KEY, QUESTIONS, Options, Question
from triage.knowledge import FEELING_UNWELL, load_knowledge
from triage.levels import TRIAGE_RANK
from triage.models import CaseRejected, parse_case
from triage.render import reasons, render_text
from triage.text import (
    CHECK_COUNT,
    CHECK_TEMPERATURE,
    WIDTH,
    action_block,
    action_line,
    degrees,
    hanging,
    join_words,
    safety_net_lines,
    wrap_lines,
)
from triage.thresholds import FEVER_C
from triage.vocabulary import read_up_reading

StepKind = Literal["question", "confirm", "summary", "result", "stopped"]
StopReason = Literal["quit", "end_of_input", "interrupted"]

FIRST_CHECKLIST = "red_flags"
# The one question that confirms a vague word, where the words are the issue's own
# (clinical-rules §7: "achy" is feeling unwell only if new and flu-like); otherwise
# "Do you mean ...?".
SHAKING_CHILLS = "shaking_chills"
SHIVER_CHECK = "shaking you cannot stop"  # the label of the one shivering question
CONFIRM_TEXTS = {
    SHIVER_CHECK: (
        'You wrote "{part}". Is the shaking so strong that you cannot stop it, even when '
        "warm? (yes / no)"
    ),
    load_knowledge().symptom(FEELING_UNWELL).label: (
        'You wrote "{part}". Is this new, and do you feel generally unwell or flu-like, '
        "not just your usual aches? (yes / no)"
    ),
}
# Said when a first-checklist answer is not understood at all (issue 19): what to do if
# the person has a warning sign now, whatever the words.
WARNING_SIGNS_NOW = (
    "If you have any of these warning signs now, do not wait for the questions: call "
    "emergency services (such as 911, 999 or 112) or go to the emergency department now."
)

INTRO_LINES = (
    "Neutropenia triage: a few questions, one at a time.",
    "Have your blood test printout and your thermometer ready if you have them.",
    "At any question you can type:",
)
INTRO_COMMANDS = (
    ("?", "to learn more about the question and the answers I understand"),
    ("why", "to see which rules use your answer"),
    ("back", "to go back to the previous question"),
    ("quit", "to stop"),
)
INTRO_END = (
    "If you feel very unwell now, do not wait for the questions: get help now.",
    "This tool gives general education only. It does not diagnose or prescribe.",
)


def intro(width: int = WIDTH) -> str:
    """The first message, wrapped to ``width`` (each command's words under its words)."""
    lines = [wrap_lines(line, width=width) for line in INTRO_LINES]
    lines += [hanging(f"  {command:<6}", words, width) for command, words in INTRO_COMMANDS]
    lines += [wrap_lines(line, width=width) for line in INTRO_END]
    return "\n".join(lines)


INTRO = intro()
# After "yes, continue answering" on an emergency: on every later question and the
# summary, one short line (it fits 40 columns), so that the questions never hide it.
EMERGENCY_REMINDER = "!! Get care now: the questions can wait."

NOTHING_TO_ASSESS = "nothing_to_assess"  # the stopped step when no answer can be assessed
CONTINUE_KEY = "continue"  # the key of the continue-after-an-emergency prompt
SUMMARY_KEY = "summary"
RESULT_KEY = "result"
CONTINUE_TEXT = "Continue answering? (yes / no)"
SUMMARY_TEXT = "Here are your answers:"
SUMMARY_HINT = "Are these right? Type yes to see your result, or the number of a line to change it."
STOP_MESSAGES: dict[StopReason, str] = {
    "quit": "\nYou stopped the questions. Nothing was saved.",
    "end_of_input": "\nNo more answers: stopped before the questions were finished.",
    "interrupted": "\nStopped. Nothing was saved.",
}
# A way out with answers to assess: what they already mean (said to be incomplete
# below urgent), or that there is no result.
SO_FAR_ALREADY = "Your answers so far already mean this:"
SO_FAR_NOT_FINISHED = (
    "This is not a full result: the questions were not finished, and the answers not "
    "given could make it more urgent. Your answers so far mean this:"
)
NO_RESULT_STOPPED = "No result: there are not enough answers to give one."


@dataclass(frozen=True)
class Step:
    """What the patient sees now: ``messages`` first, then the prompt.

    ``kind``: ``question``; ``confirm`` (a yes/no follow-up: a vague word, or whether to
    go on after an emergency, ``key`` ``"continue"``); ``summary`` (``options`` are the
    numbered answers); ``result`` (``assessment`` is the result); ``stopped`` (``key``
    is the reason: quit, end_of_input or interrupted; ``assessment`` is the assessment
    of the answers so far, at any level, whose action block the messages show; None
    when no answer can be assessed). ``again``: the same prompt waits again after a
    refusal, help or why, so only the messages are new. ``emergency``: an emergency was
    announced in ``messages`` just now. ``reminder``: the answers mean an emergency that
    was announced before, and the last message is :data:`EMERGENCY_REMINDER`. ``case``:
    the case-format dict of the answers so far.
    """

    kind: StepKind
    key: str
    text: str = ""
    example: str | None = None
    options: Options = ()
    hint: str = ""
    messages: tuple[str, ...] = ()
    emergency: bool = False
    assessment: Assessment | None = None
    case: dict[str, Any] = field(default_factory=dict)
    again: bool = False
    last_answer: str | None = None
    reminder: bool = False

    @property
    def finished(self) -> bool:
        """A result or a stop: the session takes no more answers."""
        return self.kind in ("result", "stopped")


@dataclass
class State:
    """Everything ``back`` restores: the answers and whether an emergency was announced."""

    slots: Slots = field(default_factory=dict)
    emergency_told: bool = False


@dataclass
class _Vague:
    """A checklist answer waiting for its vague words to be confirmed one by one."""

    position: int
    reply: str
    value: list[str]
    parts: list[str]
    words: list[tuple[str, str]]  # (the word as typed, the emergency symptom's label)
    index: int = 0
    declined: list[str] = field(default_factory=list)


Waiting = Literal["question", "vague", "continue", "summary", "done"]


def reask(reason: str, width: int = WIDTH) -> str:
    reason = reason[0].upper() + reason[1:]
    if not reason.endswith((".", "?", "!")):
        reason += "."
    return wrap_lines(f"{reason} Please try again, or type ? for help.", width=width)


def emergency_text(assessment: Assessment, width: int = WIDTH) -> str:
    """What to do now and why: the one action block (:mod:`triage.text`) with the
    reasons of the rules that set the level (as ``assess`` shows them) under the action,
    before the safety net."""
    block = action_block(assessment, width)
    net = len(safety_net_lines(assessment, width=width))
    action, safety_net = block[: len(block) - net], block[len(block) - net :]
    why = reasons(assessment)
    if why:
        action.append(wrap_lines("Why: " + "; ".join(why) + ".", width=width))
    return "\n".join(["", *action, *safety_net])


def no_result_advice(width: int = WIDTH, then: str = "") -> tuple[str, ...]:
    """With no answer that can be assessed: what to check (``then``: what to do next),
    when to get care, and the disclaimer (the end of the questions, and every way out
    before a result)."""
    checks = join_words([CHECK_TEMPERATURE, CHECK_COUNT], "and") + (f", {then}" if then else "")
    return (
        wrap_lines(
            f"Check now: {checks}. Get care now if you have trouble breathing, become "
            "confused, faint, or have shaking chills. With a temperature of "
            f"{degrees(FEVER_C)} or higher, contact a provider today, or get care now "
            "after recent chemotherapy.",
            width=width,
        ),
        "\n" + wrap_lines(load_knowledge().disclaimer, width=width),
    )


def _shivery(part: str) -> bool:
    """Words for shivering that read as feeling feverish (clinical-rules §7): asked once
    whether the shaking cannot be stopped (shaking chills, an emergency sign)."""
    words = clean(part)
    return any(word in words for word in ("shiver", "chill", "shaky", "shaking"))


class Session:
    """One patient's interview; see the module docstring. ``explain`` passes through to
    the result's renderer; ``assessor`` is the engine to use (one can serve many
    sessions); ``width`` is the width every message is wrapped to (a terminal narrower
    than 80 columns passes its own; never more than :data:`~triage.text.WIDTH`)."""

    def __init__(
        self, *, explain: bool = False, assessor: Assessor | None = None, width: int = WIDTH
    ) -> None:
        self.explain = explain
        self.width = min(width, WIDTH)
        self.assessor = assessor or Assessor()
        from triage.understand import warm  # once per process: the first answer is quick

        warm()
        self.state = State()
        # (question position, state before its answer), newest last: what back restores.
        self.history: list[tuple[int, State]] = []
        # What the patient last typed at each question, shown when it is asked again.
        self.last_replies: dict[str, str] = {}
        # Every answer given, commands included: replaying them rebuilds this session.
        self.answers: list[str] = []
        self.position: int | None = self._next(-1, None)  # None: the summary
        self.groups: tuple[str, ...] | None = None  # changing these from the summary
        self.floor = 0  # back with no more history than this returns to the summary
        self._waiting: Waiting = "question"
        self._vague: _Vague | None = None
        # The last refused words and the suggestions: (position, reply, term, ids, numbers).
        self._suggested: tuple[int | None, str, str, list[str], list[str | None]] | None = None
        # The rest of a yes/no sentence, offered to the next question.
        self._carry: str | None = None
        # A checklist answer partly understood: (position, the ids kept so far).
        self._partial: tuple[int, list[str]] | None = None
        self.step = self._present((intro(self.width),))

    @classmethod
    def replay(
        cls,
        answers: list[str],
        *,
        explain: bool = False,
        assessor: Assessor | None = None,
        width: int = WIDTH,
    ) -> Session:
        """A session rebuilt by giving it ``answers`` in order (the raw answers, commands
        included, as :attr:`answers` keeps them)."""
        session = cls(explain=explain, assessor=assessor, width=width)
        for text in answers:
            session.answer(text)
        return session

    @property
    def case(self) -> dict[str, Any]:
        """The case-format dict of the answers so far."""
        return build_case(self.state.slots)

    # -- the public moves ------------------------------------------------------------------

    def answer(self, text: str) -> Step:
        """Take what the patient typed at the current step; return the next step. Never
        raises for anything typed. After a result or a stop, nothing changes."""
        if self._waiting == "done":
            return self.step
        self.answers.append(text)
        handlers = {
            "question": self._on_question,
            "vague": self._on_vague,
            "continue": self._on_continue,
            "summary": self._on_summary,
        }
        self.step = self._with_reminder(handlers[self._waiting](text))
        return self.step

    def back(self) -> Step:
        """The same as answering ``back``."""
        return self.answer("back")

    def stop(self, reason: StopReason) -> Step:
        """End early (quit, end of input, Ctrl-C). Every way out says what to check and
        when to get care, with the disclaimer: the action block and the safety net of
        the answers so far (said to be incomplete below urgent), or, when no answer can
        be assessed, the warning signs to act on."""
        if self._waiting == "done":
            return self.step
        try:
            so_far = self._assess_quietly()
        except Exception:  # a bug must not hide the way out; the words below still hold
            so_far = None
        width = self.width
        messages = [wrap_lines(STOP_MESSAGES[reason], width=width)]
        if so_far is None:
            messages += [wrap_lines(NO_RESULT_STOPPED, width=width), *no_result_advice(width)]
        else:
            # As a result ends: the action again in one line (the block may have
            # scrolled away on a small screen), then the disclaimer.
            urgent = TRIAGE_RANK[so_far.triage] >= TRIAGE_RANK["urgent"]
            messages += [
                wrap_lines(SO_FAR_ALREADY if urgent else SO_FAR_NOT_FINISHED, width=width),
                emergency_text(so_far, width).strip("\n"),
                "\n" + "\n".join(action_line(so_far, width)),
                "\n" + wrap_lines(so_far.disclaimer, width=width),
            ]
        self._waiting = "done"
        self.step = Step("stopped", reason, messages=tuple(messages), assessment=so_far,
                         case=self.case)  # fmt: skip
        return self.step

    # -- showing ---------------------------------------------------------------------------

    def _next(self, after: int, groups: tuple[str, ...] | None) -> int | None:
        """The next question that applies. When changing answers (``groups``): the next
        one in those groups, or one that the change made relevant and that was never
        answered (a new count can make the Duffy-null question matter)."""
        slots = self.state.slots
        for position in range(after + 1, len(QUESTIONS)):
            question = QUESTIONS[position]
            wanted = groups is None or question.group in groups or question.key not in slots
            if wanted and question.applies(slots):
                return position
        return None

    def _present(self, messages: tuple[str, ...] = ()) -> Step:
        """Ask the question at :attr:`position` afresh, or show the summary."""
        if self.position is None:
            return self._summary(messages)
        self._waiting = "question"
        question = QUESTIONS[self.position]
        slots = self.state.slots
        return Step(
            "question",
            question.key,
            text=question.render(question.text_for(slots), slots),
            example=question.render(question.example, slots),
            options=question.options(slots) if question.options else (),
            hint=question.hint,
            messages=messages,
            case=self.case,
            last_answer=self.last_replies.get(question.key),
        )

    def _again(self, *messages: str) -> Step:
        """The same prompt once more, after ``messages``."""
        return Step(**{**self.step.__dict__, "messages": messages, "again": True,
                       "emergency": False, "reminder": False})  # fmt: skip

    def _with_reminder(self, step: Step) -> Step:
        """After going on past an emergency, every later question, confirmation and the
        summary end their messages with :data:`EMERGENCY_REMINDER`, while the answers
        still mean that emergency (a web page shows the same steps)."""
        if (
            not self.state.emergency_told
            or step.emergency
            or step.kind not in ("question", "confirm", "summary")
            or step.key == CONTINUE_KEY
        ):
            return step
        return Step(**{**step.__dict__, "messages": (*step.messages, EMERGENCY_REMINDER),
                       "reminder": True})  # fmt: skip

    def _summary(self, messages: tuple[str, ...] = ()) -> Step:
        self.position = None
        self.groups = None
        self._waiting = "summary"
        lines = self.summary_lines()
        return Step(
            "summary",
            SUMMARY_KEY,
            text=SUMMARY_TEXT,
            options=tuple((str(n), line) for n, (line, _) in enumerate(lines, start=1)),
            hint=SUMMARY_HINT,
            messages=messages,
            case=self.case,
        )

    def _result(self, assessment: Assessment, messages: tuple[str, ...] = ()) -> Step:
        self._waiting = "done"
        rendered = render_text(assessment, explain=self.explain, width=self.width).rstrip("\n")
        return Step(
            "result",
            RESULT_KEY,
            messages=(*messages, "\nYour result:\n", rendered),
            assessment=assessment,
            case=self.case,
        )

    # -- a question ------------------------------------------------------------------------

    def _on_question(self, reply: str) -> Step:
        assert self.position is not None
        question = QUESTIONS[self.position]
        cleaned = clean(reply)
        if cleaned in COMMANDS_HELP:
            return self._again(help_text(question, self.width))
        if cleaned in COMMANDS_WHY:
            return self._again(why_text(question, self.width))
        if cleaned in COMMANDS_BACK:
            return self._go_back()
        if cleaned in COMMANDS_QUIT:
            return self.stop("quit")
        if not cleaned:
            return self._again(reask("I did not get an answer", self.width))
        if cleaned in DONT_KNOW and not question.dont_know:
            return self._again(reask("I need an answer to this one", self.width))
        if cleaned in DONT_KNOW:
            self.last_replies[question.key] = reply.strip()
            return self._record(self.position, None)
        reply = self._take_suggestion(question, reply)
        try:
            value = question.parse(reply, self.state.slots)
        except UnknownWords as unknown:
            if unknown.understood and question.key in CHECKLISTS:
                return self._keep_understood(question, unknown)
            warning = (
                (wrap_lines(WARNING_SIGNS_NOW, width=self.width),)
                if question.key == FIRST_CHECKLIST
                else ()
            )
            if not unknown.suggestions:
                return self._again(reask(str(unknown), self.width), *warning)
            suggestion = wrap_lines(self._suggest(question, reply, unknown), width=self.width)
            return self._again(suggestion, *warning)
        except InvalidAnswer as problem:
            return self._again(reask(str(problem), self.width))
        if question.parse is read_yes_no:
            sentence = yes_no_and_rest(reply)
            self._carry = sentence[1] if sentence and sentence[1].strip() else None
        if question.key in CHECKLISTS:
            parts = split_items(reply)
            words = []
            for part in parts:
                symptom_id = read_up_reading(part)
                if symptom_id is not None:
                    words.append((part, load_knowledge().symptom(symptom_id).label))
                elif _shivery(part) and SHAKING_CHILLS not in value:
                    words.append((part, SHIVER_CHECK))
            if words:
                self._vague = _Vague(self.position, reply, value, parts, words)
                return self._confirm_word(())
        return self._accept(question, reply, value, ())

    def _keep_understood(self, question: Question, unknown: UnknownWords) -> Step:
        """Part of a checklist answer was understood: keep and echo it (an emergency
        sign acts at once), and ask again only about the part that was not."""
        assert self.position is not None
        kept = self._partial[1] if self._partial and self._partial[0] == self.position else []
        value = unique([*kept, *unknown.understood])
        self.history.append((self.position, copy.deepcopy(self.state)))
        self.state.slots[question.key] = value
        self._partial = (self.position, value)
        noted = wrap_lines(f"Noted: {labels(value, 'symptom')}.", width=self.width)
        announcement = self._check_emergency()
        if announcement is not None:
            self._partial = None
            self._waiting = "continue"
            return Step("confirm", CONTINUE_KEY, text=CONTINUE_TEXT,
                        messages=(noted, *announcement), emergency=True,
                        case=self.case)  # fmt: skip
        message = self._suggest(question, unknown.term, unknown) if unknown.suggestions else (
            str(unknown))  # fmt: skip
        message = message.removesuffix(" Please try again, or type ? for help.")
        return self._again(
            noted,
            wrap_lines(
                f"{message} Type it in other words, or 0 if there is nothing else; what "
                "I understood is kept.",
                width=self.width,
            ),
        )

    def _suggest(self, question: Question, reply: str, unknown: UnknownWords) -> str:
        """Why the words were refused, and the known words suggested: each with the
        number that accepts it (its number in the checklist; at a question with no
        list, 1, 2, 3 when there are several), or yes when there is one."""
        if not unknown.suggestions:
            return str(unknown)
        listed = {words: number for number, words in question.options(self.state.slots)} if (
            question.options) else {}  # fmt: skip
        numbers: list[str | None] = []
        shown = []
        for n, item in enumerate(unknown.suggestions, start=1):
            words = label(item, "symptom" if unknown.kind == "symptom" else "condition")
            number = listed.get(words) if question.options else (
                str(n) if len(unknown.suggestions) > 1 else None)  # fmt: skip
            numbers.append(number)
            if question.options:
                shown.append(f"{words} (number {number})" if number else words)
            else:
                shown.append(f"{number}. {words}" if number else words)
        self._suggested = (self.position, reply, unknown.term, unknown.suggestions, numbers)
        message = f"{unknown} Did you mean: {'; '.join(shown)}?"
        if len(unknown.suggestions) == 1:
            message += " If so, type yes."
        elif all(numbers):
            message += " If so, type the number of the one you mean."
        return message + " Please try again, or type ? for help."

    def _take_suggestion(self, question: Question, reply: str) -> str:
        """After a suggestion, yes (one suggestion) or its number takes it: the answer
        given before, with the unknown words replaced by the suggested ones."""
        suggested, self._suggested = self._suggested, None
        if suggested is None or suggested[0] != self.position:
            return reply
        _, before, term, ids, numbers = suggested
        cleaned = clean(reply)
        chosen = None
        if cleaned in YES and len(ids) == 1:
            chosen = ids[0]
        elif cleaned in numbers:
            chosen = ids[numbers.index(cleaned)]
        return reply if chosen is None else before.replace(term, chosen, 1)

    def _go_back(self) -> Step:
        if self.groups is not None and len(self.history) <= self.floor:
            self.position = None
        elif not self.history:
            return self._present(("This is the first question.",))
        else:
            self.position, self.state = self.history.pop()
        return self._present()

    def _accept(
        self, question: Question, reply: str, value: Any, messages: tuple[str, ...]
    ) -> Step:
        """A usable answer: check it against the others, then keep it (with what an
        earlier, partly understood answer to this question said)."""
        if self._partial is not None and self._partial[0] == self.position:
            value = unique([*self._partial[1], *(value or [])])
        self._partial = None
        try:
            self._check_in_context(question, value)
        except InvalidAnswer as problem:
            return self._again(*messages, reask(str(problem), self.width))
        self.last_replies[question.key] = reply.strip()
        assert self.position is not None
        return self._record(self.position, value, messages)

    def _check_in_context(self, question: Question, value: Any) -> None:
        """The case with this answer must still be valid (a safety net behind the
        per-question checks)."""
        case = build_case({**self.state.slots, question.key: value})
        if not case:
            return
        try:
            parse_case(case)
        except CaseRejected as rejected:
            problems = [e.message for e in rejected.errors if e.field != "case"]
            if problems:
                raise InvalidAnswer("; ".join(problems)) from None

    def _record(self, position: int, value: Any, messages: tuple[str, ...] = ()) -> Step:
        """Keep the answer, echo it, and announce an emergency at once; else go on."""
        question = QUESTIONS[position]
        self.history.append((position, copy.deepcopy(self.state)))
        self.state.slots[question.key] = value
        said = list(messages)
        if question.note is not None:
            note = question.note(value, self.state.slots)
            if note:
                said.append(wrap_lines(note, width=self.width))
        announcement = self._check_emergency()
        if announcement is not None:
            self._waiting = "continue"
            return Step(
                "confirm",
                CONTINUE_KEY,
                text=CONTINUE_TEXT,
                messages=(*said, *announcement),
                emergency=True,
                case=self.case,
            )
        self.position = self._next(position, self.groups)
        carried = self._carried_answer(tuple(said))
        if carried is not None:
            return carried
        return self._present(tuple(said))

    def _carried_answer(self, said: tuple[str, ...]) -> Step | None:
        """The rest of a yes/no sentence that answers the next question too ("yes last
        one was a week ago": 7 days): taken as that answer, echoed like any other."""
        carry, self._carry = self._carry, None
        if not carry or self.position is None or self._waiting != "question":
            return None
        question = QUESTIONS[self.position]
        try:
            question.parse(carry, self.state.slots)
        except InvalidAnswer:
            return None
        step = self._on_question(carry)
        if step.again:
            return None
        return Step(**{**step.__dict__, "messages": (*said, *step.messages)})

    # -- vague words -----------------------------------------------------------------------

    def _confirm_word(self, messages: tuple[str, ...]) -> Step:
        assert self._vague is not None
        part, label = self._vague.words[self._vague.index]
        self._waiting = "vague"
        return Step(
            "confirm",
            QUESTIONS[self._vague.position].key,
            text=CONFIRM_TEXTS.get(
                label, f'You wrote "{part}". Do you mean {{label}}? (yes / no)'
            ).format(part=part, label=label),
            messages=messages,
            case=self.case,
        )

    def _on_vague(self, reply: str) -> Step:
        """A word vaguer than the emergency symptom it could mean ("lightheaded") is
        confirmed with one yes/no question before it counts (clinical-rules §10)."""
        vague = self._vague
        assert vague is not None
        part, label = vague.words[vague.index]
        cleaned = clean(reply)
        noted: tuple[str, ...] = ()  # a yes: the answer's own "Noted:" line names the sign
        if label == SHIVER_CHECK:  # yes adds shaking chills; no keeps the feverish feeling
            if cleaned in YES:
                vague.value = unique([*vague.value, SHAKING_CHILLS])
            elif cleaned not in NO:
                return self._again("Please answer yes or no.")
        elif cleaned in YES:
            pass
        elif cleaned in NO:
            vague.declined.append(part)
            noted = (
                wrap_lines(
                    f'"{part}" is not counted as {label}. Tell your provider how you feel.',
                    width=self.width,
                ),
            )
        elif cleaned in COMMANDS_QUIT:
            return self.stop("quit")
        elif cleaned in COMMANDS_BACK:  # back to the checklist, nothing kept
            self._vague = None
            return self._present()
        else:
            return self._again("Please answer yes or no.")
        vague.index += 1
        if vague.index < len(vague.words):
            return self._confirm_word(noted)
        self._vague = None
        question = QUESTIONS[vague.position]
        value = vague.value
        if vague.declined:
            kept = [part for part in vague.parts if part not in vague.declined]
            try:
                value = question.parse(", ".join(kept), self.state.slots) if kept else []
            except InvalidAnswer as problem:
                return self._back_to_question(*noted, reask(str(problem), self.width))
        self._waiting = "question"
        step = self._accept(question, vague.reply, value, noted)
        if step.again:  # refused in context: the question waits again
            return self._back_to_question(*step.messages)
        return step

    def _back_to_question(self, *messages: str) -> Step:
        """The question the vague words came from, waiting again (not shown again)."""
        self._waiting = "question"
        return Step(**{**self._present().__dict__, "messages": messages, "again": True})

    # -- emergencies -----------------------------------------------------------------------

    def _assess_quietly(self) -> Assessment | None:
        case = self.case
        if not case:
            return None
        try:
            result: Assessment = self._assess(case)
        except CaseRejected:
            return None
        return result

    def _assess(self, case: dict[str, Any]) -> Assessment:
        """The engine's assessment, with the entry for an answer not known for sure."""
        return with_unsure_entries(self.assessor.assess(case), self.state.slots, self.assessor)

    def _check_emergency(self) -> tuple[str, ...] | None:
        """Run the rules on the answers so far: the announcement of an emergency (again
        only if the answers stopped meaning an emergency in between), or None."""
        assessment = self._assess_quietly()
        if assessment is None or assessment.triage != "emergency":
            self.state.emergency_told = False
            return None
        if self.state.emergency_told:
            return None
        self.state.emergency_told = True
        return (
            emergency_text(assessment, self.width),
            wrap_lines(
                "You can answer the other questions so that the result is complete, or "
                "stop now and see the result so far. Do not let the questions delay "
                "getting care.",
                width=self.width,
            ),
        )

    def _on_continue(self, reply: str) -> Step:
        cleaned = clean(reply)
        if cleaned in YES:
            assert self.position is not None
            self.position = self._next(self.position, self.groups)
            return self._present()
        if cleaned in NO:
            so_far = self._assess_quietly()
            if so_far is None:  # not reachable: an emergency was just assessed
                return self.stop("quit")
            return self._result(so_far)
        if cleaned in COMMANDS_QUIT:
            return self.stop("quit")
        if cleaned in COMMANDS_BACK:  # undo the answer that raised it; ask it again
            self.position, self.state = self.history.pop()
            return self._present()
        if cleaned in COMMANDS_HELP or cleaned in COMMANDS_WHY:
            message = wrap_lines(
                "Your answers so far mean you should get care now. Type yes to answer the "
                "other questions first, no to see the result now, or back to change your "
                "last answer.",
                width=self.width,
            )
        else:
            message = "Please answer yes or no."
        return Step("confirm", CONTINUE_KEY, text=CONTINUE_TEXT, messages=(message,),
                    case=self.case)  # fmt: skip

    def _nothing_to_assess(self) -> Step:
        """No answer the rules can use (no reading, count, symptom, condition or
        medicine): no result, but what to check and when to get care; no loop."""
        self._waiting = "done"
        messages = (
            wrap_lines(
                "\nI cannot give a result: your answers hold no temperature reading, blood "
                "count, symptom, health condition or medicine that I can assess. That does "
                "not mean that all is well.",
                width=self.width,
            ),
            *no_result_advice(self.width, then="then answer the questions again"),
        )
        return Step("stopped", NOTHING_TO_ASSESS, messages=messages, case=self.case)

    # -- the summary -----------------------------------------------------------------------

    def summary_lines(self) -> list[tuple[str, tuple[str, ...]]]:
        """(line, question groups to re-ask) for each field asked about or given."""
        slots = self.state.slots
        case = self.case
        lines: list[tuple[str, tuple[str, ...]]] = []
        for name, words, key, groups in SUMMARY_FIELDS:
            asked = key in slots and QUESTION_BY_KEY[key].applies(slots)
            if name in case or asked:
                lines.append((f"{words}: {field_value(name, case, slots)}", groups))
        return lines

    def _on_summary(self, reply: str) -> Step:
        lines = self.summary_lines()
        cleaned = clean(reply)
        if cleaned in YES:
            return self._assess_or_explain()
        if cleaned in COMMANDS_QUIT:
            return self.stop("quit")
        if cleaned in COMMANDS_BACK and self.history:
            self.position, self.state = self.history.pop()
            return self._present()
        if cleaned.isdigit() and 1 <= int(cleaned) <= len(lines):
            self.groups, self.floor = lines[int(cleaned) - 1][1], len(self.history)
            self.position = self._next(-1, self.groups)
            return self._present()
        if cleaned in COMMANDS_HELP or cleaned in COMMANDS_WHY:
            return self._again(
                wrap_lines(
                    "These are your answers as I understood them. Type yes "
                    f"if they are right. To change one, type its number (1 to "
                    f"{len(lines)}) and I will ask that question again.",
                    width=self.width,
                )
            )
        return self._again(f"Please type yes, or a number from 1 to {len(lines)}.")

    def _assess_or_explain(self) -> Step:
        case = self.case
        if not case:
            return self._nothing_to_assess()
        try:
            result: Assessment = self._assess(case)
        except CaseRejected as rejected:
            errors = [
                hanging("  ", f"{field_words(e.field)}: {e.message}", self.width)
                for e in rejected.errors
            ]
            return self._summary(("I cannot give a result with these answers:", *errors))
        return self._result(result)
