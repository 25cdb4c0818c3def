"""Actor coding: entity, country and sector of event participants (build/link/participants.py, actors.py)."""

from newstables.build.link.actors import code_actor, load_codebook
from newstables.build.link.mention_index import MentionIndex
from newstables.build.link.participants import flatten_participants, link_participants


def _mention(start, end, text, entity_id, entity_type, country=None, name=None, title=None):
    return {"article_id": "a", "char_start": start, "char_end": end, "text": text, "entity_id": entity_id,
            "entity_type": entity_type, "country_code": country, "entity_name": name or text, "title": title}


def test_codebook_sectors_are_the_documented_twelve():
    assert len(load_codebook()["sectors"]) == 12 and load_codebook()["version"]


def test_head_noun_and_nationality():
    assert code_actor("Iraqi militia leaders") == ("IQ", "militia")
    assert code_actor("US forces") == ("US", "military")
    assert code_actor("US Defense Secretary Pete Hegseth") == ("US", "government")
    assert code_actor("small armed groups") == (None, "militia")  # two words before one


def test_unknown_stays_null():
    assert code_actor("he") == (None, None)
    assert code_actor("a fresh calamity") == (None, None)
    assert code_actor("the Iranians", "Iranian", "NORP", "IR") == ("IR", None)  # a nationality is no sector


def test_country_entity_is_its_government_and_listed_entities_win():
    assert code_actor("Iran", "Iran", "GPE", "IR") == ("IR", "government")
    assert code_actor("Popular Mobilization Forces", "Popular Mobilization Forces", "ORG") == ("IQ", "militia")


def test_collective_head_links_the_modifier_entity_but_a_person_does_not():
    text = "US forces and the Quds Force leader"
    mentions = [_mention(0, 2, "US", "ent_us", "GPE", "US", "United States"),
                _mention(18, 28, "Quds Force", "ent_qf", "ORG", None, "Quds Force")]
    events = [{"article_id": "a",
               "actors": [{"text": "US forces", "char_start": 0, "char_end": 9, "entity_id": None, "role": "subject",
                           "link_start": 3, "link_end": 9}],
               "recipients": [{"text": "the Quds Force leader", "char_start": 14, "char_end": 35, "entity_id": None,
                               "role": "object", "link_start": 29, "link_end": 35}]}]
    assert text[29:35] == "leader"
    link_participants(events, MentionIndex(mentions))
    actor, recipient = events[0]["actors"][0], events[0]["recipients"][0]
    assert (actor["entity_id"], actor["country_code"], actor["sector"]) == ("ent_us", "US", "military")
    assert recipient["entity_id"] is None  # 'the Quds Force leader' is no Quds Force
    assert (recipient["country_code"], recipient["sector"]) == ("IR", "military")  # from the codebook entry
    assert "link_start" not in actor


def test_flat_columns_use_catalog_name_else_text():
    events = [{"actors": [{"text": "Washington", "entity_id": "ent_us", "country_code": "US", "sector": "government"}],
               "recipients": []}]
    flatten_participants(events, [{"entity_id": "ent_us", "name": "United States"}])
    e = events[0]
    assert (e["actor_name"], e["actor_entity_id"], e["actor_country_code"], e["actor_sector"]) == \
        ("United States", "ent_us", "US", "government")
    assert e["recipient_name"] is None and e["recipient_sector"] is None
