"""Give every mention a canonical entity id, then point quote speakers and event participants at them."""

from __future__ import annotations

from collections import defaultdict

from newstables.build.ids import stable_id


def entity_key(name: str, label: str) -> tuple[str, str]:
    return " ".join(name.casefold().split()), label


def link_mentions(mentions: list[dict]) -> None:
    """entity_id = hash of the canonical name and type, so the same entity gets the same id in every article."""
    for m in mentions:
        name = m.pop("canonical")
        m["entity_name"] = name
        m["entity_id"] = stable_id("ent", *entity_key(name, m["label"]))


class MentionIndex:
    """Find the mention under a char span of an article."""

    def __init__(self, mentions: list[dict]):
        self.by_article: dict[str, list[dict]] = defaultdict(list)
        for m in mentions:
            self.by_article[m["article_id"]].append(m)

    def entity_id_at(self, article_id: str, start: int | None, end: int | None) -> str | None:
        if start is None or end is None:
            return None
        overlapping = [m for m in self.by_article.get(article_id, []) if m["start"] < end and start < m["end"]]
        if not overlapping:
            return None
        # The mention covering most of the span: 'Kadhim al-Fartousi' in 'Kadhim al-Fartousi, the spokesman'.
        best = max(overlapping, key=lambda m: (min(end, m["end"]) - max(start, m["start"]), -m["start"]))
        return best["entity_id"]


def link_references(mentions: list[dict], quotes: list[dict], events: list[dict]) -> None:
    index = MentionIndex(mentions)
    for q in quotes:
        q["speaker_entity_id"] = index.entity_id_at(q["article_id"], q.pop("link_start"), q.pop("link_end"))
    for e in events:
        for participant in e["actors"] + e["recipients"]:
            participant["entity_id"] = index.entity_id_at(e["article_id"], participant["start"], participant["end"])
