"""One quotation, many rows: copies of an article and outlets quoting the same words give one
`quote_cluster_id`, as Quotebank dedupes quotations, so quotations can be counted without double counting.

Rule `quote-clusters-1`: two quotes are one quotation when their speakers agree (the same entity, else the same
name as written, else both unattributed) and their folded words are equal, or, from `MIN_WORDS` words on, the
one's words run inside the other's (an outlet that quotes part of a longer quotation). Candidates come from an
index of word n-grams within a speaker's quotes, never from all pairs.
"""

from __future__ import annotations

from collections import defaultdict

from newstables.build.link.groups import Groups
from newstables.build.names import fold
from newstables.schemas.ids import stable_id
from newstables.build.config import CONFIG

MIN_WORDS = CONFIG.extract.quote_min_words  # shorter quotes join only quotes of exactly the same words
RULE = {"version": "quote-clusters-1", "same_speaker": "entity id, else folded name as written, else both none",
        "same_words": f"folded words equal, or from {MIN_WORDS} words one runs inside the other"}


def _speaker(quote: dict) -> str | None:
    if quote.get("speaker_entity_id"):
        return quote["speaker_entity_id"]
    name = fold(quote.get("speaker_name") or quote.get("speaker_text") or "")
    return f"name:{name}" if name and not quote.get("speaker_is_anonymous") else None


def _contained(texts: list[str]) -> list[tuple[str, str]]:
    """(shorter, longer) pairs of distinct texts where the shorter's words run inside the longer's. A text inside
    another holds its first n-gram, so candidates are the texts that hold it."""
    holding = defaultdict(set)
    for text in texts:
        words = text.split()
        for i in range(len(words) - MIN_WORDS + 1):
            holding[" ".join(words[i:i + MIN_WORDS])].add(text)
    pairs = []
    for text in texts:
        words = text.split()
        if len(words) < MIN_WORDS:
            continue
        for other in holding[" ".join(words[:MIN_WORDS])]:
            if len(other) > len(text) and f" {text} " in f" {other} ":
                pairs.append((text, other))
    return pairs


def cluster_quotes(quotes: list[dict]) -> None:
    """Set `quote_cluster_id` on every quote: a hash of the cluster's smallest `quote_id`."""
    by_speaker: dict[str | None, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for q in quotes:
        by_speaker[_speaker(q)][fold(q["text"])].append(q)
    groups = Groups()
    for speaker, by_text in by_speaker.items():
        for same in by_text.values():
            for q in same[1:]:
                groups.join(q["quote_id"], same[0]["quote_id"])
        # quotes without a speaker join only on the very same words: too little says they are one quotation
        for shorter, longer in _contained(list(by_text)) if speaker is not None else ():
            groups.join(by_text[shorter][0]["quote_id"], by_text[longer][0]["quote_id"])
    for q in quotes:
        q["quote_cluster_id"] = stable_id("qcl", groups.find(q["quote_id"]))  # the root is the smallest id
