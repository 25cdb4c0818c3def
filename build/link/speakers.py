"""Speaker resolution: a quote's speaker, found as a span by the extract stage (a name, or a pronoun's or
descriptor's antecedent), becomes the entity mentioned there and that entity's canonical name."""

from __future__ import annotations

from newstables.build.extract.syntax import PERSON_PRONOUNS
from newstables.build.link.mention_index import MentionIndex


def link_speakers(quotes: list[dict], index: MentionIndex) -> None:
    """Set speaker_entity_id and speaker_name on every quote (after entity linking)."""
    for q in quotes:
        mention = index.mention_at(q["article_id"], q.pop("link_start"), q.pop("link_end"))
        q["speaker_entity_id"] = mention["entity_id"] if mention else None
        linked_name = mention["entity_name"] if mention else None
        # unlinked: the words as written, unless they name nobody ('he', 'a senior official')
        pronoun = (q["speaker_text"] or "").lower() in PERSON_PRONOUNS
        q["speaker_name"] = linked_name or (None if q["speaker_is_anonymous"] or pronoun else q["speaker_text"])
