"""Who and what the text has been talking about: the memory pronouns resolve against.

A bounded list of recent mentions (noun phrases that were subjects, and named
entities), newest last.  A pronoun resolves to the newest mention of the right
sort (person for he/she, thing for it, group for they) within a few sentences,
preferring the subjects of earlier clauses, which is what a reader does with
"It also designated ..." after "The United States named ...".  Lookups scan at
most ``MAX_MENTIONS`` entries, so resolution is linear in the document.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

MAX_MENTIONS = 64
WINDOW = {"person": 6, "thing": 4, "group": 4}  # sentences back a pronoun may reach


@dataclass(slots=True)
class Mention:
    kind: str  # "person" | "thing" | "group"
    text: str  # the phrase that can stand in for a pronoun
    name: str  # the short name ("Imran Khan")
    speaker: str  # the phrase with its role, as a speaker ("X, an analyst")
    subject: bool  # subject of a clause
    quoted: bool  # inside quotation marks
    sent: int  # running sentence number in the document
    para: int
    start: int  # document offsets of the phrase
    end: int
    label: str = ""  # entity label, if any


@dataclass(slots=True)
class Speaker:
    text: str
    mention: Mention | None
    para: int
    sent: int


class Discourse:
    def __init__(self) -> None:
        self.mentions: deque[Mention] = deque(maxlen=MAX_MENTIONS)
        self.by_name: dict[str, Mention] = {}
        self.last_speaker: Speaker | None = None

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.kind == "person" and mention.name:
            words = mention.name.split()
            if len(words) > 1:
                self.by_name[words[-1].lower()] = mention
                self.by_name[mention.name.lower()] = mention
            else:
                # A bare surname must not hide the fuller mention it refers to.
                self.by_name.setdefault(mention.name.lower(), mention)

    def resolve(
        self,
        kind: str,
        sent: int,
        before: int,
        *,
        quoted_ok: bool = True,
    ) -> Mention | None:
        """The newest fitting mention that ends before document offset ``before``."""
        oldest = sent - WINDOW.get(kind, 4)
        best_any: Mention | None = None
        for mention in reversed(self.mentions):
            if mention.sent < oldest:
                break
            if mention.end > before or not _fits(mention, kind):
                continue
            if mention.quoted and not quoted_ok:
                continue
            if mention.subject:
                return mention
            if best_any is None:
                best_any = mention
        return best_any

    def full_name(self, name: str) -> Mention | None:
        """An earlier, fuller mention of a person named only by a surname ("said Rehman")."""
        words = name.split()
        if len(words) != 1:
            return None
        return self.by_name.get(words[0].lower())

    def person_subject_in(self, para: int) -> Mention | None:
        """The newest unquoted person subject of paragraph ``para``."""
        for mention in reversed(self.mentions):
            if mention.para < para:
                break
            if mention.para == para and mention.kind == "person" and mention.subject and not mention.quoted:
                return mention
        return None


def _fits(mention: Mention, kind: str) -> bool:
    if mention.kind == kind:
        return True
    # Organisations are "it" in American and "they" in British usage.
    return kind == "group" and mention.kind == "thing" and mention.label == "ORG"
