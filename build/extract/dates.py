"""Event dates with dateparser, relative to the article's publication date (preferring the past).

Without a publication date only expressions that carry their own year resolve; 'July 7' keeps its month and
day (`month_day`) so that reports can still be compared, and 'last week' stays unresolved: never guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from newstables.build.pubdate import WEEKDAYS

YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
DAY = re.compile(r"\b([0-2]?\d|3[01])(st|nd|rd|th)?\b")
MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
LEADING = re.compile(r"^(on|in|since|by|until|the|early|late|mid|earlier|later)\s+", re.IGNORECASE)
FIXED_BASE = datetime(2000, 1, 1)


def _parse(text: str, base: datetime):
    import dateparser

    return dateparser.parse(text, languages=["en"], settings={
        "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": base})


def _span(day: date, precision: str) -> tuple[date, date]:
    if precision == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if precision == "month":
        start = day.replace(day=1)
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


DURATION = re.compile(r"-(year|month|week|day)\b|\b(years|months|weeks|days|decades|hours)\b", re.IGNORECASE)
ANCHORED = re.compile(r"\b(ago|last|next|this|past|earlier|later|since|before|after)\b", re.IGNORECASE)


def precision_of(text: str) -> str | None:
    lowered = text.lower()
    if DURATION.search(text) and not ANCHORED.search(text):
        return None  # 'six-year', 'four years': a length of time, not a date
    without_year = YEAR.sub("", text)
    if MONTH.search(text) and DAY.search(without_year) or WEEKDAY.search(text) or \
            re.search(r"\b(yesterday|today|tonight)\b", lowered):
        return "day"
    if "week" in lowered:
        return "week"
    if MONTH.search(text) or "month" in lowered:
        return "month"
    if YEAR.search(text) or "year" in lowered:
        return "year"
    return None


COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
CALENDAR = re.compile(r"^(?:(earlier|later) )?(this|last|next|past|previous|coming) (week|month|year)$")
AGO = re.compile(r"^(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
                 r"(day|week|month|year)s? ago$")
NAMED_DAY = re.compile(r"^(?:(last|next|this|past) )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def relative(text: str, published: date) -> dict | None:
    """News-style relative dates, counted from the publication day: 'last month' is the calendar month before
    it, 'earlier this year' runs from 1 January to it, 'the past week' is the seven days up to it, 'Tuesday'
    the latest Tuesday on or before it ('last Tuesday' before it), 'three weeks ago' that week. None when the
    words are not one of these."""
    words = " ".join(text.lower().replace("-", " ").split())
    words = re.sub(r"^(?:on|in|since|during|over|the|of)\s+", "", words)
    words = re.sub(r"^(?:the)\s+", "", words)
    found = CALENDAR.match(words)
    if found:
        edge, which, unit = found.groups()
        step = {"this": 0, "last": -1, "previous": -1, "past": None, "next": 1, "coming": 1}[which]
        if step is None:  # 'the past week/month/year': the span up to the publication day
            back = {"week": timedelta(days=7), "month": timedelta(days=30), "year": timedelta(days=365)}[unit]
            return {"start": published - back, "end": published, "precision": unit}
        if unit == "week":
            start, end = _span(published + timedelta(weeks=step), "week")
        elif unit == "month":
            start, end = _span(_shift_months(published, step), "month")
        else:
            start, end = date(published.year + step, 1, 1), date(published.year + step, 12, 31)
        if edge == "earlier" and step == 0:
            end = published
        elif edge == "later" and step == 0:
            start = published
        return {"start": start, "end": end, "precision": unit}
    found = AGO.match(words)
    if found:
        n = int(found.group(1)) if found.group(1).isdigit() else COUNTS[found.group(1)]
        unit = found.group(2)
        if unit == "day":
            day = published - timedelta(days=n)
        elif unit == "week":
            day = published - timedelta(weeks=n)
        elif unit == "month":
            day = _shift_months(published, -n)
        else:
            day = date(published.year - n, 1, 1)
        start, end = _span(day, unit)
        return {"start": start, "end": end, "precision": unit}
    found = NAMED_DAY.match(words)
    if found:
        which, name = found.groups()
        back = (published.weekday() - WEEKDAYS.index(name)) % 7
        if which == "next":
            day = published + timedelta(days=(WEEKDAYS.index(name) - published.weekday()) % 7 or 7)
        else:
            day = published - timedelta(days=back or (7 if which in ("last", "past") else 0))
        return {"start": day, "end": day, "precision": "day"}
    return None


def resolve_range(text: str, published_at: datetime | None) -> dict | None:
    """{start, end, precision, method, month_day} or None when the words give no date."""
    if published_at is not None:
        found = relative(text.strip(), published_at.date())
        if found is not None:
            return {**found, "method": "relative-to-publication", "month_day": None}
    cleaned = LEADING.sub("", text.strip())
    precision = precision_of(cleaned)
    if precision is None:
        return None
    has_year = YEAR.search(cleaned) is not None
    month_day = None
    if MONTH.search(cleaned) and DAY.search(YEAR.sub("", cleaned)):
        parsed = _parse(cleaned, FIXED_BASE)
        month_day = parsed.strftime("%m-%d") if parsed else None
    if has_year:
        parsed = _parse(cleaned, published_at or FIXED_BASE)
        if parsed is None and precision == "year":  # 'mid-2020', 'late-2019': the year it names
            parsed = datetime(int(YEAR.search(cleaned).group(0)), 1, 1)
        if parsed is None or str(parsed.year) not in cleaned:
            return None
        start, end = _span(parsed.date(), precision)
        return {"start": start, "end": end, "precision": precision, "method": "explicit", "month_day": month_day}
    if published_at is None:
        return {"start": None, "end": None, "precision": None, "method": None, "month_day": month_day}
    parsed = _parse(cleaned, published_at)
    if parsed is None:
        return None
    if parsed.date() > published_at.date():  # 'Tuesday' in a story published Monday is last week's
        parsed = parsed.replace(year=parsed.year - 1) if month_day else parsed - timedelta(days=7)
    start, end = _span(parsed.date(), precision)
    return {"start": start, "end": end, "precision": precision, "method": "relative-to-publication",
            "month_day": month_day}
