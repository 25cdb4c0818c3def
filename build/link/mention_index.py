"""Find the linked entity mention under a char span of an article: how a quote's speaker or an event's
participant, found as a span by the extract stage, reaches the entity catalog."""

from __future__ import annotations

from collections import defaultdict


class MentionIndex:
    def __init__(self, mentions: list[dict]):
        self.by_article: dict[str, list[dict]] = defaultdict(list)
        for m in mentions:
            self.by_article[m["article_id"]].append(m)

    def mention_at(self, article_id: str, start: int | None, end: int | None) -> dict | None:
        if start is None or end is None:
            return None
        overlapping = [m for m in self.by_article.get(article_id, []) if m["char_start"] < end and start < m["char_end"]]
        if not overlapping:
            return None
        # The mention covering most of the span: 'Kadhim al-Fartousi' in 'Kadhim al-Fartousi, the spokesman'.
        return max(overlapping, key=lambda m: (min(end, m["char_end"]) - max(start, m["char_start"]), -m["char_start"]))

    def named(self, article_id: str, name: str) -> dict | None:
        """The article's first linked mention written exactly as `name` or of an entity so named: a speaker the NER
        missed where it spoke ('al-Kadhimi told reporters') but named in full elsewhere ('Mustafa al-Kadhimi')."""
        return next((m for m in self.by_article.get(article_id, [])
                     if m.get("entity_id") and name in (m.get("text"), m.get("entity_name"))), None)

    def entity_id_at(self, article_id: str, start: int | None, end: int | None) -> str | None:
        mention = self.mention_at(article_id, start, end)
        return mention["entity_id"] if mention else None
