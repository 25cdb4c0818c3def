"""Per-article features for story linking (build/link/stories.py): the lede's salient terms and the body's MinHash
signature, which the extract stage computes once per article and stores, and the MinHash rows both stages use.
The extract stage imports this module and not stories.py, so a change to corpus-level clustering keeps the stored
extraction."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash

from newstables.build.config import CONFIG

NUM_PERM = CONFIG.link.minhash_num_perm
SEED = 1
SHINGLE = CONFIG.link.shingle_words
LEDE_WORDS = CONFIG.link.lede_words
SCHEME = "affine32"  # datasketch's permutation scheme: stored signatures are only comparable within one


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


def minhash_rows(item_lists) -> np.ndarray:
    """(lists x NUM_PERM) MinHash values, one row per list of strings (datasketch's bulk generator shares the
    permutations, which cost more to set up than hashing a lede's terms)."""
    rows = [m.hashvalues for m in MinHash.generator(([item.encode("utf-8") for item in items] for items in item_lists),
                                                    num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)]
    return np.array(rows, dtype=np.uint64).reshape(len(rows), NUM_PERM)


def _shingles(body: str) -> set[str]:
    words = body.lower().split()
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}


def body_signature(body: str) -> list[int]:
    """Per-article: the MinHash of the body's shingles, which `mark_duplicates` compares (computed once, in the
    extract stage, and stored with the article: a rebuild hashes only the bodies that changed)."""
    return minhash_rows([_shingles(body)])[0].tolist()
