"""Publication years from events dated elsewhere in the corpus (corpus-level, rule `dating-1`).

An undated article that places an event relative to its own year ('the killing of Soleimani ... early last
year') while another report of the same merged event states its year ('a January 2020 US drone strike') was
published in that year plus the offset (2021). Only a single, consistent answer is used; the article's
`published_at` becomes that year (precision `year`, source `inferred-from-text`), and its day-month dates
('the July 5 meeting') and month dates ('early April') are placed in that year (method
`relative-to-publication`). Relative days and weeks
('last week', 'Tuesday') stay unresolved: a year is no base for them.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from datetime import date, datetime, timezone

RULE = {"version": "dating-1", "rule": "publication year = stated year of a merged event + the article's own "
        "year offset for it ('last year' = 1, 'this year' = 0, 'N years ago' = N); single consistent answer only"}
YEAR_OFFSET = [(re.compile(r"\blast year\b", re.I), 1), (re.compile(r"\b(this|earlier this) year\b", re.I), 0),
               (re.compile(r"\b(two|2) years ago\b", re.I), 2), (re.compile(r"\ba year ago\b", re.I), 1)]


def _offset(date_text: str | None) -> int | None:
    for pattern, offset in YEAR_OFFSET:
        if date_text and pattern.search(date_text):
            return offset
    return None


def infer_years(groups: list[list[dict]], articles: list[dict]) -> dict[str, int]:
    """article_id -> publication year, from merged event groups (lists of mentions)."""
    undated = {a["article_id"] for a in articles if a["published_at"] is None}
    votes: dict[str, set[int]] = defaultdict(set)
    for mentions in groups:
        stated = {m["date_start"].year for m in mentions if m["date_method"] == "explicit" and m["date_start"]
                  and m["date_start"].year == m["date_end"].year}
        if len(stated) != 1:
            continue
        year = stated.pop()
        for m in mentions:
            offset = _offset(m["date_text"])
            if m["article_id"] in undated and offset is not None:
                votes[m["article_id"]].add(year + offset)
    return {a: ys.pop() for a, ys in votes.items() if len(ys) == 1}


def apply_years(years: dict[str, int], articles: list[dict], mentions: list[dict]) -> list[dict]:
    """Date the articles and their mentions; return the mentions whose dates changed."""
    dated = []
    for a in articles:
        if a["article_id"] in years:
            a["published_at"] = datetime(years[a["article_id"]], 1, 1, tzinfo=timezone.utc)
            a["published_at_precision"], a["published_at_source"] = "year", "inferred-from-text"
    for m in mentions:
        year = years.get(m["article_id"])
        if year is None or m["date_start"] is not None:
            continue
        if m["month_day"]:
            month, day = map(int, m["month_day"].split("-"))
            try:
                m["date_start"] = m["date_end"] = date(year, month, day)
            except ValueError:  # 29 February in a year that has none: the inferred year is wrong for it
                continue
            m["date_precision"], m["date_method"] = "day", "relative-to-publication"
            dated.append(m)
        elif m.get("month") and not re.search(r"\b(last|next|ago)\b", m["date_text"] or "", re.I):
            # 'early April' in a story of that year: the month it names, in that year
            month = int(m["month"])
            m["date_start"] = date(year, month, 1)
            m["date_end"] = date(year, month, calendar.monthrange(year, month)[1])
            m["date_precision"], m["date_method"] = "month", "relative-to-publication"
            dated.append(m)
        elif _offset(m["date_text"]) is not None:
            y = year - _offset(m["date_text"])
            m["date_start"], m["date_end"] = date(y, 1, 1), date(y, 12, 31)
            m["date_precision"], m["date_method"] = "year", "relative-to-publication"
            dated.append(m)
    return dated
