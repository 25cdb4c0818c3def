from datetime import date, datetime

from newstables.build.extract.dates import resolve_range
from newstables.build.extract.events import casualties, extract_events


def _events(nlp, body, published_at=None):
    return extract_events("art_0", nlp(body), published_at)


def test_rocket_barrage_on_ain_al_asad(nlp):
    body = ("The Pentagon said it was deeply concerned about the attacks, including a July 7 rocket barrage on "
            "the Ain al-Asad air base in which two American service members were wounded.")
    [barrage] = [e for e in _events(nlp, body) if e["event_type"] == "ASSAULT"]
    assert barrage["trigger"] == "barrage" and barrage["event_mode"] == "heavy-weapons"
    assert barrage["date_text"] == "July 7" and barrage["date_start"] is None  # no year, no publication date
    assert barrage["month_day"] == "07-07"
    assert barrage["geo_precision"] == "site" and barrage["country_code"] == "IQ" and barrage["wounded"] == 2
    assert barrage["claim_source"] == "The Pentagon"


def test_urged_attacks_are_requests_not_assaults(nlp):
    body = "Taeb also urged Iraqi proxy militias to attack U.S. forces in Syria."
    events = _events(nlp, body)
    assert {e["event_type"] for e in events} == {"REQUEST"} and events[0]["urged"]


def test_negated_and_future_events_are_flagged(nlp):
    negated = _events(nlp, "The Iranians did not coordinate with the Popular Mobilization Forces.")
    assert [e["negated"] for e in negated if e["event_type"] == "COOPERATE"] == [True]
    future = _events(nlp, "The ministers will meet in Vienna next week.")
    assert [e["future"] for e in future if e["event_type"] == "CONSULT"] == [True]


def test_casualty_counts_from_words_and_digits():
    assert casualties("The blast hit pilgrims, killing one and wounding eight.", []) == {"killed": 1, "wounded": 8}
    assert casualties("Police said 12 people were arrested after the march.", []) == {"arrested": 12}
    assert casualties("A drone strike killed Qassem Soleimani.", ["Qassem Soleimani"]) == {"killed": 1}


def test_dates_resolve_only_when_honest():
    assert resolve_range("3 January 2020", None)["start"] == date(2020, 1, 3)
    january = resolve_range("January 2020", None)
    assert (january["start"], january["end"], january["precision"]) == (date(2020, 1, 1), date(2020, 1, 31), "month")
    assert resolve_range("July 7", None)["start"] is None
    week = resolve_range("last week", datetime(2021, 7, 13))
    assert (week["start"], week["end"], week["method"]) == (date(2021, 7, 5), date(2021, 7, 11),
                                                           "relative-to-publication")
    assert resolve_range("last week", None)["start"] is None
    hard = resolve_range("the last week of 2022", None)
    assert hard is None or hard["start"].year == 2022  # unresolved is fine; another year never is


def test_claim_source_is_who_reports_it(nlp):
    def claims(body):
        return {e["claim_source"] for e in _events(nlp, body) if e["event_type"] == "ASSAULT"}

    assert claims("Officials warned that militias attacked the base.") == {"Officials"}
    assert claims("The militias, officials said, attacked the base.") == {"officials"}  # an aside
    assert claims("Militias attacked the base on Monday, according to three security sources.") == {
        "three security sources"}
    assert claims("Iran denied that its forces attacked the tanker.") == {None}  # a denial claims nothing
    assert claims("The militias continued to attack the base.") == {None}  # 'continue' is no speech here
