"""Ids of existing stories, entities and events survive adding articles (the id registry in the work folder),
and a build without a registry gives the content-derived ids."""

import shutil

import pytest

from newstables.build import release as release_module
from newstables.build.names import name_key
from newstables.build.pipeline import build_dataset
from newstables.schemas.ids import stable_id
from newstables.validation.layout import read_table
from newstables.validation.run import Failure
from tests_paths import RAW

FIRST = ("001", "002", "003")  # two reports of the Taeb visit, and an analysis piece
ADDED = ("000", "004")  # another Taeb report (its article_id is the story's smallest), its syndicated copy, others
# An unrelated story that spells an existing entity its own way ('Hassan Nasrallah' in 003), often enough to
# become the entity's most frequent name: the content-derived entity_id moves with it.
NASRALLAH = """Hezbollah leader gives televised speech

Hezbollah leader Hasan Nasrallah said on Friday that the group would rebuild its positions in southern Lebanon, \
in a televised speech.

Hasan Nasrallah also thanked supporters for their patience, according to the group's television station.

In the speech, Hasan Nasrallah did not mention the elections.
"""


def _copy(raw, prefixes):
    for prefix in prefixes:
        for path in RAW.glob(f"{prefix}_*"):
            shutil.copy(path, raw / path.name)


def _ids(release) -> dict[str, dict]:
    """kind -> member key -> id, members keyed as the registry keys them."""
    return {
        "story": {a["article_id"]: a["story_id"] for a in read_table(release, "articles").to_pylist()},
        "entity": {m["mention_id"]: m["entity_id"] for m in read_table(release, "entities").to_pylist()},
        "event": {(m["article_id"], m["char_start"]): e["event_id"] for e in read_table(release, "events").to_pylist()
                  for m in e["mentions"]},
    }


def _changed(before: dict, after: dict) -> dict[str, int]:
    return {kind: sum(after[kind][k] != i for k, i in before[kind].items()) for kind in before}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The first corpus; the failed, then the published build of the grown corpus (same work folder); the grown
    corpus again with the registry deleted."""
    tmp = tmp_path_factory.mktemp("stable")
    raw, work = tmp / "raw", tmp / "work"
    raw.mkdir()
    _copy(raw, FIRST)
    first = build_dataset(raw, tmp / "first", "0.1.0", work=work)
    registered = (work / "id_registry.parquet").read_bytes()

    _copy(raw, ADDED)
    (raw / "nasrallah.txt").write_text(NASRALLAH, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(release_module, "validate_folder", lambda folder, **_: [Failure("pandera", "quotes", "demo")])
        with pytest.raises(release_module.ValidationFailed):
            build_dataset(raw, tmp / "grown", "0.1.0", work=work)
    kept_after_failure = (work / "id_registry.parquet").read_bytes() == registered

    grown = build_dataset(raw, tmp / "grown", "0.1.0", work=work)
    (work / "id_registry.parquet").unlink()
    fresh = build_dataset(raw, tmp / "fresh", "0.1.0", work=work)
    return {"first": first.out, "grown": grown.out, "fresh": fresh.out, "kept_after_failure": kept_after_failure}


def _lost(before: dict, after: dict) -> dict[str, list[str]]:
    """kind -> earlier ids that no longer name most of their members. New articles may move a member (a report
    now merged with the event it was about) or merge two earlier clusters (then the larger keeps its id), but an
    earlier cluster otherwise keeps its id."""
    lost = {}
    for kind in before:
        members = {}
        for key, cluster in before[kind].items():
            members.setdefault(cluster, []).append(after[kind][key])
        lost[kind] = [cluster for cluster, now in members.items()
                      if max(sorted(set(now)), key=now.count) not in {cluster, *members}]
    return lost


def test_existing_ids_survive_added_articles(builds):
    before, after = _ids(builds["first"]), _ids(builds["grown"])
    assert all(set(before[kind]) <= set(after[kind]) for kind in before)  # every earlier member is still there
    assert _lost(before, after) == {"story": [], "entity": [], "event": []}
    changed = _changed(before, after)
    assert changed["story"] == changed["entity"] == 0 and changed["event"] <= 0.02 * len(before["event"]), changed


def test_without_the_registry_the_added_articles_move_ids(builds):
    """The registry is what keeps them: the same corpus built without it gives other ids for some clusters."""
    changed = _changed(_ids(builds["first"]), _ids(builds["fresh"]))
    assert all(changed.values()), changed


def test_without_a_registry_ids_are_content_derived(builds):
    fresh = builds["fresh"]
    articles = read_table(fresh, "articles").to_pylist()
    for story in {a["story_id"] for a in articles}:
        assert story == stable_id("sto", min(a["article_id"] for a in articles if a["story_id"] == story))
    for event in read_table(fresh, "events").to_pylist():
        first = min((m["article_id"], m["char_start"]) for m in event["mentions"])
        assert event["event_id"] == stable_id("evt", *first)
    where = {}
    for m in read_table(fresh, "entities").to_pylist():
        where.setdefault(m["entity_id"], set()).add(m["article_id"])
    for entity in read_table(fresh, "entity_catalog").to_pylist():
        key = ("ent", entity["type"], name_key(entity["name"]))
        assert entity["entity_id"] in {stable_id(*key), *(stable_id(*key, a) for a in where[entity["entity_id"]])}


def test_references_follow_the_carried_ids(builds):
    grown = builds["grown"]
    catalog = {e["entity_id"] for e in read_table(grown, "entity_catalog").to_pylist()}
    assert {m["entity_id"] for m in read_table(grown, "entities").to_pylist()} == catalog
    speakers = {q["speaker_entity_id"] for q in read_table(grown, "quotes").to_pylist()} - {None}
    participants = {p["entity_id"] for e in read_table(grown, "events").to_pylist()
                    for p in e["actors"] + e["recipients"]} - {None}
    assert speakers and participants and speakers | participants <= catalog


def test_the_registry_changes_only_when_a_release_is_published(builds):
    assert builds["kept_after_failure"]


def test_the_manifest_records_the_registry(builds):
    import json

    first = json.loads((builds["first"] / "manifest.json").read_text())["build"]["stable_ids"]
    grown = json.loads((builds["grown"] / "manifest.json").read_text())["build"]["stable_ids"]
    assert first["registry_used"] is False and set(first["carried"].values()) == {0}
    assert grown["registry_used"] is True
    stories = {a["story_id"] for a in read_table(builds["first"], "articles").to_pylist()}
    assert grown["carried"]["story"] == len(stories) and grown["new"]["story"] > 0
