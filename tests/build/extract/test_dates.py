"""Relative and coarse dates (build/extract/dates.py)."""

from datetime import date, datetime

from newstables.build.extract.dates import resolve_range

PUB = datetime(2026, 2, 9, 14, 0)  # a Monday


def _r(text, pub=PUB):
    found = resolve_range(text, pub)
    return found and (found["start"], found["end"], found["precision"])


def test_calendar_relatives():
    assert _r("last month") == (date(2026, 1, 1), date(2026, 1, 31), "month")
    assert _r("earlier this year") == (date(2026, 1, 1), date(2026, 2, 9), "year")
    assert _r("last year") == (date(2025, 1, 1), date(2025, 12, 31), "year")
    assert _r("next month") == (date(2026, 3, 1), date(2026, 3, 31), "month")
    assert _r("the past week") == (date(2026, 2, 2), date(2026, 2, 9), "week")
    assert _r("three days ago") == (date(2026, 2, 6), date(2026, 2, 6), "day")


def test_weekdays():
    assert _r("on Monday") == (date(2026, 2, 9), date(2026, 2, 9), "day")  # the publication day itself
    assert _r("Tuesday") == (date(2026, 2, 3), date(2026, 2, 3), "day")
    assert _r("last Monday") == (date(2026, 2, 2), date(2026, 2, 2), "day")


def test_year_and_month_only_give_their_range():
    assert _r("2019") == (date(2019, 1, 1), date(2019, 12, 31), "year")
    assert _r("mid-2020") == (date(2020, 1, 1), date(2020, 12, 31), "year")
    assert _r("January 2020") == (date(2020, 1, 1), date(2020, 1, 31), "month")


def test_must_not():
    assert resolve_range("last month", None)["start"] is None  # no publication date: never guessed
    assert resolve_range("six-year", PUB) is None  # a length of time
    assert resolve_range("four years", PUB) is None
