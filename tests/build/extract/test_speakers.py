"""Speaker resolution within an article: each method, and what it must never pick."""

import pytest

from newstables.build.evaluate.quotes import paragraphs_of
from newstables.build.extract.mentions import extract_mentions
from newstables.build.extract.quotes import extract_quotes
from newstables.build.extract.speakers import full_name, name_gender, resolve_speakers


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


def test_a_surname_with_its_particle_takes_the_full_name(nlp):
    body = ("Iraqi Prime Minister Mustafa al-Kadhimi condemned the rocket attacks on Monday.\n\n"
            "“We will not allow Iraq to become a battlefield for others,” al-Kadhimi told reporters in Baghdad.")
    [(method, name, _, _)] = _speakers(nlp, body)
    assert (method, name) == ("cue", "Mustafa al-Kadhimi")


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


def _all_speakers(nlp, body):
    """(text, name within the article) of every quote, reported speech included."""
    doc, paragraphs = nlp(body), paragraphs_of(body)
    quotes = resolve_speakers(extract_quotes("art_0", body, paragraphs, doc), doc,
                              extract_mentions("art_0", doc, paragraphs, {}), paragraphs)
    return [(q["text"], q["speaker_name"]) for q in quotes]


@pytest.mark.parametrize("between, speaker", [
    ("Mark Berg was on a business trip when the storm hit the city.", "Mark Berg"),  # a newcomer
    ("He praised Mark Berg's approach to the contract.", "Peter Holm"),  # a name in passing keeps the chain
])
def test_a_pronoun_goes_to_the_newcomer_not_to_a_name_in_passing(nlp, between, speaker):
    body = ("“The line will be finished on time and on budget,” Peter Holm said.\n\n" + between + "\n\n"
            "“We hid under the desks for two hours before the police came,” he said.")
    assert _speakers(nlp, body)[1][1] == speaker


def test_a_quote_standing_alone_continues_the_latest_speaker_of_reported_speech(nlp):
    body = ("“It is a public safety issue,” said Terry Chapman.\n\n"
            "But Jeff Fraser says the system is designed for that to happen.\n\n"
            "“As we are going to zero, we are already moving resources around.”")
    assert _speakers(nlp, body)[1][1] == "Jeff Fraser"


def test_a_document_speaks_for_whoever_issued_it(nlp):
    body = ("The British aid group Gatsby said its programs director was among those killed.\n\n"
            "A statement said the group was shocked and saddened to confirm the death of its director.")
    assert ("the group was shocked and saddened to confirm the death of its director", "Gatsby") in \
        _all_speakers(nlp, body)


def test_a_document_s_possessor_issued_it_but_a_person_s_is_not_the_person(nlp):
    body = ("“Most of the reporting gaps have since been filled,” Greenpeace’s statement said.\n\n"
            "“We are still waiting for the money,” Greenpeace’s director Anna Berg said.")
    assert [name for _, name, _, _ in _speakers(nlp, body)] == ["Greenpeace", "Anna Berg"]


def test_an_acronym_is_the_organisation_whose_initials_it_spells(nlp):
    body = ("Kim Moran received a letter from Immigration, Refugees and Citizenship Canada this week.\n\n"
            "“No final decision on the application has been made yet,” IRCC said.\n\n"
            "“We will keep the troops there for another year at least,” NATO said.")
    assert [name for _, name, _, _ in _speakers(nlp, body)] == [
        "Immigration, Refugees and Citizenship Canada", "NATO"]


def test_a_first_name_takes_the_full_name_the_article_gives(nlp):
    doc = nlp("Jayme Closs was found alive on Thursday. Police said Jayme was safe.")
    assert (full_name(doc, "Jayme"), full_name(doc, "Thursday")) == ("Jayme Closs", "Thursday")
