"""Participant resolution: an event mention's actors and recipients, found as spans by the extract stage, become
the entities mentioned there (event merging then compares reports by these entities)."""

from __future__ import annotations

from newstables.build.link.mention_index import MentionIndex


def link_participants(events: list[dict], index: MentionIndex) -> None:
    """Set entity_id on every actor and recipient of every event mention (after entity linking)."""
    for e in events:
        for participant in e["actors"] + e["recipients"]:
            participant["entity_id"] = index.entity_id_at(e["article_id"], participant.pop("link_start"),
                                                          participant.pop("link_end"))
