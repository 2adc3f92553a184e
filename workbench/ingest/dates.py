"""Recognising date lines and turning unambiguous dates into ISO 8601.

Shared by clutter (a line that is only a date is page furniture) and metadata
(the publication date). A wrong date is worse than none, so anything ambiguous
(01/02/2023) gives None.
"""

from __future__ import annotations

import datetime as _dt
import re

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
}
# Words that sit around a date on a news page ("Published On", "Last updated",
# "3 hours ago", "9:30 a.m. ET") and time zones seen on English-language sites.
_DATE_WORDS = {
    "published", "updated", "update", "last", "posted", "date", "dated", "first",
    "created", "modified", "issued", "on", "at", "of", "am", "pm", "a", "p", "m",
    "t", "z", "ago", "today", "yesterday", "hour", "hours", "hr", "hrs", "minute",
    "minutes", "min", "mins", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "local", "time", "and", "th", "st", "nd", "rd",
    "gmt", "utc", "bst", "cet", "cest", "eet", "eest", "et", "est", "edt", "ct",
    "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "ist", "pkt", "jst",
    "kst", "aest", "aedt", "sast", "wat", "eat", "msk", "hkt", "sgt", "ast",
}
_DATE_PUNCT = set(",./-:|·•–—()+'’")
_TOKEN = re.compile(r"[A-Za-z]+|\d+|\S")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")

_MAX_DATE_LINE = 120


def is_date_line(line: str) -> bool:
    """True when ``line`` holds nothing but a date or time stamp and its labels."""
    s = line.strip()
    if not s or len(s) > _MAX_DATE_LINE:
        return False
    has_month = has_year = has_ago = has_zone_or_ampm = False
    for m in _TOKEN.finditer(s):  # stops at the first word that is not date vocabulary
        tok = m.group()
        if tok.isdigit():
            if len(tok) == 4 and tok[:2] in ("19", "20"):
                has_year = True
            elif len(tok) > 2:
                return False
            continue
        if tok.isalpha():
            low = tok.lower()
            if low in MONTHS:
                has_month = True
            elif low == "ago":
                has_ago = True
            elif low in ("am", "pm", "gmt", "utc", "et", "est", "edt", "bst", "cet", "pt"):
                has_zone_or_ampm = True
            elif low not in _WEEKDAYS and low not in _DATE_WORDS:
                return False
            continue
        if tok not in _DATE_PUNCT:
            return False
    if has_month and has_year:
        return True
    if _NUMERIC_DATE.search(s) and (has_year or re.search(r"\d{4}", s)):
        return True
    if has_ago:
        return True
    # A bare time stamp ("10:45 GMT", "9.30am") as a live-blog or page header.
    return bool(_TIME.search(s)) and has_zone_or_ampm


_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,9})?\s?(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_MDY = re.compile(
    r"\b(" + _MONTH_NAMES + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.I
)
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(" + _MONTH_NAMES + r")\.?,?\s+(\d{4})(?!\d)",
    re.I,
)
_YMD_SLASH = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_NUM3 = re.compile(r"(?<![\d.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)")


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first unambiguous date in ``text`` as ISO 8601, else None.

    A full ISO timestamp keeps its time and zone; spelled-out dates give a date.
    """
    s = text.strip()[:200]
    if not s:
        return None
    m = _ISO.search(s)
    if m:
        day = _make(int(m[1]), int(m[2]), int(m[3]))
        if day is None:
            return None
        if m[4] is None:
            return day
        try:
            _dt.time(int(m[4]), int(m[5]), int(m[6] or 0))
        except ValueError:
            return day
        stamp = f"{day}T{m[4]}:{m[5]}:{m[6] or '00'}"
        zone = m[7]
        if zone:
            if zone != "Z" and ":" not in zone:
                zone = zone[:3] + ":" + zone[3:]
            stamp += zone
        return stamp
    m = _MDY.search(s)
    if m:
        return _make(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    m = _DMY.search(s)
    if m:
        return _make(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    m = _YMD_SLASH.search(s)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _NUM3.search(s)
    if m:
        a, b, year = int(m[1]), int(m[3]), int(m[4])
        # Only a day above 12 tells day/month from month/day.
        if a > 12 and b <= 12:
            return _make(year, b, a)
        if b > 12 and a <= 12:
            return _make(year, a, b)
    return None
