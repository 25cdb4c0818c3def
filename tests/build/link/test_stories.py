from newstables.validation.layout import read_table


def test_syndicated_copy_and_story_clusters(release):
    rows = read_table(release, "articles").to_pylist()
    by_key = {(r["source_file"][:3], r["story_index"]): r for r in rows}
    # 004's first story is the same Reuters text as 002's first story
    assert by_key[("004", 0)]["duplicate_of"] == by_key[("002", 0)]["article_id"]
    assert sum(r["duplicate_of"] is not None for r in rows) == 1
    # the four reports of the Taeb visit are one story; every other article stands alone
    taeb = {by_key[k]["story_id"] for k in [("000", 0), ("001", 0), ("002", 0), ("004", 0)]}
    assert len(taeb) == 1
    others = [r["story_id"] for k, r in by_key.items() if k not in [("000", 0), ("001", 0), ("002", 0), ("004", 0)]]
    assert len(set(others)) == len(others) == 5 and not taeb & set(others)


def test_method_is_recorded(release):
    import json

    manifest = json.loads((release / "manifest.json").read_text())
    dedupe = manifest["build"]["dedupe"]
    assert dedupe["library"] == "datasketch MinHash LSH"
    assert dedupe["duplicates"]["jaccard_threshold"] == 0.8


def test_near_duplicates_are_found_from_stored_body_signatures():
    from newstables.build.link.stories import body_signature, mark_duplicates

    story = " ".join(f"word{i}" for i in range(300))
    bodies = {"a1": story, "a2": story + " and one more sentence at the end.", "a3": "something else " * 50}
    articles = [{"article_id": k, "body": b, "published_at": None, "source_file": f"{k}.txt", "source_record": None,
                 "story_index": 0} for k, b in bodies.items()]
    stored = {k: [int(v) for v in body_signature(b)] for k, b in bodies.items()}  # as read back from Parquet
    mark_duplicates(articles, stored)
    assert [a["duplicate_of"] for a in articles] == [None, "a1", None]
