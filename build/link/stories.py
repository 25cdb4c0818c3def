"""Syndicated copies and story clusters, without all-pairs comparison.

- `duplicate_of`: MinHash over word 5-gram shingles of the body; LSH finds candidates at Jaccard >= 0.8.
  The earliest copy (by publication date, then input order) is the original.
- `story_id`: reports of the same news story in different words share their lede's salient terms. A pair joins
  when the IDF-weighted Jaccard of their terms reaches 0.15 (on the seeds, same-story pairs score 0.20-0.60 and
  different stories at most 0.07) and MinHash LSH over lede terms (candidate threshold 0.1) buckets them
  together. At that low threshold LSH buckets hold most of a corpus, so pairs come from an inverted index of
  each article's prefix terms (prefix filtering), which holds every pair that can reach 0.15. Pairs whose
  shared prefix terms, plus all the terms one of them has beyond its prefix, weigh too little to reach it are
  dropped unscored (so are most pairs that share a common term or two); the rest are scored, and the LSH rule
  is checked on the pairs that reach the threshold. Pairs are gathered and bounded with numpy, in chunks.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import datetime, timezone

import numpy as np

from newstables.schemas.ids import stable_id
from newstables.build.link.candidates import band_buckets, later_partners, lsh_pairs, run_ends
from newstables.build.link.groups import Groups
from newstables.build.extract.story_features import NUM_PERM, SEED, SHINGLE, LEDE_WORDS, minhash_rows
from newstables.build.config import CONFIG

DUPLICATE_THRESHOLD = CONFIG.link.duplicate_jaccard
STORY_CANDIDATE_THRESHOLD = CONFIG.link.story_candidate_jaccard
STORY_THRESHOLD = CONFIG.link.story_similarity
METHOD = {
    "library": "datasketch MinHash LSH", "num_perm": NUM_PERM, "seed": SEED,
    "duplicates": {"shingles": f"word {SHINGLE}-grams of the body", "jaccard_threshold": DUPLICATE_THRESHOLD},
    "stories": {"terms": f"lemmas of nouns, proper nouns, verbs and adjectives in the title and first {LEDE_WORDS} "
                         "body words", "candidate_threshold": STORY_CANDIDATE_THRESHOLD,
                "idf_weighted_jaccard_threshold": STORY_THRESHOLD},
}
PAIRS_AT_ONCE = 1 << 22  # candidate pairs held in memory at a time (a few arrays of this many numbers)
UNDATED = datetime.max.replace(tzinfo=timezone.utc)  # sorts after every (UTC) publication time


def _order_key(article: dict):
    return (article["published_at"] or UNDATED, article["source_file"], article["source_record"] or 0,
            article["story_index"])


def mark_duplicates(articles: list[dict], signatures: dict[str, list[int]]) -> None:
    """`signatures`: article_id -> its body_signature. Copies: pairs LSH buckets together whose MinHash Jaccard
    estimate (the share of equal hash values) reaches the threshold."""
    by_id = {a["article_id"]: a for a in articles}
    keys = sorted(by_id)
    matrix = np.array([signatures[k] for k in keys], dtype=np.uint64).reshape(len(keys), NUM_PERM)
    first, second = lsh_pairs(matrix, DUPLICATE_THRESHOLD)
    copies = np.count_nonzero(matrix[first] == matrix[second], axis=1) / NUM_PERM >= DUPLICATE_THRESHOLD
    groups = Groups(by_id)
    for i, j in zip(first[copies].tolist(), second[copies].tolist()):
        groups.join(keys[i], keys[j])
    for members in groups.members():
        original = min(members, key=lambda i: _order_key(by_id[i]))
        for i in members:
            by_id[i]["duplicate_of"] = None if i == original else original


def _prefix(terms: set[str], idf: dict[str, float]) -> list[str]:
    """Prefix filtering: the rarest terms (in one global order) until the rest weighs less than STORY_THRESHOLD
    of the whole. Two sets at or above the threshold share a term that is in both prefixes (their first common
    term in that order: if it were later, all they share would weigh less than the threshold)."""
    rest = math.fsum(idf[t] for t in terms)
    bound = STORY_THRESHOLD * rest * (1 - 1e-9)  # a hair more terms than needed, against rounding
    prefix = []
    for t in sorted(terms, key=lambda t: (-idf[t], t)):
        if rest < bound:
            break
        prefix.append(t)
        rest -= idf[t]
    return prefix


def _promising_pairs(prefixes: list[list[int]], term_weight: np.ndarray, weight: np.ndarray, rest: np.ndarray):
    """Chunks of article pairs (a, b), a < b, that share a prefix term (by rank in the global order) and could
    still reach STORY_THRESHOLD. Every term two articles share is in both prefixes or after the prefix that ends
    first (a term of the other's before that point would be in its prefix), so they share at most their common
    prefix terms plus that article's `rest` (the weight after its prefix); a pair needs shared weight of
    threshold/(1+threshold) of their summed weights. Each chunk holds every pair of a range of first articles, at
    most about PAIRS_AT_ONCE of them."""
    n = len(prefixes)
    term = np.fromiter((t for p in prefixes for t in p), dtype=np.int64)
    article = np.repeat(np.arange(n), [len(p) for p in prefixes])
    order = np.lexsort((article, term))  # by term, then article: a run's later holders have larger numbers
    term, article = term[order], article[order]
    ends = run_ends(term)
    pairs_up_to = np.bincount(article, weights=ends - np.arange(len(term)) - 1, minlength=n).cumsum()
    last = np.array([p[-1] if p else -1 for p in prefixes])
    lo = 0
    while lo < n:
        hi = max(int(np.searchsorted(pairs_up_to, (pairs_up_to[lo - 1] if lo else 0) + PAIRS_AT_ONCE, "right")),
                 lo + 1)
        held = np.flatnonzero((article >= lo) & (article < hi))
        first, second = later_partners(held, ends[held])
        codes, pair_of = np.unique(article[first] * n + article[second], return_inverse=True)
        shared_prefix = np.bincount(pair_of, weights=term_weight[term[first]], minlength=len(codes))
        a, b = np.divmod(codes, n)
        bound = shared_prefix + rest[np.where(last[a] <= last[b], a, b)]
        need = STORY_THRESHOLD / (1 + STORY_THRESHOLD) * (weight[a] + weight[b]) * (1 - 1e-9)  # hair, as above
        yield a[bound >= need], b[bound >= need]
        lo = hi


def _lsh_buckets_together(first: np.ndarray, second: np.ndarray, terms: list[list[str]]) -> np.ndarray:
    """For each pair of articles (indexes into `terms`), whether MinHash LSH over lede terms would bucket them
    together in some band."""
    involved, index = np.unique(np.concatenate([first, second]), return_inverse=True)
    buckets = band_buckets(minhash_rows([terms[k] for k in involved.tolist()]), STORY_CANDIDATE_THRESHOLD)
    return (buckets[index[:len(first)]] == buckets[index[len(first):]]).any(axis=1)


def cluster_stories(articles: list[dict], terms: dict[str, list[str]]) -> None:
    keys = sorted(terms)
    df = Counter(t for ts in terms.values() for t in set(ts))
    n = len(terms)
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    ranked = sorted(idf, key=lambda t: (-idf[t], t))  # _prefix's global order
    rank = {t: r for r, t in enumerate(ranked)}
    sets = [set(terms[k]) for k in keys]
    weight = [math.fsum(idf[t] for t in s) for s in sets]  # exactly rounded: no set order can tip a tie
    prefixes = [_prefix(s, idf) for s in sets]
    rest = np.array([math.fsum(idf[t] for t in s.difference(p)) for s, p in zip(sets, prefixes)])

    def similarity(a, b):
        shared = math.fsum(idf[t] for t in sets[a] & sets[b])
        union = weight[a] + weight[b] - shared
        return shared / union if union else 0.0

    chunks = _promising_pairs([[rank[t] for t in p] for p in prefixes], np.array([idf[t] for t in ranked]),
                              np.array(weight), rest)
    similar = [(a, b) for chunk in chunks for a, b in zip(*(side.tolist() for side in chunk))
               if similarity(a, b) >= STORY_THRESHOLD]
    first, second = np.array(similar, dtype=np.int64).reshape(-1, 2).T
    groups = Groups([a["article_id"] for a in articles])
    for a in articles:  # copies are one story by definition
        if a["duplicate_of"]:
            groups.join(a["article_id"], a["duplicate_of"])
    together = _lsh_buckets_together(first, second, [terms[k] for k in keys])
    for a, b in zip(first[together].tolist(), second[together].tolist()):
        groups.join(keys[a], keys[b])
    for a in articles:
        a["story_id"] = stable_id("sto", groups.find(a["article_id"]))  # the root is the cluster's smallest id
