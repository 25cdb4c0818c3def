"""Publication dates: parse stated values (manifest, HTML meta, JSONL) and infer from page text only where honest.

Stated values must be absolute: an ISO date or datetime, 'YYYY', 'YYYY-MM', or a textual date with day, month
and year ('5 March 2021', 'March 5, 2021'). Relative ('yesterday', 'next Tuesday') and year-less ('March 5') values
would be resolved against the build clock or a guessed year, so they are refused, never guessed.

Inference, in order (source `inferred-from-text`):
1. a dateline: a short line above the body giving a full date ("Updated: Nov. 20, 2019 1:35 a.m."),
   precision day;
2. a weekday in the lede ("accused Iran on Monday") anchored on a dated, non-archive photo caption of the
   same story: the first such weekday on or after the caption's date, precision week (the story was published
   on or within days after that date).
Year-less dates ("July 7", "Reuters reported Tuesday") alone never give a date: the year would be a guess.

`dateline_place` reads the other half of a dateline, the place a story was filed from ("BAGHDAD (Reuters) -",
"WASHINGTON —" opening the body), for events whose own clause names no place.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone
from newstables.build.config import CONFIG
from newstables.build.segment import PLACE_DATELINE

# Stated dates outside these bounds are typing errors, not news: no newspaper in scope predates 1800, and nothing
# is published after the build day (one day of slack for time zones ahead of the build machine's).
EARLIEST = date(1800, 1, 1)
FUTURE_SLACK = timedelta(days=1)
INVALID = "is not a valid date; use YYYY-MM-DD"

MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
MONTH_NUMBERS = {**{m.lower(): n for n, m in enumerate(calendar.month_name) if m},
                 **{m.lower(): n for n, m in enumerate(calendar.month_abbr) if m}, "sept": 9}
FULL_DATE = re.compile(
    rf"\b(?:{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|\d{{1,2}}\s+{MONTHS},?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-\d\d-\d\d)\b", re.IGNORECASE)
ORDINAL = r"(?:st|nd|rd|th)?"
TEXT_DATE = re.compile(  # day-month-year or month-day-year
    rf"(?P<d1>\d{{1,2}}){ORDINAL}\s+(?P<m1>[a-z]+)\.?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{{1,2}}){ORDINAL},?\s+(?P<y2>\d{{4}})", re.IGNORECASE)
LEADING_WORD = re.compile(r"([a-z]+)\.?,?\s+", re.IGNORECASE)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = {*WEEKDAYS, *(w[:3] for w in WEEKDAYS), "tues", "thur", "thurs"}
LEDE_WEEKDAY = re.compile(r"\b(?:on|reported|said|announced)\s+(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
ARCHIVE = re.compile(r"\b(file|archive|illustrative)\b|\bin this .{0,40}\bphoto\b", re.IGNORECASE)


def _text_day(text: str) -> date | None:
    """'5 March 2021', 'Fri., March 5th, 2021' -> that day; anything else (or an impossible day) -> None."""
    lead = LEADING_WORD.match(text)
    if lead and lead.group(1).lower() in WEEKDAY_NAMES:
        text = text[lead.end():]
    m = TEXT_DATE.fullmatch(text)
    month = MONTH_NUMBERS.get((m.group("m1") or m.group("m2")).lower()) if m else None
    if month is None:
        return None
    try:
        return date(int(m.group("y1") or m.group("y2")), month, int(m.group("d1") or m.group("d2")))
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _absolute(text: str) -> tuple[datetime, str] | None:
    if re.fullmatch(r"\d{4}", text):
        return _midnight(date(int(text), 1, 1)), "year"
    m = re.fullmatch(r"(\d{4})-(\d\d)", text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        return (_midnight(date(year, month, 1)), "month") if 1 <= month <= 12 else None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")), "day"
    except ValueError:
        day = _text_day(text)
        return (_midnight(day), "day") if day else None


def check_published(value) -> tuple[datetime, str]:
    """A stated value -> (UTC datetime, precision), or ValueError saying what is wrong with it. A time stated
    without a zone is taken as UTC."""
    parsed = (value, "day") if isinstance(value, datetime) else _absolute(str(value).strip())
    if parsed is None:
        raise ValueError(INVALID)
    moment, precision = parsed
    try:
        moment = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    except OverflowError:  # 0001-01-01T00:00+01:00 has no UTC time
        raise ValueError(INVALID) from None
    latest = date.today() + FUTURE_SLACK
    if not EARLIEST <= moment.date() <= latest:
        raise ValueError(f"is outside {EARLIEST.isoformat()}..{latest.isoformat()}; check the year")
    return moment, precision


def parse_published(value) -> tuple[datetime, str] | None:
    """check_published, with None for values that are not absolute dates within bounds."""
    try:
        return check_published(value)
    except ValueError:
        return None


def _full_date(text: str) -> date | None:
    m = FULL_DATE.search(text)
    if not m:
        return None
    parsed = _absolute(m.group(0))
    return parsed[0].date() if parsed else None


def infer_published(datelines: list[str], captions: list[str], lede: str) -> tuple[datetime, str] | None:
    for line in datelines:
        if len(line.split()) <= CONFIG.segment.dateline_max_words:
            day = _full_date(line)
            if day:
                return _midnight(day), "day"
    weekday = LEDE_WEEKDAY.search(lede)
    if weekday:
        anchors = [d for c in captions if not ARCHIVE.search(c) and (d := _full_date(c))]
        if anchors:
            anchor = max(anchors)
            target = WEEKDAYS.index(weekday.group(1).lower())
            day = anchor + timedelta(days=(target - anchor.weekday()) % 7)
            return _midnight(day), "week"
    return None


DATELINE_PARTS = re.compile(  # the place words, a qualifier after a comma, then the agency's bracket or the dash
    r"^(?P<place>[A-Z][A-Z.'’ -]*?[A-Z.])\s*(?:,\s*(?P<qualifier>[^(–—-]*?))?\s*(?:\(|[-–—]\s)")


def dateline_place(body: str) -> tuple[str, str | None] | None:
    """The place words of a dateline opening the body, as written, and the words qualifying them ('LONDON, Ont.
    –' -> ('LONDON', 'Ont.')); None when the body opens with no dateline. The words are the segmenter's
    dateline (PLACE_DATELINE): capitals, an optional qualifier, an optional agency in brackets, a dash."""
    if not PLACE_DATELINE.match(body):
        return None
    parts = DATELINE_PARTS.match(body)
    if parts is None:
        return None
    return parts.group("place").strip(), (parts.group("qualifier") or "").strip() or None
