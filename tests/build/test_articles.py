from datetime import UTC, datetime

from newstables.build.articles import make_articles
from newstables.build.ingest import RawDocument, read_raw_dir
from newstables.build.pubdate import infer_published, parse_published
from newstables.build.sidecar import read_sidecar

from fixtures import PARAGRAPHS, write_inputs


def _articles(tmp_path):
    raw = tmp_path / "raw"
    write_inputs(raw)
    sidecar = read_sidecar(raw / "manifest.csv").rows
    items = list(read_raw_dir(raw, skip=frozenset({"manifest.csv"})))
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejects = {i.source_file: i.reason for i in items if not isinstance(i, RawDocument)}
    return {(a.source_file, a.source_record): a for d in docs for a in make_articles(d, sidecar.get(d.source_file))}, rejects


def test_html_metadata_and_manifest_overrides(tmp_path):
    articles, _ = _articles(tmp_path)
    a = articles[("vienna.html", None)]
    assert a.source_format == "html"
    assert a.title == "Negotiators meet in Vienna on prisoner exchange" and a.title_source == "html-meta"
    assert a.byline == "Jane Doe" and a.byline_source == "html-meta"
    # the manifest wins over the page's own metadata, and says so
    assert (a.url, a.url_source) == ("https://override.example/v", "manifest")
    assert (a.outlet, a.outlet_source) == ("Manifest Outlet", "manifest")
    assert (a.published_at, a.published_at_source) == (datetime(2021, 7, 14, tzinfo=UTC), "manifest")
    assert (a.license, a.language, a.language_source) == ("CC-BY-4.0", "en", "manifest")
    for p in PARAGRAPHS:
        assert p in a.body
    assert "All rights reserved" not in a.body and "Home" not in a.body.split("\n")

    gz = articles[("vienna-copy.html.gz", None)]
    assert gz.outlet == "Example News" and gz.outlet_source == "html-meta"
    assert gz.published_at == datetime(2021, 7, 13, tzinfo=UTC) and gz.published_at_precision == "day"


def test_jsonl_records(tmp_path):
    articles, rejects = _articles(tmp_path)
    text_record = articles[("wire.jsonl", 1)]
    assert text_record.source_format == "jsonl" and text_record.title == "Talks resume"
    assert (text_record.outlet, text_record.outlet_source) == ("Example Wire", "jsonl-record")
    assert text_record.published_at == datetime(2021, 7, 12, tzinfo=UTC)
    assert text_record.body.split("\n\n") == PARAGRAPHS[::-1]
    html_record = articles[("wire.jsonl", 2)]
    assert "Doha" in html_record.body and html_record.outlet == "Example News"
    assert rejects == {"wire.jsonl#3": "bad-record", "wire.jsonl#4": "bad-record"}
    assert text_record.article_id != html_record.article_id


def test_byline_and_dateline_from_page_text():
    text = ("Talks resume in Vienna\n\nBy Jane Doe and John Roe, Reuters\n\nUpdated: Nov. 20, 2019 1:35 a.m.\n\n"
            + "\n\n".join(PARAGRAPHS))
    [a] = make_articles(RawDocument("p.txt", "0" * 64, "utf-8", "text", text))
    assert a.byline == "Jane Doe and John Roe" and a.byline_source == "page-text"
    assert (a.published_at, a.published_at_precision, a.published_at_source) == (
        datetime(2019, 11, 20, tzinfo=UTC), "day", "inferred-from-text")
    assert "Jane Doe" not in a.body


def test_publication_dates_are_never_guessed():
    assert infer_published([], [], "Reuters reported Tuesday that militias met on July 5.") is None
    archive = ["Illustrative: In this January 25, 2018 photo, troops coordinate. (AP Photo/Susannah George)"]
    assert infer_published([], archive, "Reuters reported on Tuesday that ...") is None
    dated = ["People cross an intersection in downtown Tehran, Iran, Monday, Feb. 9, 2026. (AP)"]
    assert infer_published([], dated, "France accused Iran on Monday of repression.") == (datetime(2026, 2, 9, tzinfo=UTC), "week")
    assert parse_published("2019") == (datetime(2019, 1, 1, tzinfo=UTC), "year")
    assert parse_published("2021-07-13T10:00:00+02:00") == (datetime(2021, 7, 13, 8, 0, tzinfo=UTC), "day")
