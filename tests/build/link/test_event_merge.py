"""Rule events-merge-2: story-cluster and named-victim evidence, casualty ranges, dateline places (with the
cases that must not merge or must not be placed)."""

from datetime import date

from newstables.build.extract.places import geocode_dateline
from newstables.build.link.events import Reports, _refers_back, group_mentions, merge_events
from newstables.build.pubdate import dateline_place


def _article(article_id: str, story: str | None = None, body: str = "Text.", duplicate_of: str | None = None):
    return {"article_id": article_id, "duplicate_of": duplicate_of, "outlet": None, "story_id": story, "body": body}


def _party(text: str, entity_id: str | None = None, start: int = 0) -> dict:
    return {"text": text, "char_start": start, "char_end": start + len(text), "entity_id": entity_id, "role": "subject"}


def _mention(article_id: str, trigger_start: int, event_type: str = "ASSAULT", trigger: str = "strike", text=None,
             actors=(), recipients=(), day: date | None = None, precision: str = "day", place: str | None = None,
             **extra) -> dict:
    text = text or f"The {trigger} happened."
    end = day if precision == "day" or day is None else date(day.year, day.month, 28)
    m = {"article_id": article_id, "trigger_start": trigger_start, "trigger_end": trigger_start + len(trigger),
         "sentence_index": trigger_start, "char_start": 0, "char_end": len(text), "text": text, "trigger": trigger,
         "event_type": event_type, "event_mode": None, "means": [], "definite": False,
         "actors": list(actors), "recipients": list(recipients), "date_start": day, "date_end": end,
         "date_precision": precision if day else None, "date_text": None, "date_method": "explicit" if day else None,
         "month": None, "month_day": None, "place_text": place, "within": None,
         "geo_precision": "town" if place else None, "country_code": "IQ" if place else None,
         "geonames_id": None, "latitude": None, "longitude": None, "admin1": None, "is_centroid": False,
         "killed": None, "wounded": None, "arrested": None, "victims": [],
         "negated": False, "hypothetical": False, "future": False, "habitual": False, "negotiated": False,
         "urged": False, "claim_source": None, "confidence": 0.6}
    m.update(extra)
    return m


def _groups(mentions, articles):
    return [sorted((m["article_id"], m["trigger_start"]) for m in ms)
            for ms in group_mentions(mentions, Reports.of(articles))]


KH = _party("Kataib Hezbollah", "ent_kh")


def test_one_story_and_a_shared_party_merge_two_reports():
    articles = [_article("a1", "s1"), _article("a2", "s1")]
    ms = [_mention("a1", 0, actors=[KH]), _mention("a2", 5, actors=[KH])]
    assert _groups(ms, articles) == [[("a1", 0), ("a2", 5)]]


def test_must_not_merge_on_a_shared_party_alone_in_different_stories():
    """An armed group is party to many attacks: without a story, place or date it is one kind of evidence."""
    articles = [_article("a1", "s1"), _article("a2", "s2")]
    ms = [_mention("a1", 0, actors=[KH]), _mention("a2", 5, actors=[KH])]
    assert len(_groups(ms, articles)) == 2


def test_must_not_merge_on_a_story_and_a_month_overlap():
    """'last month' and 'June 27' overlap, but one story tells several attacks of a month: not enough."""
    articles = [_article("a1", "s1"), _article("a2", "s1")]
    ms = [_mention("a1", 0, day=date(2021, 6, 1), precision="month"), _mention("a2", 5, day=date(2021, 6, 27))]
    assert len(_groups(ms, articles)) == 2


def test_a_story_and_the_same_day_merge():
    articles = [_article("a1", "s1"), _article("a2", "s1")]
    ms = [_mention("a1", 0, day=date(2021, 6, 27)), _mention("a2", 5, day=date(2021, 6, 27))]
    assert len(_groups(ms, articles)) == 1


def test_must_not_count_the_story_within_one_article_or_a_copy():
    articles = [_article("a1", "s1"), _article("a2", "s1", duplicate_of="a1")]
    same_article = [_mention("a1", 0, actors=[KH]), _mention("a1", 9, actors=[KH], text="Another strike.")]
    assert len(_groups(same_article, articles)) == 2
    copy = [_mention("a1", 0, actors=[KH]), _mention("a2", 9, actors=[KH], text="Another sentence.")]
    assert len(_groups(copy, articles)) == 2


def test_must_not_merge_on_a_story_and_a_country_as_party():
    articles = [_article("a1", "s1"), _article("a2", "s1")]
    us = _party("the US", "ent_us")
    ms = [_mention("a1", 0, actors=[us]), _mention("a2", 5, actors=[us])]
    assert len(_groups(ms, articles)) == 2


def test_a_named_person_killed_ties_two_reports():
    """'Soleimani's assassination' and 'a drone strike killed Qassem Soleimani': a person dies once."""
    articles = [_article("a1", "s1"), _article("a2", "s2")]
    text = "The situation has changed since Soleimani's assassination."
    owner = _party("Soleimani", "ent_qs", start=text.index("Soleimani"))
    killed = _mention("a1", 0, trigger="killed", recipients=[_party("Qassem Soleimani", "ent_qs")],
                      victims=["Qassem Soleimani"], killed=1)
    assassination = _mention("a2", text.index("assassination"), trigger="assassination", text=text, actors=[owner])
    assert len(_groups([killed, assassination], articles)) == 1


def test_must_not_tie_reports_on_a_killing_that_did_not_happen_or_an_attacker():
    articles = [_article("a1", "s1"), _article("a2", "s2")]
    killed = _mention("a1", 0, trigger="killed", recipients=[_party("Qassem Soleimani", "ent_qs")],
                      victims=["Qassem Soleimani"])
    plot = _mention("a2", 3, trigger="kill", recipients=[_party("Soleimani", "ent_qs")], hypothetical=True)
    assert len(_groups([killed, plot], articles)) == 2
    # the subject of a killing verb is no victim: two killings by one person are two events
    by_him = [_mention("a1", 0, trigger="killed", actors=[_party("Abu Ali", "ent_aa")]),
              _mention("a2", 3, trigger="killed", actors=[_party("Abu Ali", "ent_aa")])]
    assert len(_groups(by_him, articles)) == 2


def _rows(mentions, articles):
    reports = Reports.of(articles)
    return merge_events(group_mentions(mentions, reports), reports)


def test_reports_that_disagree_on_casualties_keep_the_range():
    articles = [_article("a1", "s1"), _article("a2", "s1")]
    day = date(2021, 6, 27)
    ms = [_mention("a1", 0, actors=[KH], day=day, killed=3, wounded=2),
          _mention("a2", 5, actors=[KH], day=day, killed=5, wounded=2)]
    [row] = _rows(ms, articles)
    assert (row["killed_min"], row["killed"], row["casualty_conflict"]) == (3, 5, True)
    assert (row["wounded_min"], row["wounded"]) == (2, 2)
    assert len(row["mentions"]) == 2  # every report is kept


def test_must_not_flag_named_victims_or_agreeing_counts_as_a_conflict():
    articles = [_article("a1", "s1"), _article("a2", "s1")]
    day = date(2020, 1, 3)
    ms = [_mention("a1", 0, trigger="killed", actors=[KH], day=day, victims=["Qassem Soleimani"], killed=1),
          _mention("a2", 5, trigger="killed", actors=[KH], day=day, victims=["Abu Mahdi al-Muhandis"], killed=1)]
    [row] = _rows(ms, articles)
    assert (row["killed"], row["killed_min"], row["casualty_conflict"]) == (2, 2, False)
    ms = [_mention("a1", 0, actors=[KH], day=day, killed=4), _mention("a2", 5, actors=[KH], day=day, killed=4)]
    assert not _rows(ms, articles)[0]["casualty_conflict"]


def test_dateline_place_reads_the_agency_dateline():
    assert dateline_place("BAGHDAD (Reuters) - Rockets hit the Green Zone.") == ("BAGHDAD", None)
    assert dateline_place("WASHINGTON — The Pentagon said.") == ("WASHINGTON", None)
    assert dateline_place("KABUL, Afghanistan (AP) — A blast.") == ("KABUL", "Afghanistan")
    assert dateline_place("The US - and Iran - met.") is None  # running text is no dateline
    assert dateline_place("Rockets hit BAGHDAD - officials said.") is None


def test_geocode_dateline_places_only_what_the_qualifier_confirms():
    assert geocode_dateline("BAGHDAD")["country_code"] == "IQ"
    assert geocode_dateline("NEW YORK", "N.Y.")["country_code"] == "US"
    assert geocode_dateline("LONDON", "Ont.") is None  # not the London GeoNames ranks first: no guess
    assert geocode_dateline("KABUL", "Iraq") is None
    assert geocode_dateline("BREAKING") is None


def test_place_from_the_clause_else_the_dateline_else_null():
    baghdad = _article("a1", "s1", body="BAGHDAD (Reuters) - Rockets hit a base.")
    plain = _article("a2", "s2", body="Rockets hit a base.")
    [row] = _rows([_mention("a1", 0)], [baghdad])
    assert (row["place_text"], row["place_source"], row["country_code"]) == ("BAGHDAD", "dateline", "IQ")
    [row] = _rows([_mention("a1", 0, place="Erbil")], [baghdad])
    assert (row["place_text"], row["place_source"]) == ("Erbil", "clause")
    [row] = _rows([_mention("a2", 0)], [plain])
    assert (row["place_text"], row["place_source"], row["geo_precision"]) == (None, None, None)


def test_must_not_place_an_event_whose_reports_have_different_datelines():
    articles = [_article("a1", "s1", body="BAGHDAD (Reuters) - Rockets hit."),
                _article("a2", "s1", body="WASHINGTON — Rockets hit.")]
    day = date(2021, 7, 7)
    [row] = _rows([_mention("a1", 0, actors=[KH], day=day), _mention("a2", 5, actors=[KH], day=day)], articles)
    assert (row["place_text"], row["place_source"]) == (None, None)


def test_a_trigger_with_its_own_indefinite_article_tells_a_new_event():
    text = "The Pentagon was concerned about the attacks, including a July 7 rocket barrage on the base."
    barrage = _mention("a1", text.index("barrage"), trigger="barrage", text=text, definite=True)
    assert not _refers_back(barrage)
    text = "Since the US air strikes, attacks have intensified."
    assert _refers_back(_mention("a1", text.index("strikes"), trigger="strikes", text=text, definite=True))
