"""Speaker linking: the span build/extract/speakers.py chose for a quote's speaker (a name, a pronoun's antecedent,
the person a description refers to) becomes the entity mentioned there, whose canonical name replaces the name
the article gave, unless the article's name is the fuller one."""

from __future__ import annotations

from newstables.build.link.mention_index import MentionIndex


def _fuller(article_name: str | None, entity_name: str) -> str:
    """A bare surname or first name the NER alone saw ('Stanovaya' for 'Tatiana Stanovaya') becomes an entity with
    that one word as its name: the article's full name ending or starting with it says more."""
    words = (article_name or "").split()
    return article_name if len(words) > 1 and " " not in entity_name and entity_name in (words[0], words[-1]) else entity_name


def link_speakers(quotes: list[dict], index: MentionIndex) -> None:
    """Set speaker_entity_id, and speaker_name when the speaker is an entity (after entity linking)."""
    for q in quotes:
        mention = index.mention_at(q["article_id"], q.pop("link_start"), q.pop("link_end"))
        if mention is None and q["speaker_name"] and not q.get("speaker_is_anonymous"):
            mention = index.named(q["article_id"], q["speaker_name"])
        q["speaker_entity_id"] = mention["entity_id"] if mention else None
        if mention:
            q["speaker_name"] = _fuller(q["speaker_name"], mention["entity_name"])
