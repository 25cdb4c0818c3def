"""The rule that carries registered ids over to this build's clusters (build/link/registry.py)."""

from newstables.build.link.registry import IdRegistry, assign_ids


def test_without_a_registry_every_cluster_keeps_its_content_id():
    clusters = {"sto_a": {"a", "b"}, "sto_c": {"c"}}
    assert assign_ids(clusters, {}) == {"sto_a": "sto_a", "sto_c": "sto_c"}


def test_a_grown_cluster_keeps_its_id_when_its_content_id_moves():
    # 'a' joined the story, so its content-derived id (the smallest member) changed
    assert assign_ids({"sto_a": {"a", "b", "c"}}, {"sto_b": {"b", "c"}}) == {"sto_a": "sto_b"}


def test_a_split_keeps_the_id_in_the_part_holding_most_of_it():
    ids = assign_ids({"evt_a": {"a"}, "evt_b": {"b", "c"}}, {"evt_x": {"a", "b", "c"}})
    assert ids == {"evt_b": "evt_x", "evt_a": "evt_a"}


def test_an_even_split_gives_the_id_to_the_smallest_cluster():
    assert assign_ids({"evt_a": {"a"}, "evt_b": {"b"}}, {"evt_x": {"a", "b"}}) == {"evt_a": "evt_x", "evt_b": "evt_b"}


def test_a_merge_keeps_the_id_of_the_larger_share_and_ties_go_to_the_smallest_id():
    assert assign_ids({"ent_a": {"a", "b", "c"}}, {"ent_y": {"a"}, "ent_z": {"b", "c"}}) == {"ent_a": "ent_z"}
    assert assign_ids({"ent_a": {"a", "b"}}, {"ent_z": {"a"}, "ent_y": {"b"}}) == {"ent_a": "ent_y"}


def test_a_cluster_that_loses_its_best_id_takes_its_next():
    ids = assign_ids({"evt_p": {"a", "b"}, "evt_q": {"c", "d"}}, {"evt_x": {"a", "b", "c"}, "evt_y": {"d"}})
    assert ids == {"evt_p": "evt_x", "evt_q": "evt_y"}


def test_an_id_is_used_once_even_when_a_new_cluster_derives_it():
    # 'ent_b' now names a cluster that holds 'a'; a new cluster whose content id is also 'ent_b' gets another id
    ids = assign_ids({"ent_a": {"a"}, "ent_b": {"new"}}, {"ent_b": {"a"}})
    assert ids["ent_a"] == "ent_b"
    assert ids["ent_b"] != "ent_b" and ids["ent_b"].startswith("ent_") and len(ids["ent_b"]) == len("ent_b") + 15
    assert ids == assign_ids({"ent_a": {"a"}, "ent_b": {"new"}}, {"ent_b": {"a"}})  # and the same every time


def test_rows_and_referring_rows_are_relabelled_and_counted():
    registry = IdRegistry({"entity": {"ent_old": {"men_1", "men_2"}}})
    mentions = [{"mention_id": "men_1", "entity_id": "ent_new"}, {"mention_id": "men_3", "entity_id": "ent_other"}]
    catalog = [{"entity_id": "ent_new"}, {"entity_id": "ent_other"}]
    registry.keep_entity_ids(mentions, catalog)
    assert [m["entity_id"] for m in mentions] == [e["entity_id"] for e in catalog] == ["ent_old", "ent_other"]
    assert registry.clusters["entity"] == {"ent_old": {"men_1"}, "ent_other": {"men_3"}}
    summary = registry.summary()
    assert summary["registry_used"] and summary["carried"] == {"entity": 1} and summary["new"] == {"entity": 1}


def test_event_members_are_their_mentions_article_and_trigger_offset():
    registry = IdRegistry({"event": {"evt_old": {"art_1@40"}}})
    events = [{"event_id": "evt_new", "mentions": [{"article_id": "art_0", "char_start": 5},
                                                   {"article_id": "art_1", "char_start": 40}]}]
    registry.keep_event_ids(events)
    assert events[0]["event_id"] == "evt_old"
    assert not IdRegistry(None).used
