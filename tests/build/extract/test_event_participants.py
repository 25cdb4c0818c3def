"""Participant rules in event extraction: nominal 'by' agents, possessive/codebook modifiers, relative clauses,
shared passive subjects (build/extract/events.py, _participants)."""

from newstables.build.extract.events import extract_events


def _parties(nlp, body, event_type):
    rows = [e for e in extract_events("art_0", nlp(body), None) if e["event_type"] == event_type]
    return [({a["text"] for a in e["actors"]}, {r["text"] for r in e["recipients"]}) for e in rows]


def test_nominal_by_agent(nlp):
    [(actors, _)] = _parties(nlp, "The talks followed visits there by General Smith last year.", "CONSULT")
    assert any("Smith" in a for a in actors)


def test_codebook_noun_modifier_is_actor_but_a_plain_noun_is_not(nlp):
    [(actors, _)] = _parties(nlp, "Militia attacks on the base continued.", "ASSAULT")
    assert any("Militia" in a for a in actors)
    found = _parties(nlp, "Night attacks on the base continued.", "ASSAULT")
    assert all(not any("Night" in a for a in actors) for actors, _ in found)


def test_relative_clause_passive_gives_patient(nlp):
    found = _parties(nlp, "Paris called for the release of the activist, who was arrested in December.", "COERCE")
    assert any("the activist" in recipients for _, recipients in found)
