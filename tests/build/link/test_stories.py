import math
import random

import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from newstables.build.link import stories
from newstables.build.link.groups import Groups
from newstables.build.extract.story_features import NUM_PERM, SCHEME, SEED, body_signature
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
    from newstables.build.link.stories import mark_duplicates

    story = " ".join(f"word{i}" for i in range(300))
    bodies = {"a1": story, "a2": story + " and one more sentence at the end.", "a3": "something else " * 50}
    articles = [{"article_id": k, "body": b, "published_at": None, "source_file": f"{k}.txt", "source_record": None,
                 "story_index": 0} for k, b in bodies.items()]
    stored = {k: [int(v) for v in body_signature(b)] for k, b in bodies.items()}  # as read back from Parquet
    mark_duplicates(articles, stored)
    assert [a["duplicate_of"] for a in articles] == [None, "a1", None]


def _lsh_together(hashes: dict[str, MinHash], threshold: float) -> set[tuple[str, str]]:
    """The pairs datasketch's own MinHashLSH returns for each other."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    for key, h in hashes.items():
        lsh.insert(key, h)
    return {tuple(sorted((key, other))) for key, h in hashes.items() for other in lsh.query(h) if other != key}


def _partition(groups: Groups) -> list[list]:
    return sorted(groups.members())


def test_copies_are_what_datasketch_lsh_and_jaccard_find():
    rng = random.Random(7)
    originals = [[rng.randrange(2**32) for _ in range(NUM_PERM)] for _ in range(12)]
    signatures = {}
    for i in range(80):  # copies that differ in 0-60 hash values: either side of the 0.8 threshold, in and out of bands
        values = list(rng.choice(originals))
        for at in rng.sample(range(NUM_PERM), rng.choice([0, 3, 20, 25, 26, 27, 40, 60])):
            values[at] = rng.randrange(2**32)
        signatures[f"a{i:02d}"] = values
    articles = [{"article_id": k, "published_at": None, "source_file": f"{rng.randrange(5)}.txt",
                 "source_record": None, "story_index": 0} for k in signatures]
    stories.mark_duplicates(articles, signatures)

    hashes = {k: LeanMinHash(seed=SEED, hashvalues=v, scheme=SCHEME) for k, v in signatures.items()}
    expected = Groups(signatures)
    for a, b in _lsh_together(hashes, stories.DUPLICATE_THRESHOLD):
        if hashes[a].jaccard(hashes[b]) >= stories.DUPLICATE_THRESHOLD:
            expected.join(a, b)
    found = Groups(signatures)
    for a in articles:
        found.join(a["article_id"], a["duplicate_of"] or a["article_id"])
    assert _partition(found) == _partition(expected)
    assert 0 < sum(a["duplicate_of"] is not None for a in articles) < len(articles)


@pytest.mark.parametrize("pairs_at_once", [3, 1 << 22])  # many chunks, one chunk
def test_story_clusters_are_what_comparing_all_pairs_gives(monkeypatch, pairs_at_once):
    monkeypatch.setattr(stories, "PAIRS_AT_ONCE", pairs_at_once)
    rng = random.Random(11)
    vocabulary = [f"t{i}" for i in range(400)]
    ledes = [rng.sample(vocabulary, rng.randint(4, 20)) for _ in range(25)]
    terms = {}
    for i in range(120):  # reports of a lede, with some of its terms dropped and others added: near misses
        lede = [t for t in rng.choice(ledes) if rng.random() < 0.6] + rng.sample(vocabulary, rng.randint(0, 8))
        terms[f"a{i:03d}"] = sorted(set(lede))
    terms["a999"] = []  # no salient terms at all
    articles = [{"article_id": k, "duplicate_of": "a000" if k == "a005" else None} for k in terms]
    stories.cluster_stories(articles, terms)

    idf = {t: math.log((len(terms) + 1) / (sum(t in set(ts) for ts in terms.values()) + 0.5)) for t in vocabulary}
    hashes = {}
    for key, ts in terms.items():
        hashes[key] = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
        hashes[key].update_batch([t.encode("utf-8") for t in ts])
    expected = Groups(terms)
    expected.join("a000", "a005")
    joined = 0
    for a, b in _lsh_together(hashes, stories.STORY_CANDIDATE_THRESHOLD):
        shared = math.fsum(idf[t] for t in set(terms[a]) & set(terms[b]))
        union = math.fsum(idf[t] for t in set(terms[a]) | set(terms[b]))
        if union and shared / union >= stories.STORY_THRESHOLD:
            expected.join(a, b)
            joined += 1
    found = Groups(terms)
    by_story = {}
    for a in articles:
        found.join(a["article_id"], by_story.setdefault(a["story_id"], a["article_id"]))
    assert _partition(found) == _partition(expected)
    assert joined > 20 and len(by_story) > 10  # the corpus has both clusters and loners


def test_no_articles():
    stories.mark_duplicates([], {})
    stories.cluster_stories([], {})
