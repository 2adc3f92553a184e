"""Recognising bylines ("By Jane Doe, Reuters", "S. Khan in Islamabad") and the names in them.

Names are told by their shape (capitalised words, initials, particles such as
"ur" or "van"), never by a list of people.
"""

from __future__ import annotations

import re

from workbench.ingest.textlines import has_terminal

_NAME_WORD = re.compile(
    r"^(?:[A-Z]\.(?:[A-Z]\.)*|[A-Z][a-zà-ÿ'’-]*[a-zà-ÿ]|[A-Z][A-Z'’-]*[A-Z]|"
    r"(?:Mc|Mac|O'|O’|D'|D’)[A-Z][a-z]+|[A-Z][a-z]+[A-Z][a-z]+)$"
)
_PARTICLES = {
    "de", "da", "van", "von", "der", "den", "al", "el", "bin", "ibn", "ur", "ul", "la", "le",
    "du", "dos", "das", "del", "di", "ter", "bint", "abu",
}
# Words that follow a name on a byline: roles and desks, never sentence words.
ROLE_NOUNS = {
    "reporter", "reporters", "correspondent", "correspondents", "editor", "editors", "writer",
    "writers", "columnist", "contributor", "analyst", "producer", "photographer", "journalist",
    "staff", "desk", "bureau", "agencies", "agency", "wires", "team", "chief",
}
_ROLE_WORDS = ROLE_NOUNS | {
    "the", "political", "senior", "foreign", "international", "diplomatic", "economics",
    "business", "security", "health", "science", "technology", "defence", "defense", "affairs",
    "contributing", "associate", "deputy", "special", "global", "national", "world", "news",
    "and", "with", "for", "of", "at", "in", "&", "opinion", "investigations", "investigative",
    "data", "digital", "video", "photo", "head", "environment", "climate", "education",
    "legal", "crime", "culture", "arts", "sports", "sport", "economy", "energy", "media",
    "politics", "social", "affairs",
}
_BY = re.compile(r"^(?:by|from|von|par|por)\s+(.{2,200})$", re.I)
_NAME_IN_PLACE = re.compile(r"^(.{2,120}?)\s+in\s+(.{2,60})$")
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b|\|)\s*")
_REPORTING_FROM = re.compile(r"^(?i:reporting|reported|writing) from [A-Z][\w'’. -]{1,50}$")
_EMPHASIS = "*_ "
# "Posted on March 3, 2024 by Jane Roe": the names follow the date.
_POSTED_BY = re.compile(r"^(?i:posted|published|written|updated)(?: on)?\s+.{4,60}?\s+(?i:by)\s+(.{2,80})$")


def is_name(part: str) -> bool:
    """One person's name: 1-5 capitalised words or initials, with particles allowed."""
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    caps = 0
    for w in words:
        if _NAME_WORD.match(w):
            caps += 1
        elif w.lower() not in _PARTICLES:
            return False
    return caps >= 1


def _is_role(part: str) -> bool:
    words = part.split()
    return bool(words) and all(w.lower().strip(".") in _ROLE_WORDS or _NAME_WORD.match(w) for w in words)


def is_name_list(text: str, *, allow_roles: bool = True) -> bool:
    """"Jane Doe", "S. Khan and J. Roe, Reuters", "Jane Doe, Political correspondent"."""
    parts = [p for p in _SPLIT_NAMES.split(text.strip().rstrip(".")) if p]
    if not parts or len(parts) > 8 or not is_name(parts[0]):
        return False
    return all(is_name(p) or (allow_roles and _is_role(p)) for p in parts[1:])


def _name_then_role(text: str) -> bool:
    """"Libby Brooks Scotland correspondent": two or more name words, then a role ending in a role noun."""
    words = text.split()
    if not 3 <= len(words) <= 8 or words[-1].lower() not in ROLE_NOUNS:
        return False
    if not (_NAME_WORD.match(words[0]) and _NAME_WORD.match(words[1])):
        return False
    return all(_NAME_WORD.match(w) or w.lower() in _ROLE_WORDS or w.lower() in _PARTICLES for w in words)


def is_byline(text: str, *, early: bool) -> bool:
    """A byline line. ``early`` (the header) also allows shapes that need position to be safe."""
    text = text.strip(_EMPHASIS)
    if len(text) > 200 or (has_terminal(text) and not text.endswith(".")):
        return False
    m = _BY.match(text)
    if m and is_name_list(m.group(1).strip(_EMPHASIS)):
        return True
    if not early:
        return False
    if _REPORTING_FROM.match(text):
        return True
    m = _NAME_IN_PLACE.match(text)
    if m and is_name_list(m.group(1), allow_roles=False) and is_name(m.group(2)):
        return True
    if _name_then_role(text):
        return True
    # "Jane Doe, Political correspondent" needs a role noun to tell it from a heading.
    head, sep, tail = text.partition(",")
    if not sep:
        head, sep, tail = text.partition("|")
    if sep and is_name(head.strip()) and len(head.split()) >= 2 and _is_role(tail.strip()):
        return any(w.lower().strip(".") in ROLE_NOUNS for w in tail.split())
    return False


def byline_names(text: str) -> str | None:
    """The people on a byline: "By Jane Doe and John Roe, Reuters" -> "Jane Doe and John Roe".

    A person has two or more name words; a lone word after a comma ("Reuters",
    "CNN") is the outlet, and role words end the list.
    """
    text = text.strip(_EMPHASIS)
    posted = _POSTED_BY.match(text)
    if posted:
        text = posted.group(1)
    m = _BY.match(text)
    if m:
        text = m.group(1).strip(_EMPHASIS)
    elif _name_then_role(text):
        return " ".join(text.split()[:2])
    m = _NAME_IN_PLACE.match(text)
    if m and is_name_list(m.group(1), allow_roles=False):
        text = m.group(1)
    names: list[str] = []
    for part in _SPLIT_NAMES.split(text.rstrip(".")):
        part = part.strip()
        if not part:
            continue
        if len(part.split()) < 2 or not is_name(part) or part.split()[-1].lower() in ROLE_NOUNS:
            break
        names.append(part)
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
