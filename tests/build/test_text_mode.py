"""`build --text none|snippets`: page text withheld, everything else as in the full build, and validation as strict
with the text gone (offsets against `body_length`, withheld columns null, kept ones present)."""

import hashlib
import json

import pytest

from newstables.build.cli import TextMode
from newstables.build.pipeline import build_dataset
from newstables.build.text_mode import withhold_table, withhold_text, withheld_columns
from newstables.schemas import CONTRACTS
from newstables.schemas.contract import TEXT_MODES
from newstables.validation.layout import CARD, MANIFEST, read_table
from newstables.validation.run import read_frames, validate_folder, validate_tables
from tests_paths import RAW


@pytest.fixture(scope="module")
def release_snippets(release, tmp_path_factory):
    out = tmp_path_factory.mktemp("snippets") / "release"
    build_dataset(RAW, out, "0.1.0", work=release.parent / f".{release.name}.work", text_mode="snippets")
    return out


@pytest.fixture(scope="module")
def none_frames(release_none):
    return read_frames(release_none)


def _checks(failures) -> set[tuple[str, str]]:
    return {(f.table, f.check) for f in failures}


def test_every_span_text_is_withheld_without_text():
    """A `none` release carries no words cut from a body: every span text of every contract is withheld."""
    for contract in CONTRACTS.values():
        for span in contract.spans:
            if span.text:
                column = contract.column(span.within or span.text)
                assert column.withheld_in("none"), (contract.name, span)
                assert not span.within or span.text in column.withheld_fields, (contract.name, span)


def test_cli_offers_the_contract_text_modes():
    assert [m.value for m in TextMode] == list(TEXT_MODES)


@pytest.mark.parametrize("fixture, mode", [("release_none", "none"), ("release_snippets", "snippets")])
def test_only_withheld_text_differs_from_the_full_build(request, release, fixture, mode):
    """Ids, offsets, names and metadata are the full build's; the withheld columns are null."""
    folder = request.getfixturevalue(fixture)
    assert json.loads((folder / MANIFEST).read_text())["build"]["text_mode"] == mode
    for name, contract in CONTRACTS.items():
        full, withheld = read_table(release, name), read_table(folder, name)
        assert withhold_table(contract, full, mode).equals(withheld), name
    articles = read_table(folder, "articles").to_pylist()
    assert articles and all(a["body"] is None for a in articles)
    full = {a["article_id"]: a["body"] for a in read_table(release, "articles").to_pylist()}
    for a in articles:  # the digests stay, so offsets stay checkable and rehydrate can check what it restores
        assert a["body_length"] == len(full[a["article_id"]])
        assert a["body_sha256"] == hashlib.sha256(full[a["article_id"]].encode()).hexdigest()


def test_none_keeps_offsets_and_withholds_every_text(release_none):
    quotes = read_table(release_none, "quotes").to_pylist()
    lengths = {a["article_id"]: a["body_length"] for a in read_table(release_none, "articles").to_pylist()}
    assert quotes and all(q["text"] is None and q["speaker_text"] is None for q in quotes)
    assert all(0 <= q["char_start"] <= q["char_end"] <= lengths[q["article_id"]] for q in quotes)
    events = read_table(release_none, "events").to_pylist()
    assert all(e["trigger"] is None and all(m["trigger"] is None for m in e["mentions"])
               and all(p["text"] is None for p in e["actors"] + e["recipients"]) for e in events)
    assert any(e["actor_name"] for e in events)  # names stay


def test_snippets_keep_each_tables_own_spans(release, release_snippets):
    assert read_table(release_snippets, "quotes")["text"].equals(read_table(release, "quotes")["text"])
    assert read_table(release_snippets, "articles")["captions"].equals(read_table(release, "articles")["captions"])


@pytest.mark.parametrize("fixture", ["release_none", "release_snippets"])
def test_text_free_releases_validate(request, fixture):
    assert validate_folder(request.getfixturevalue(fixture)) == []


def test_card_states_the_text_mode(release, release_none):
    card = (release_none / CARD).read_text()
    assert "Text mode: `none`" in card and "**Text in this release:** withheld (`build --text none`)" in card
    assert "`quotes.text`" in card and "newstables rehydrate" in card
    assert "<!-- text-mode" not in card
    assert "Text mode: `full`." in (release / CARD).read_text()


def test_an_offset_past_the_withheld_body_fails(none_frames):
    frames = {name: df.copy() for name, df in none_frames.items()}
    length = int(frames["articles"].loc[frames["articles"]["article_id"] == frames["quotes"].loc[0, "article_id"],
                                        "body_length"].iloc[0])
    frames["quotes"].loc[0, "char_end"] = length + 1
    failures = validate_tables(frames, with_gx=False, text_mode="none")
    assert ("quotes", "body[char_start:char_end] == text") in _checks(failures)


def test_text_left_in_a_none_release_fails(none_frames):
    """Withheld means null in every row: a body or a span text left in is caught."""
    frames = {name: df.copy() for name, df in none_frames.items()}
    frames["quotes"].loc[0, "text"] = "leaked words"
    frames["articles"].loc[0, "body"] = "x" * int(frames["articles"].loc[0, "body_length"])
    failures = _checks(validate_tables(frames, with_gx=False, text_mode="none"))
    assert ("quotes", "body[char_start:char_end] == text") in failures
    assert ("articles", "withheld by text mode none") in failures
    assert ("articles", "body_sha256 and body_length of body") in failures


def test_full_mode_still_requires_the_text(none_frames):
    """Read as a full release, the same tables fail: bodies and texts may be null only where the mode says."""
    failures = validate_tables(none_frames, text_mode="full")
    assert {("articles", "not_nullable"), ("quotes", "not_nullable")} <= {(f.table, f.check) for f in failures}
    assert ("quotes", "expect_column_values_to_not_be_null") in _checks(failures)


def test_withheld_columns_follow_the_mode_order():
    articles = CONTRACTS["articles"]
    assert [c.name for c in withheld_columns(articles, "full")] == []
    assert [c.name for c in withheld_columns(articles, "snippets")] == ["body"]
    assert {"body", "subtitle", "captions", "pull_quotes"} == {c.name for c in withheld_columns(articles, "none")}


def test_quarantined_rows_are_published_without_text_too(release):
    """Quarantine files ship with the release, so their rows withhold the same text."""
    tables = {name: read_table(release, name) for name in CONTRACTS}
    quote = tables["quotes"].slice(0, 1).to_pylist()[0]
    entry = {"table": "quotes", "checks": ["demo"], "source_file": "x.txt", "row": quote}
    _, held = withhold_text(tables, {"quotes": [entry]}, "none")
    assert held["quotes"][0]["row"] == {**quote, "text": None, "speaker_text": None}
    with pytest.raises(ValueError):
        withhold_text(tables, {}, "some")
