"""Publication dates: parse stated values (manifest, HTML meta, JSONL) and infer from page text only where honest.

Inference, in order (source `inferred-from-text`):
1. a dateline: a short line above the body giving a full date ("Updated: Nov. 20, 2019 1:35 a.m."),
   precision day;
2. a weekday in the lede ("accused Iran on Monday") anchored on a dated, non-archive photo caption of the
   same story: the first such weekday on or after the caption's date, precision week (the story was published
   on or within days after that date).
Year-less dates ("July 7", "Reuters reported Tuesday") alone never give a date: the year would be a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
FULL_DATE = re.compile(
    rf"\b(?:{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|\d{{1,2}}\s+{MONTHS},?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-\d\d-\d\d)\b", re.IGNORECASE)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
LEDE_WEEKDAY = re.compile(r"\b(?:on|reported|said|announced)\s+(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
ARCHIVE = re.compile(r"\b(file|archive|illustrative)\b|\bin this .{0,40}\bphoto\b", re.IGNORECASE)
DATELINE_MAX_WORDS = 15


def _parse(text: str) -> datetime | None:
    import dateparser

    return dateparser.parse(text, languages=["en"], settings={"RETURN_AS_TIMEZONE_AWARE": False,
                                                              "PREFER_DAY_OF_MONTH": "first"})


def parse_published(value) -> tuple[datetime, str] | None:
    """A stated value -> (naive UTC datetime, precision). '2019', '2019-11' and full dates are understood."""
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if re.fullmatch(r"(19|20)\d\d", text):
            return datetime(int(text), 1, 1), "year"
        m = re.fullmatch(r"((?:19|20)\d\d)-(\d\d)", text)
        if m:
            month = int(m.group(2))
            return (datetime(int(m.group(1)), month, 1), "month") if 1 <= month <= 12 else None
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = _parse(text)
        if parsed is None:
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed, "day"


def _full_date(text: str) -> date | None:
    m = FULL_DATE.search(text)
    parsed = _parse(m.group(0)) if m else None
    return parsed.date() if parsed else None


def infer_published(datelines: list[str], captions: list[str], lede: str) -> tuple[datetime, str] | None:
    for line in datelines:
        if len(line.split()) <= DATELINE_MAX_WORDS:
            day = _full_date(line)
            if day:
                return datetime(day.year, day.month, day.day), "day"
    weekday = LEDE_WEEKDAY.search(lede)
    if weekday:
        anchors = [d for c in captions if not ARCHIVE.search(c) and (d := _full_date(c))]
        if anchors:
            anchor = max(anchors)
            target = WEEKDAYS.index(weekday.group(1).lower())
            day = anchor + timedelta(days=(target - anchor.weekday()) % 7)
            return datetime(day.year, day.month, day.day), "week"
    return None
