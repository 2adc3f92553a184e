"""What the sentence reader hands the document reader: claim drafts and sentence plans.

A draft is a claim before it is scored: its token ranges in the parsed chunk,
its text, its speaker and what it leans on; extract.py turns drafts into
:class:`~workbench.records.ClaimRecord`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.nlp import grammar
from workbench.nlp.coref import Mention
from workbench.nlp.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(slots=True)
class Draft:
    start: int  # token range of the source material in the chunk doc
    end: int
    text: str  # the standalone claim
    head: Token | None  # the content's main verb, for the kind
    content: tuple[int, int]  # token range the kind is judged on
    direct: bool = False
    attributed: bool = False
    speaker: str | None = None
    quote: Quote | None = None  # for a bare quote: the quotation it belongs to
    parts: list[tuple[int, int]] = field(default_factory=list)  # rendered token ranges
    extra: list[Mention] = field(default_factory=list)  # antecedents put into the text
    unresolved: list[str] = field(default_factory=list)  # words left that lean on context
    carried: bool = False  # the speaker came from another sentence (a bare quote)
    # Whether a bare quote may take the speaker of an earlier sentence: not when its own
    # sentence attributes it to something that cannot speak ('"...," the statement said')
    # or introduces it with words the stages do not read as an attribution.
    carry: bool = True
    lead: str | None = None  # the subject of words leading into the quote ("Limbaugh continued:")
    pronoun: str | None = None  # the sort of an unresolved pronoun source ('"...," they said')
    # For a whole sentence kept with its frame ("X estimates that C"): what X holds, whose
    # kind decides when the frame itself says nothing (kinds.py judges C).
    held: tuple[int, int] | None = None
    held_head: Token | None = None


@dataclass(slots=True)
class SentencePlan:
    drafts: list[Draft]
    speaker: str | None = None  # the sentence's own attribution
    speaker_mention: Mention | None = None
    frame: ListFrame | None = None  # "The following stations will reopen:" before list lines
    fragment: bool = False  # the sentence only introduces speech: "Mr Law added."
    opens: bool = False  # ...and ends in a colon: "Hewitt writes:", the words come next


@dataclass(slots=True)
class ListFrame:
    """A sentence ending in a colon whose items come as the next lines ("- Millbrook")."""

    prefix: str  # the sentence up to the listed phrase ("")
    suffix: str  # after it ("will reopen"), made singular
    kind: str
    speaker: str | None = None  # "The Treasury said the following were designated:"
    intro: list = field(default_factory=list)  # the claims of the sentence itself, dropped once items come
    items: int = 0  # list lines taken so far
    bullet: bool = False  # whether the first item had a list marker

    def claim(self, item: str) -> str:
        if "," in item and self.suffix:
            item += ","  # "Ali Hassan, a financier, was designated"
        return grammar.finish(f"{self.prefix} {item} {self.suffix}")
