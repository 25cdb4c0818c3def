from datetime import date, datetime

from newstables.build.extract.dates import resolve
from newstables.build.extract.events import extract_events


def test_rocket_barrage_on_ain_al_asad(nlp):
    body = ("The Pentagon said it was deeply concerned about the attacks, including a July 7 rocket barrage on "
            "the Ain al-Asad air base in which two American service members were wounded.")
    events = extract_events("art_0", nlp(body), None)
    barrage = next(e for e in events if e["trigger"] == "barrage")
    assert barrage["event_type"] == "ASSAULT"
    assert barrage["date_text"] == "July 7" and barrage["date"] is None  # no year, no publication date: unresolved
    assert "Ain al-Asad" in barrage["location_text"]
    assert [r["text"] for r in barrage["recipients"]] == ["Ain al-Asad air base"]


def test_urged_attacks_are_requests_not_assaults(nlp):
    body = "Taeb also urged Iraqi proxy militias to attack U.S. forces in Syria."
    types = {e["event_type"] for e in extract_events("art_0", nlp(body), None)}
    assert "REQUEST" in types and "ASSAULT" not in types


def test_negated_events_are_not_emitted(nlp):
    body = "The Iranians did not coordinate with the Popular Mobilization Forces."
    assert not [e for e in extract_events("art_0", nlp(body), None) if e["event_type"] == "COOPERATE"]


def test_dates_resolve_only_when_honest():
    assert resolve("3 January 2020", None) == (date(2020, 1, 3), "day")
    assert resolve("January 2020", None) == (date(2020, 1, 1), "month")
    assert resolve("July 7", None) == (None, None)
    assert resolve("July 7", datetime(2021, 7, 13)) == (date(2021, 7, 7), "day")
    assert resolve("last week", None) == (None, None)
