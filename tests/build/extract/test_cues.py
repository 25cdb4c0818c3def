import pytest

from newstables.build.extract import cues


def test_one_lexicon_with_every_category_in_lower_case():
    verbs = cues.load_reporting_verbs()
    assert set(verbs) == set(cues.CATEGORIES)
    for category, lemmas in verbs.items():
        assert lemmas and all(lemma == lemma.lower() for lemma in lemmas), category
    # the narrower kinds of saying verb are saying verbs
    assert verbs["also_not_speech"] | verbs["denying"] <= verbs["saying"]


def test_a_misspelt_category_is_an_error(tmp_path):
    path = tmp_path / "verbs.yaml"
    path.write_text(cues.LEXICON.read_text(encoding="utf-8").replace("requesting:", "requsting:"), encoding="utf-8")
    with pytest.raises(ValueError, match="requsting"):
        cues.load_reporting_verbs(path)


def test_according_to_names_the_source(nlp):
    doc = nlp("The militias planned more strikes, according to three militia sources.")
    according, source = cues.according_to(doc)
    assert according.text == "according" and source.text == "sources"
    assert [t.text for t in doc if cues.is_according_to_object(t)] == ["sources"]
    assert cues.according_to(nlp("The militias planned more strikes.")) is None


@pytest.mark.parametrize("text, speech", [
    ("The ministry added that the talks had failed.", "added"),
    ("The army added troops near the border.", None),  # 'add' also means something else: it needs a clause
    ("Obama called Putin a thug.", "called"),
    ("Obama called Putin on Monday.", None),
    ("Reuters reported the attack on Monday.", "reported"),
    ("The militias continued to attack the base.", None),
])
def test_saying_verbs_that_also_mean_something_else_need_content(nlp, text, speech):
    assert next((t.text for t in nlp(text) if cues.is_speech(t)), None) == speech


@pytest.mark.parametrize("text, speech", [
    ("The senator pointed out that the bill had no funding.", "pointed"),
    ("The senator pointed to the map.", None),  # 'point' also means something else: it needs a clause
    ("The court ruled that the law was unconstitutional.", "ruled"),
    ("The king ruled the country for forty years.", None),
])
def test_statements_that_also_mean_something_else_need_a_clause(nlp, text, speech):
    assert next((t.text for t in nlp(text) if cues.is_speech(t)), None) == speech


def test_telling_someone_to_act_reports_the_infinitive_but_is_no_request():
    # 'warned that the dam could fail' is a statement: the event extractor must not read it as asked for
    assert {"tell", "warn"} <= cues.INSTRUCTING <= cues.REPORTED_INFINITIVE
    assert not cues.INSTRUCTING & cues.REQUESTING
