"""The hand-annotated events sample (tests/data/events_sample) and the matcher of `eval events --gold`.
Runs without ../shared: the sample's texts are not needed here."""

import json

import pytest

from newstables.build.evaluate.events import (GOLD_FIELDS, GoldEvent, Unit, agrees, find_span, load_gold_events,
                                              match_sample, predicted_units)
from newstables.schemas.events import PLOVER_TYPES
from tests_paths import ROOT

SAMPLE = ROOT / "tests" / "data" / "events_sample"


def test_sample_parses_with_required_fields_and_plover_types():
    events, files = load_gold_events(SAMPLE / "events.jsonl")
    assert len(files) == 15 and len(set(files)) == 15
    assert events and {e.file for e in events} <= set(files)
    for line in (SAMPLE / "events.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        assert set(GOLD_FIELDS) <= set(r)
        assert r["type"] in PLOVER_TYPES
        assert r["trigger"] and r["trigger"] in r["quote"]
        assert len(r["quote"]) <= 200 and all(len(q) <= 200 for q in r.get("also", []))  # short clauses only


def test_loader_rejects_a_bad_type(tmp_path):
    bad = tmp_path / "events.jsonl"
    bad.write_text(json.dumps({"file": "a.txt", "quote": "x attacked y", "trigger": "attacked", "type": "FIGHT",
                               "actor": "x", "recipient": "y", "date": None, "place": None}) + "\n")
    with pytest.raises(ValueError, match="PLOVER"):
        load_gold_events(bad)


def test_find_span_ignores_whitespace_kinds():
    text = "Clinton spoke out Tuesday about\u00a0 the death"
    assert find_span(text, "spoke out Tuesday about the death") == (8, len(text))


def test_agrees():
    assert agrees("Clinton", ["Hillary Clinton"]) and agrees(None, None) and agrees(None, [])
    assert not agrees("the FBI", None) and not agrees(None, "Monday") and not agrees("Trump", ["the generals"])


def test_matcher_scores_a_synthetic_case():
    body = ("Rebels attacked the town on Monday. The mayor condemned the attack. Police arrested two men, "
            "officials said.")
    bodies = {"a.txt": [("art1", body)]}

    def at(word, nth=0):
        i = -1
        for _ in range(nth + 1):
            i = body.index(word, i + 1)
        return ("art1", i, i + len(word))

    gold = [GoldEvent("a.txt", "Rebels attacked the town on Monday", "attacked", "ASSAULT", "Rebels", "the town",
                      "Monday", "the town", also=["the attack"]),
            GoldEvent("a.txt", "The mayor condemned the attack", "condemned", "ACCUSE", "The mayor", "the attack",
                      None, None),
            GoldEvent("a.txt", "Police arrested two men", "arrested", "COERCE", "Police", "two men", None, None)]
    units = [Unit("a.txt", {"event_type": "ASSAULT", "actors": [{"text": "Rebels"}], "recipients": [],
                            "date_text": "Monday", "place_text": None}, [at("attacked"), at("attack", 1)]),
             Unit("a.txt", {"event_type": "REQUEST", "actors": [{"text": "mayor"}], "recipients": [],
                            "date_text": None, "place_text": None}, [at("condemned")]),
             Unit("a.txt", {"event_type": "ACCUSE", "actors": [], "recipients": []}, [at("said")])]
    report = match_sample(gold, units, bodies)
    assert [(g, u, level) for g, u, level in report.pairs] == [(0, 0, 2), (1, 1, 2)]
    assert report.precision == pytest.approx(2 / 3) and report.recall == pytest.approx(2 / 3)
    agreement = report.agreement()
    assert agreement["type"] == (1, 2) and agreement["actor"] == (2, 2)
    assert agreement["recipient"] == (0, 2) and agreement["date"] == (2, 2) and agreement["place"] == (1, 2)
    # a trigger inside the gold clause (not on the gold trigger) matches at level 1, one-to-one
    clause = match_sample(gold[2:], [Unit("a.txt", {"event_type": "COERCE"}, [at("Police")]),
                                      Unit("a.txt", {"event_type": "COERCE"}, [at("men")])], bodies)
    assert [(lvl) for _, _, lvl in clause.pairs] == [1] and clause.precision == 0.5 and clause.recall == 1.0


def test_predicted_units_count_an_event_once_per_file():
    articles = [{"article_id": "a1", "source_file": "x/a.txt"}, {"article_id": "b1", "source_file": "b.txt"}]
    events = [{"article_id": "a1", "trigger_start": 0, "trigger_end": 3,
               "mentions": [{"article_id": "a1", "char_start": 0, "char_end": 3}, {"article_id": "a1", "char_start": 9, "char_end": 12},
                            {"article_id": "b1", "char_start": 4, "char_end": 7}]}]
    units = predicted_units(events, articles)
    assert [(u.file, len(u.spans)) for u in units] == [("a.txt", 2), ("b.txt", 1)]
