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
