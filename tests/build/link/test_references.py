"""Speakers and participants reach the entity catalog through the mention under their span."""

from newstables.build.link.mention_index import MentionIndex
from newstables.build.link.participants import link_participants
from newstables.build.link.speakers import link_speakers

MENTIONS = MentionIndex([
    {"article_id": "a1", "char_start": 0, "char_end": 18, "entity_id": "ent_fartousi", "entity_name": "Kadhim al-Fartousi"},
    {"article_id": "a1", "char_start": 40, "char_end": 44, "entity_id": "ent_us", "entity_name": "United States"},
])


def _quote(name, start, end):
    return {"article_id": "a1", "speaker_name": name, "link_start": start, "link_end": end}


def test_the_mention_covering_most_of_the_span_wins():
    assert MENTIONS.entity_id_at("a1", 0, 35) == "ent_fartousi"  # 'Kadhim al-Fartousi, the spokesman'
    assert MENTIONS.entity_id_at("a1", 14, 44) == "ent_fartousi"  # 4 characters of each: the earlier one
    assert MENTIONS.entity_id_at("a1", 30, 44) == "ent_us"
    assert MENTIONS.entity_id_at("a2", 0, 18) is None and MENTIONS.entity_id_at("a1", None, None) is None


def test_speakers_get_the_entity_and_its_name_else_keep_the_article_s_name():
    quotes = [_quote("Fartousi", 0, 18), _quote("Abu Ali", 100, 107), _quote(None, None, None)]
    link_speakers(quotes, MENTIONS)
    assert [(q["speaker_entity_id"], q["speaker_name"]) for q in quotes] == [
        ("ent_fartousi", "Kadhim al-Fartousi"), (None, "Abu Ali"), (None, None)]
    assert all("link_start" not in q and "link_end" not in q for q in quotes)


def test_a_one_word_entity_name_keeps_the_article_s_full_name_ending_in_it():
    index = MentionIndex([{"article_id": "a1", "char_start": 0, "char_end": 9, "entity_id": "ent_s", "entity_name": "Stanovaya"}])
    quotes = [_quote("Tatiana Stanovaya", 0, 9), _quote("Anna Petrova", 0, 9)]  # the second: another person's name
    link_speakers(quotes, index)
    assert [q["speaker_name"] for q in quotes] == ["Tatiana Stanovaya", "Stanovaya"]


def test_participants_get_the_entity_under_their_span():
    event = {"article_id": "a1", "actors": [{"text": "the US", "link_start": 40, "link_end": 44}],
             "recipients": [{"text": "militias", "link_start": 60, "link_end": 68}]}
    link_participants([event], MENTIONS)
    assert [(p["text"], p["entity_id"]) for p in event["actors"]] == [("the US", "ent_us")]
    assert [(p["text"], p["entity_id"], p["sector"]) for p in event["recipients"]] == [("militias", None, "militia")]
    assert all("link_start" not in p for p in event["actors"] + event["recipients"])


def test_a_speaker_the_ner_missed_takes_the_entity_the_article_names_in_full():
    index = MentionIndex([{"article_id": "a1", "char_start": 0, "char_end": 18, "text": "Mustafa al-Kadhimi",
                           "entity_id": "ent_k", "entity_name": "Mustafa al-Kadhimi"}])
    named, anonymous = _quote("Mustafa al-Kadhimi", None, None), _quote("Mustafa al-Kadhimi", None, None)
    anonymous["speaker_is_anonymous"] = True
    link_speakers([named, anonymous], index)
    assert (named["speaker_entity_id"], anonymous["speaker_entity_id"]) == ("ent_k", None)
