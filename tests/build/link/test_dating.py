from datetime import UTC, date, datetime

from newstables.build.link.dating import apply_years, infer_years


def _m(article, date_text, start=None, method=None, month_day=None):
    return {"article_id": article, "date_text": date_text, "date_start": start, "date_end": start,
            "date_method": method, "date_precision": "day" if start else None, "month_day": month_day}


def test_a_year_stated_elsewhere_dates_an_undated_article():
    strike = [_m("dated", "3 January 2020", date(2020, 1, 3), "explicit"), _m("undated", "early last year")]
    articles = [{"article_id": "dated", "published_at": datetime(2020, 3, 1, tzinfo=UTC)},
                {"article_id": "undated", "published_at": None}]
    years = infer_years([strike], articles)
    assert years == {"undated": 2021}
    meeting = _m("undated", "July 5", month_day="07-05")
    apply_years(years, articles, [meeting])
    assert articles[1]["published_at"] == datetime(2021, 1, 1, tzinfo=UTC) and articles[1]["published_at_precision"] == "year"
    assert meeting["date_start"] == date(2021, 7, 5) and meeting["date_method"] == "relative-to-publication"


def test_conflicting_or_missing_anchors_give_no_year():
    a = [_m("x", "2019", date(2019, 1, 1), "explicit"), _m("u", "last year")]
    b = [_m("y", "2015", date(2015, 1, 1), "explicit"), _m("u", "last year")]
    articles = [{"article_id": i, "published_at": None} for i in ("u", "x", "y")]
    assert infer_years([a, b], articles) == {}  # 2020 and 2016 disagree: no guess
    assert infer_years([[_m("u", "last week")]], articles) == {}
