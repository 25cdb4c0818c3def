from newstables.build.gazetteer import alias_index
from newstables.build.link.entities import link_mentions


def _m(article, text, label, canonical=None, code=None, start=0):
    return {"article_id": article, "text": text, "label": label, "canonical": canonical or text,
            "mention_country_code": code, "char_start": start, "char_end": start + len(text)}


def _link(mentions, aliases=None):
    articles = [{"article_id": a, "published_at": None} for a in {m["article_id"] for m in mentions}]
    catalog = link_mentions(mentions, articles, aliases if aliases is not None else {})
    return {m["text"] + "@" + m["article_id"]: m["entity_id"] for m in mentions}, catalog


def test_transliteration_variants_merge_across_articles():
    ids, catalog = _link([_m("a1", "Esmail Ghaani", "PERSON"), _m("a2", "Esmail Qaani", "PERSON"),
                          _m("a1", "Kataib Sayyed al-Shuhada", "ORG"), _m("a2", "Kataeb Sayyid al-Shuhada", "ORG")])
    assert ids["Esmail Ghaani@a1"] == ids["Esmail Qaani@a2"]
    assert ids["Kataib Sayyed al-Shuhada@a1"] == ids["Kataeb Sayyid al-Shuhada@a2"]
    assert len(catalog) == 2


def test_conservative_rules_do_not_merge():
    ids, _ = _link([
        _m("a1", "Qassem Soleimani", "PERSON"), _m("a2", "Soleimani", "PERSON"),  # a surname alone: no evidence
        _m("a3", "Soleimani", "PERSON"),                                            # two bare surnames stay apart
        _m("a1", "Hassan Nasrallah", "PERSON"), _m("a2", "Hassan Rouhani", "PERSON"),
        _m("a1", "Kataib Hezbollah", "ORG"), _m("a2", "Kataib Sayyid al-Shuhada", "ORG"),
        _m("a1", "Jordan", "PERSON"), _m("a2", "Jordan", "GPE"),                    # types must agree
    ])
    assert ids["Qassem Soleimani@a1"] != ids["Soleimani@a2"] != ids["Soleimani@a3"]
    assert ids["Hassan Nasrallah@a1"] != ids["Hassan Rouhani@a2"]
    assert ids["Kataib Hezbollah@a1"] != ids["Kataib Sayyid al-Shuhada@a2"]
    assert ids["Jordan@a1"] != ids["Jordan@a2"]


def test_alias_table_countries_and_nationalities():
    mentions = [_m("a1", "PMF", "ORG"), _m("a2", "Hashd al-Shaabi", "ORG"), _m("a1", "U.S.", "GPE"),
                _m("a2", "United States", "GPE"), _m("a1", "Iranian", "NORP", code="IR")]
    ids, catalog = _link(mentions, alias_index())
    assert ids["PMF@a1"] == ids["Hashd al-Shaabi@a2"]
    assert ids["U.S.@a1"] == ids["United States@a2"]
    by_name = {c["name"]: c for c in catalog}
    assert by_name["Popular Mobilization Forces"]["aliases"] == ["Hashd al-Shaabi", "PMF"]
    assert by_name["United States"]["country_code"] == "US" and by_name["Iranian"]["country_code"] == "IR"
    assert mentions[4]["country_code"] == "IR" and mentions[4]["entity_type"] == "NORP"


def test_ids_do_not_depend_on_wikidata_links():
    plain, _ = _link([_m("a1", "Quds Force", "ORG")], {})
    linked, _ = _link([_m("a1", "Quds Force", "ORG")],
                      {"quds force": {"name": "Quds Force", "label": "ORG", "wikidata_id": "Q1"}})
    assert plain == linked


def test_groups_with_one_name_and_type_are_one_entity():
    # A country, the same name typed ORG (found through the gazetteer), and a spelling wrapped in bidi marks all
    # come out as GPE 'Iran': one catalog row, one id (before, three rows shared one entity_id).
    mentions = [_m("a1", "Iran", "GPE"), _m("a2", "Iran", "ORG"), _m("a3", "\u200fIran\u200e", "GPE")]
    ids, catalog = _link(mentions, alias_index())
    assert len(set(ids.values())) == 1
    assert len(catalog) == 1 and catalog[0]["mention_count"] == 3 and catalog[0]["country_code"] == "IR"


def test_nationalities_and_groups_link_to_one_entity_each():
    mentions = [_m("a1", "Syrian", "NORP"), _m("a2", "Syrians", "NORP"), _m("a1", "Syria", "GPE"),
                _m("a1", "Shiite", "NORP"), _m("a2", "Shi’ite", "NORP"), _m("a3", "Shia", "NORP"),
                _m("a3", "Shi'a", "NORP"), _m("a1", "Yazidis", "NORP"), _m("a2", "Yazidi", "NORP"),
                _m("a1", "Lebanese", "NORP"), _m("a1", "US", "GPE"), _m("a2", "Kurdish", "LANGUAGE")]
    ids, catalog = _link(mentions, alias_index())
    assert ids["Syrian@a1"] == ids["Syrians@a2"] != ids["Syria@a1"]  # the people, not the state
    assert ids["Shiite@a1"] == ids["Shi’ite@a2"] == ids["Shia@a3"] == ids["Shi'a@a3"]
    assert ids["Yazidis@a1"] == ids["Yazidi@a2"]
    by_name = {c["name"]: c for c in catalog}
    assert by_name["Syrian"]["type"] == "NORP" and by_name["Syrian"]["country_code"] == "SY"
    assert by_name["Syria"]["country_code"] == "SY" and by_name["Lebanese"]["country_code"] == "LB"
    assert by_name["Shia"]["country_code"] is None and by_name["Shia"]["mention_count"] == 4
    assert by_name["United States"]["aliases"] == ["US"]
    assert mentions[-1]["entity_type"] == "LANGUAGE"  # a language is not the group that shares its name


def test_catalog_counts_and_dates_over_repeated_mentions():
    from datetime import datetime, timedelta, timezone

    mentions = [_m("a1", "Basra", "GPE"), _m("a2", "Basra", "GPE"), _m("a1", "Basra", "GPE", start=40),
                _m("a3", "Basra", "GPE"), _m("a2", "Nasrallah", "PERSON"), _m("a2", "Nasrallah", "PERSON", start=9)]
    utc = datetime(2020, 1, 3, 12, tzinfo=timezone.utc)
    published = {"a1": utc, "a2": utc - timedelta(days=2), "a3": None}
    catalog = link_mentions(mentions, [{"article_id": a, "published_at": d} for a, d in published.items()], {})
    by_name = {c["name"]: c for c in catalog}
    basra = by_name["Basra"]
    assert (basra["mention_count"], basra["article_count"]) == (4, 3)
    assert (basra["first_article_date"], basra["last_article_date"]) == (published["a2"], published["a1"])
    assert by_name["Nasrallah"]["article_count"] == 1 and len({m["entity_id"] for m in mentions[4:]}) == 1
