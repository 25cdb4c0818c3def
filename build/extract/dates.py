"""Resolve date expressions with dateparser, relative to the article's publication time when there is one."""

from __future__ import annotations

import re
from datetime import date, datetime

YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
DAY = re.compile(r"\b([0-2]?\d|3[01])(st|nd|rd|th)?\b")
MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
FIXED_BASE = datetime(2000, 1, 1)
LEADING = re.compile(r"^(on|in|since|by|until|the|early|late|mid)\s+", re.IGNORECASE)


def precision_of(text: str) -> str | None:
    without_year = YEAR.sub("", text)
    if MONTH.search(text) and DAY.search(without_year):
        return "day"
    if MONTH.search(text):
        return "month"
    if YEAR.search(text):
        return "year"
    return None


def resolve(text: str, published_at: datetime | None) -> tuple[date | None, str | None]:
    """(date, precision). Without a publication date, only expressions that carry their own year resolve:
    'July 7' in an undated article stays unresolved rather than guessed."""
    import dateparser

    cleaned = LEADING.sub("", text.strip())
    precision = precision_of(cleaned)
    if precision is None or (published_at is None and not YEAR.search(cleaned)):
        return None, None
    # Without a publication date the base is fixed, so nothing depends on the day of the build.
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                "RELATIVE_BASE": published_at or FIXED_BASE}
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return None, None
    year = YEAR.search(cleaned)
    if published_at is None and (year is None or int(year.group(0)) != parsed.year):
        return None, None  # 'the last week of 2022' must not become some other year
    day = parsed.date()
    # A month or a year is stored as its first day; `precision` says how much of the date is known.
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return day, precision
