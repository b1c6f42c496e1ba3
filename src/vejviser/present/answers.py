"""Barrier answers read from the reader's side: for every question and answer, good news, a barrier or not known.

The schema says for each ja/nej/ukendt question which answer is good news for a citizen
(``x-good``): a step-free entrance ("ja") is, a required membership ("ja") is not, no sign-up
("nej") is. The activity pages, the lists and the printed book and sheets all take their
verdicts, icons and words from here, so that "Kræver medlemskab: Nej" never carries a cross.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from vejviser.i18n import Messages
from vejviser.model import Activity, Answer, Form, applies, barrier_fields, forms_asked
from vejviser.schema import SchemaIndex, bundled_schema


class Verdict(StrEnum):
    """What an answer means for the citizen."""

    GOOD = "good"
    BAD = "bad"
    UNKNOWN = "unknown"


class SchemaWithoutVerdict(ValueError):
    """A ja/nej/ukendt field of the schema does not say which answer is good news (``x-good``)."""


@dataclass(frozen=True)
class Question:
    """A barrier question as the schema declares it: its place, title, icon (print), good answer and forms."""

    group: str
    name: str
    title: str
    good: Answer
    icon: str
    forms: frozenset[Form]

    def verdict(self, answer: Answer | str) -> Verdict:
        """Good when the answer is the good one, unknown when nobody answered, else bad."""
        answer = Answer(answer)
        if answer == Answer.UNKNOWN:
            return Verdict.UNKNOWN
        return Verdict.GOOD if answer == self.good else Verdict.BAD

    def answer_of(self, activity: Activity) -> Answer:
        return Answer(getattr(getattr(activity, self.group), self.name))


@cache
def questions() -> tuple[Question, ...]:
    """Every barrier question of the activity schema, in its order, with its declared good answer."""
    index = SchemaIndex(bundled_schema("activity"))
    found = []
    for group, name in barrier_fields():
        info = index.info((group, name))
        if info.good not in (Answer.YES, Answer.NO):
            raise SchemaWithoutVerdict(f"activity schema: {group}.{name} needs x-good: ja or nej, has {info.good!r}")
        found.append(Question(group, name, info.title, Answer(info.good), info.icon, forms_asked(group, name)))
    return tuple(found)


def question(group: str, name: str) -> Question:
    """The question at ``group.name`` (a :class:`KeyError` for a field that is no barrier question)."""
    for q in questions():
        if (q.group, q.name) == (group, name):
            return q
    raise KeyError(f"{group}.{name}")


def verdict(group: str, name: str, answer: Answer | str) -> Verdict:
    """The reader's verdict on one answer: ``verdict("cost", "membership", "nej")`` is good."""
    return question(group, name).verdict(answer)


@dataclass(frozen=True)
class Answered:
    """One question as an activity answers it, and what that means for the reader."""

    question: Question
    answer: Answer
    verdict: Verdict


def answered(activity: Activity) -> tuple[Answered, ...]:
    """The questions that apply to the activity's form (no step-free entrance for a phone friend),
    each with its answer and verdict, in the schema's order."""
    found = []
    for q in questions():
        if applies(activity, q.group, q.name):
            answer = q.answer_of(activity)
            found.append(Answered(q, answer, q.verdict(answer)))
    return tuple(found)


def answer_words(item: Answered, labels: dict[str, str], messages: Messages, price: str = "") -> str:
    """The answer in words, from the citizen's side where a bare ja or nej could mislead:
    ``Nej – du behøver ikke være medlem``; the schema's label (``Ja``, ``Ikke oplyst``) alone elsewhere.

    ``labels`` are the schema's words for ja, nej and ukendt; ``price`` the price in words, which
    a "not free" says beside it."""
    label = labels.get(item.answer, item.answer)
    key = f"answer.{item.question.group}.{item.question.name}.{item.answer}"
    if not messages.has(key):
        return label
    note = messages(key, price=price)
    return messages("answer.with_note", answer=label, note=note) if note.strip() else label
