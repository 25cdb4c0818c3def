"""Syndicated copies and story clusters, without all-pairs comparison.

- `duplicate_of`: MinHash over word 5-gram shingles of the body; LSH finds candidates at Jaccard >= 0.8.
  The earliest copy (by publication date, then input order) is the original.
- `story_id`: reports of the same news story in different words share their lede's salient terms. MinHash LSH
  over lede terms finds candidates; a pair joins when the IDF-weighted Jaccard of their terms reaches 0.15
  (on the seeds, same-story pairs score 0.20-0.60 and different stories at most 0.07).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime

from datasketch import MinHash, MinHashLSH

from newstables.build.ids import stable_id
from newstables.build.link.groups import Groups

NUM_PERM = 128
SHINGLE = 5
DUPLICATE_THRESHOLD = 0.8
STORY_CANDIDATE_THRESHOLD = 0.1
STORY_THRESHOLD = 0.15
LEDE_WORDS = 120
METHOD = {
    "library": "datasketch MinHash LSH", "num_perm": NUM_PERM, "seed": 1,
    "duplicates": {"shingles": f"word {SHINGLE}-grams of the body", "jaccard_threshold": DUPLICATE_THRESHOLD},
    "stories": {"terms": f"lemmas of nouns, proper nouns, verbs and adjectives in the title and first {LEDE_WORDS} "
                         "body words", "candidate_threshold": STORY_CANDIDATE_THRESHOLD,
                "idf_weighted_jaccard_threshold": STORY_THRESHOLD},
}


def lede_terms(doc, title: str | None) -> list[str]:
    """Per-article: the salient lemmas of the title and lede (computed from the article's own Doc)."""
    words = 0
    terms = set()
    for tok in doc:
        if not tok.is_space:
            words += 1
        if words > LEDE_WORDS:
            break
        if tok.pos_ in ("PROPN", "NOUN", "VERB", "ADJ") and tok.is_alpha and not tok.is_stop and len(tok) > 2:
            terms.add(tok.lemma_.lower())
    for word in (title or "").split():
        word = word.strip(".,:;!?'\"‘’“”").lower()
        if word.isalpha() and len(word) > 2:
            terms.add(word)
    return sorted(terms)


def _minhash(items) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    for item in items:
        m.update(item.encode("utf-8"))
    return m


def _candidates(sets: dict[str, object], threshold: float):
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = {}
    for key in sorted(sets):
        hashes[key] = _minhash(sets[key])
        for other in sorted(lsh.query(hashes[key])):
            yield other, key, hashes
        lsh.insert(key, hashes[key])


def _order_key(article: dict):
    return (article["published_at"] or datetime.max, article["source_file"], article["source_record"] or 0,
            article["story_index"])


def mark_duplicates(articles: list[dict]) -> None:
    by_id = {a["article_id"]: a for a in articles}
    shingles = {}
    for a in articles:
        words = a["body"].lower().split()
        shingles[a["article_id"]] = {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    groups = Groups(by_id)
    for a, b, hashes in _candidates(shingles, DUPLICATE_THRESHOLD):
        if hashes[a].jaccard(hashes[b]) >= DUPLICATE_THRESHOLD:
            groups.join(a, b)
    for members in groups.members():
        original = min(members, key=lambda i: _order_key(by_id[i]))
        for i in members:
            by_id[i]["duplicate_of"] = None if i == original else original


def cluster_stories(articles: list[dict], terms: dict[str, list[str]]) -> None:
    df = Counter(t for ts in terms.values() for t in set(ts))
    n = len(terms)
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}

    def similarity(a, b):
        sa, sb = set(terms[a]), set(terms[b])
        union = sum(idf[t] for t in sa | sb)
        return sum(idf[t] for t in sa & sb) / union if union else 0.0

    groups = Groups([a["article_id"] for a in articles])
    for a in articles:  # copies are one story by definition
        if a["duplicate_of"]:
            groups.join(a["article_id"], a["duplicate_of"])
    for a, b, _ in _candidates(terms, STORY_CANDIDATE_THRESHOLD):
        if similarity(a, b) >= STORY_THRESHOLD:
            groups.join(a, b)
    for a in articles:
        a["story_id"] = stable_id("sto", groups.find(a["article_id"]))  # the root is the cluster's smallest id
