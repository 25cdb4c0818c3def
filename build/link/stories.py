"""Syndicated copies and story clusters, without all-pairs comparison.

- `duplicate_of`: MinHash over word 5-gram shingles of the body; LSH finds candidates at Jaccard >= 0.8.
  The earliest copy (by publication date, then input order) is the original.
- `story_id`: reports of the same news story in different words share their lede's salient terms. A pair joins
  when the IDF-weighted Jaccard of their terms reaches 0.15 (on the seeds, same-story pairs score 0.20-0.60 and
  different stories at most 0.07) and MinHash LSH over lede terms (candidate threshold 0.1) buckets them
  together. At that low threshold LSH buckets hold most of a corpus, so pairs come from an inverted index of
  each article's prefix terms (prefix filtering), which holds every pair that can reach 0.15; the LSH rule is
  then checked per pair.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import datetime, timezone
from functools import cache
from itertools import combinations

from datasketch import LeanMinHash, MinHash, MinHashLSH

from newstables.schemas.ids import stable_id
from newstables.build.link.groups import Groups
from newstables.build.config import CONFIG

NUM_PERM = CONFIG.link.minhash_num_perm
SHINGLE = CONFIG.link.shingle_words
DUPLICATE_THRESHOLD = CONFIG.link.duplicate_jaccard
STORY_CANDIDATE_THRESHOLD = CONFIG.link.story_candidate_jaccard
STORY_THRESHOLD = CONFIG.link.story_similarity
LEDE_WORDS = CONFIG.link.lede_words
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


SCHEME = "affine32"  # datasketch's permutation scheme: stored signatures are only comparable within one


def _minhash(items) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    m.update_batch([item.encode("utf-8") for item in items])
    return m


UNDATED = datetime.max.replace(tzinfo=timezone.utc)  # sorts after every (UTC) publication time


def _order_key(article: dict):
    return (article["published_at"] or UNDATED, article["source_file"], article["source_record"] or 0,
            article["story_index"])


def _shingles(body: str) -> set[str]:
    words = body.lower().split()
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}


def body_signature(body: str) -> list[int]:
    """Per-article: the MinHash of the body's shingles, which `mark_duplicates` compares (computed once, in the
    extract stage, and stored with the article: a rebuild hashes only the bodies that changed)."""
    return _minhash(_shingles(body)).hashvalues.tolist()


def mark_duplicates(articles: list[dict], signatures: dict[str, list[int]]) -> None:
    """`signatures`: article_id -> its body_signature."""
    by_id = {a["article_id"]: a for a in articles}
    lsh = MinHashLSH(threshold=DUPLICATE_THRESHOLD, num_perm=NUM_PERM)
    hashes = {}
    groups = Groups(by_id)
    for key in sorted(by_id):
        hashes[key] = LeanMinHash(seed=1, hashvalues=signatures[key], scheme=SCHEME)
        for other in lsh.query(hashes[key]):
            if hashes[other].jaccard(hashes[key]) >= DUPLICATE_THRESHOLD:
                groups.join(other, key)
        lsh.insert(key, hashes[key])
    for members in groups.members():
        original = min(members, key=lambda i: _order_key(by_id[i]))
        for i in members:
            by_id[i]["duplicate_of"] = None if i == original else original


def _prefix(terms: set[str], idf: dict[str, float]) -> list[str]:
    """Prefix filtering: the rarest terms (in one global order) until the rest weighs less than STORY_THRESHOLD
    of the whole. Two sets at or above the threshold share a term that is in both prefixes (their first common
    term in that order: if it were later, all they share would weigh less than the threshold)."""
    rest = sum(idf[t] for t in terms)
    bound = STORY_THRESHOLD * rest * (1 - 1e-9)  # a hair more terms than needed, against rounding
    prefix = []
    for t in sorted(terms, key=lambda t: (-idf[t], t)):
        if rest < bound:
            break
        prefix.append(t)
        rest -= idf[t]
    return prefix


def _share_bucket(a: MinHash, b: MinHash, bands: list[tuple[int, int]]) -> bool:
    """Whether MinHash LSH would put the two in one bucket of some band."""
    return any((a.hashvalues[start:end] == b.hashvalues[start:end]).all() for start, end in bands)


def cluster_stories(articles: list[dict], terms: dict[str, list[str]]) -> None:
    df = Counter(t for ts in terms.values() for t in set(ts))
    n = len(terms)
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    sets = {a: set(ts) for a, ts in terms.items()}
    weight = {a: sum(idf[t] for t in ts) for a, ts in sets.items()}

    def similarity(a, b):
        shared = sum(idf[t] for t in sets[a] & sets[b])
        union = weight[a] + weight[b] - shared
        return shared / union if union else 0.0

    holders = defaultdict(list)  # prefix term -> articles
    for key in sorted(sets):
        for t in _prefix(sets[key], idf):
            holders[t].append(key)
    bands = MinHashLSH(threshold=STORY_CANDIDATE_THRESHOLD, num_perm=NUM_PERM).hashranges

    @cache
    def signature(key):
        return _minhash(terms[key])

    groups = Groups([a["article_id"] for a in articles])
    for a in articles:  # copies are one story by definition
        if a["duplicate_of"]:
            groups.join(a["article_id"], a["duplicate_of"])
    for a, b in {pair for held in holders.values() for pair in combinations(held, 2)}:
        if similarity(a, b) >= STORY_THRESHOLD and _share_bucket(signature(a), signature(b), bands):
            groups.join(a, b)
    for a in articles:
        a["story_id"] = stable_id("sto", groups.find(a["article_id"]))  # the root is the cluster's smallest id
