"""ACLED sub-event types through the crosswalk (build/link/acled.py) and the case-dev scorer."""

from newstables.build.evaluate.events import Snippet, score_acled
from newstables.build.link.acled import acled_types, version


def sub(event_type, text, mode=None, words=(), actors=()):
    return acled_types(event_type, mode, set(words), [text], list(actors))[1]


def test_means_pick_remote_violence_subtypes():
    assert sub("ASSAULT", "US warplanes pounded the village, killing 6 civilians") == "Air/drone strike"
    assert sub("ASSAULT", "Two suicide bombers blew themselves up near a market") == "Suicide bomb"
    assert sub("ASSAULT", "A roadside bomb exploded near an army convoy") == "Remote explosive/landmine/IED"
    assert sub("ASSAULT", "Militants fired mortars at the town") == "Shelling/artillery/missile attack"
    assert sub("ASSAULT", "Attackers hurled a grenade at a police station") == "Grenade"
    assert sub("ASSAULT", "They were attacked with poisonous gas") == "Chemical weapon"


def test_target_decides_battle_or_violence_against_civilians():
    assert sub("ASSAULT", "Taliban fighters attacked a checkpoint, killing 12 soldiers") == "Armed clash"
    assert sub("ASSAULT", "Gunmen attacked a mosque, killing worshippers") == "Attack"


def test_protests_by_force_used():
    assert sub("PROTEST", "Hundreds of students staged a peaceful march") == "Peaceful protest"
    assert sub("PROTEST", "Police used tear gas to disperse the protesters") == "Protest with intervention"
    assert sub("PROTEST", "Stone-throwing protesters clashed with police") == "Violent demonstration"
    assert sub("ASSAULT", "Security forces opened fire on protesters, killing six") == \
        "Excessive force against protesters"


def test_territory_and_strategic_developments():
    assert sub("ASSAULT", "Al-Shabab militants captured the town", actors=["Al-Shabab militants"]) == \
        "Non-state actor overtakes territory"
    assert sub("ASSAULT", "Government forces recaptured the town", actors=["Government forces"]) == \
        "Government regains territory"
    assert sub("COERCE", "Police seized seven illegal firearms and ammunition") == "Disrupted weapons use"
    assert sub("COERCE", "Security forces arrested 30 opposition activists", words=["arrest"]) == "Arrests"
    assert sub("AGREE", "The two sides signed a ceasefire agreement") == "Agreement"
    assert sub("MOBILIZE", "Turkish forces established a new military base") == "Headquarters or base established"


def test_reports_acled_does_not_code_get_no_type():
    assert acled_types("ASSAULT", "explosives", {"explode"}, ["A chemical plant exploded after a gas leak"]) == \
        (None, None)
    assert acled_types("COERCE", None, {"arrest"}, ["Police arrested ten drug smugglers"]) == (None, None)
    assert acled_types("ASSAULT", None, {"bomb"}, ["Islamic State claimed responsibility for the car bomb"]) == \
        (None, None)
    assert acled_types("CONSULT", "meet", {"meet"}, ["The ministers met in Geneva"]) == (None, None)
    assert version().startswith("acled-crosswalk-")


def test_scorer_strict_lenient_and_no_acled():
    snippets = [Snippet("a.txt", "Armed clash", "ARMED_CLASH"), Snippet("b.txt", None, "DIPLO"),
                Snippet("c.txt", "Arrests", "ARREST")]
    articles = [{"article_id": x, "source_file": f"{x}.txt", "story_index": 0, "duplicate_of": None} for x in "ab"] + \
        [{"article_id": "c", "source_file": "c.txt", "story_index": 0, "duplicate_of": "a"}]
    events = [{"article_id": "a", "sentence_index": 0, "trigger_start": 9, "acled_sub_event_type": "Arrests"},
              {"article_id": "a", "sentence_index": 0, "trigger_start": 2, "acled_sub_event_type": "Armed clash"},
              {"article_id": "b", "sentence_index": 0, "trigger_start": 0, "acled_sub_event_type": None}]
    report = score_acled(snippets, events, articles)
    assert (report.strict, report.lenient, report.acled_total) == (1, 2, 2)  # c is a copy of a: a's events
    assert (report.no_acled, report.non_acled_total) == (1, 1)
    assert report.worst(5) == [(("ARREST", "ARMED_CLASH"), 1)]
