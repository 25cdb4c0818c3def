"""Speaker resolution within an article: each method, and what it must never pick."""

import pytest

from newstables.build.evaluate.quotes import paragraphs_of
from newstables.build.extract.mentions import extract_mentions
from newstables.build.extract.quotes import extract_quotes
from newstables.build.extract.speakers import name_gender, resolve_speakers


def _speakers(nlp, body):
    """(speaker_method, the name within the article, speaker_gender, speaker_title) per direct quote."""
    doc, paragraphs = nlp(body), paragraphs_of(body)
    quotes = resolve_speakers(extract_quotes("art_0", body, paragraphs, doc), doc,
                              extract_mentions("art_0", doc, paragraphs, {}), paragraphs)
    for q in quotes:
        linked = body[q["link_start"]:q["link_end"]] if q["link_start"] is not None else None
        assert linked is None or q["speaker_name"] is not None
        assert 0 <= q["speaker_confidence"] <= 1
    return [(q["speaker_method"], q["speaker_name"], q["speaker_gender"], q["speaker_title"])
            for q in quotes if q["is_direct"]]


def test_cue_with_a_named_subject_takes_the_full_name(nlp):
    body = ("Doug McCallum won the election on Saturday.\n\n"
            "“We will build the new line and we will build it fast,” McCallum said.")
    [(method, name, _, _)] = _speakers(nlp, body)
    assert (method, name) == ("cue", "Doug McCallum")


def test_appositive_title_goes_to_speaker_title(nlp):
    body = "“The base was not hit by any of the rockets last night,” said Pentagon spokesperson Sean Parnell."
    [(method, name, _, title)] = _speakers(nlp, body)
    assert (method, name, title) == ("appositive", "Sean Parnell", "Pentagon spokesperson")


def test_chain_keeps_the_previous_speaker_and_states_the_gender(nlp):
    body = ("“The clinic will stay open all winter,” Maria Lopez said.\n\n"
            "“We owe that much to the families who depend on it,” she said.")
    assert _speakers(nlp, body)[1][:3] == ("chain", "Maria Lopez", "female")


def test_pronoun_finds_the_person_of_agreeing_gender(nlp):
    body = ("Maria Lopez runs the clinic with Peter Holm.\n\nHolm was away on Monday.\n\n"
            "“We owe that much to the families who depend on us,” she said.")
    [(method, name, gender, _)] = _speakers(nlp, body)
    assert (method, name, gender) == ("pronoun", "Maria Lopez", "female")


def test_gender_mismatch_is_never_the_antecedent(nlp):
    body = ("Anna Berg and Peter Holm met the press on Monday.\n\nPeter Holm spoke first.\n\n"
            "“The plan is sound and the money is there,” she said.")
    [(_, name, _, _)] = _speakers(nlp, body)
    assert name != "Peter Holm"


def test_a_person_named_inside_a_quote_is_never_the_antecedent(nlp):
    body = ("Anna Berg met the press on Monday.\n\n"
            "“Paula Holm will never win this race, not in a hundred years,” she said.")
    [(_, name, _, _)] = _speakers(nlp, body)
    assert name == "Anna Berg"


def test_the_medium_is_never_the_speaker(nlp):
    body = "“The talks have failed and there will be no second round,” Anna Berg told Reuters."
    [(_, name, _, _)] = _speakers(nlp, body)
    assert name == "Anna Berg"


def test_nominal_reference_finds_the_title_holder(nlp):
    body = ("Mayor John Tory opened the meeting on Monday.\n\n"
            "“The city cannot pay for the subway on its own,” the mayor said.")
    [(method, name, _, _)] = _speakers(nlp, body)
    assert (method, name) == ("nominal", "John Tory")


def test_honorific_states_the_gender(nlp):
    body = ("Mr. Holm arrived late.\n\n“The plan is sound and the money is there,” Holm said.")
    assert _speakers(nlp, body)[0][2] == "male"


def test_counts_and_pronouns_are_never_names(nlp):
    body = "“We have not been paid for three months now,” one said."
    [(_, name, _, _)] = _speakers(nlp, body)
    assert name is None


@pytest.mark.parametrize("name, gender", [("Maria Lopez", "female"), ("Peter Holm", "male"), ("Zyxq Qwerty", None)])
def test_first_name_lexicon(name, gender):
    assert name_gender(name) == gender
