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

from workbench.nlp.lexicon import TITLES

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
    main: bool = False  # subject of the sentence's main clause
    gender: str = ""  # "m" or "f" once a title, role or resolved he/she has shown it


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
        self.genders: dict[str, str] = {}  # surname -> "m" / "f"
        self.last_speaker: Speaker | None = None

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.kind == "person" and mention.name:
            key = _surname(mention.name)
            if mention.gender:
                self.genders.setdefault(key, mention.gender)
            elif key in self.genders:
                mention.gender = self.genders[key]
            words = _bare(mention.name)
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
        gender: str = "",
    ) -> Mention | None:
        """The newest fitting mention that ends before document offset ``before``.

        The newest sentence with a fitting subject wins (its main-clause subject
        first), else the newest fitting mention; a person known to be of the other
        gender is skipped.  A he/she match teaches the
        memory that person's gender.
        """
        found = self._scan(kind, sent, before, quoted_ok, gender, strict=True)
        if found is None and kind == "group":
            # Organisations are "it" in American and "they" in British usage.
            found = self._scan(kind, sent, before, quoted_ok, gender, strict=False)
        if found is not None and gender:
            self.genders.setdefault(_surname(found.name), gender)
        return found

    def _scan(self, kind: str, sent: int, before: int, quoted_ok: bool, gender: str, *, strict: bool) -> Mention | None:
        """Newest sentence with a fitting subject wins (its main-clause subject first);
        failing any subject, the newest fitting mention."""
        oldest = sent - WINDOW.get(kind, 4)
        best_subject: Mention | None = None
        best_any: Mention | None = None
        for mention in reversed(self.mentions):
            if mention.sent < oldest:
                break
            if best_subject is not None and mention.sent < best_subject.sent:
                break
            if mention.end > before:
                continue
            if mention.kind != kind and (strict or not _fits(mention, kind)):
                continue
            if mention.quoted and not quoted_ok:
                continue
            if gender and self._gender(mention) not in ("", gender):
                continue
            if mention.subject and (best_subject is None or mention.main and not best_subject.main):
                best_subject = mention
            if best_any is None:
                best_any = mention
        return best_subject or best_any

    def _gender(self, mention: Mention) -> str:
        return mention.gender or self.genders.get(_surname(mention.name), "")

    def full_name(self, name: str) -> Mention | None:
        """An earlier, fuller mention of a person named only by a surname ("said Rehman",
        "Ms Dunmore")."""
        words = _bare(name)
        if len(words) != 1:
            return None
        found = self.by_name.get(words[0].lower())
        if found is not None and len(_bare(found.name)) > 1:
            return found
        return None

    def person_subject_in(self, para: int) -> Mention | None:
        """The newest unquoted person subject of paragraph ``para``."""
        for mention in reversed(self.mentions):
            if mention.para < para:
                break
            if mention.para == para and mention.kind == "person" and mention.subject and not mention.quoted:
                return mention
        return None


def _bare(name: str) -> list[str]:
    """The words of a name without titles ("Ms Dunmore" -> ["Dunmore"])."""
    return [w for w in name.split() if w.lower().rstrip(".") not in TITLES]


def _surname(name: str) -> str:
    words = name.split()
    return words[-1].lower() if words else ""


def _fits(mention: Mention, kind: str) -> bool:
    if mention.kind == kind:
        return True
    return kind == "group" and mention.kind == "thing" and mention.label == "ORG"
