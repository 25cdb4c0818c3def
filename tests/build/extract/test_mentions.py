import pytest

from newstables.build.extract.mentions import extract_mentions
from newstables.build.gazetteer import alias_index


@pytest.fixture(scope="module")
def mentions_002(seed_articles, nlp):
    article = next(a for a in seed_articles if a.source_file.startswith("002") and a.story_index == 0)
    return article, extract_mentions(article.article_id, nlp(article.body), article.paragraphs, alias_index())


def test_gazetteer_types_short_names_and_offsets(mentions_002):
    article, mentions = mentions_002
    by_text = {m["text"]: m for m in mentions}
    assert by_text["Hossein Taeb"]["label"] == "PERSON"
    assert by_text["Asaib Ahl al-Haq"]["label"] == "ORG" and by_text["Asaib Ahl al-Haq"]["detected_by"] == "gazetteer"
    assert by_text["Taeb"]["canonical"] == "Hossein Taeb"
    assert by_text["Kataib Sayyed al-Shuhada"]["canonical"] == "Kataib Sayyid al-Shuhada"
    for m in mentions:
        assert article.body[m["char_start"]:m["char_end"]] == m["text"]
        assert m["text"][0].isupper() or m["text"][0].isdigit()


def test_roles_sources_and_nationalities(mentions_002):
    _, mentions = mentions_002
    taeb = next(m for m in mentions if m["text"] == "Hossein Taeb")
    assert taeb["title"] == "Revolutionary Guards intelligence chief"
    fartousi = next(m for m in mentions if m["text"] == "Kadhim al-Fartousi")
    assert fartousi["title"].startswith("the spokesman for the Kataib Sayyed al-Shuhada faction")
    assert any(m["text"] == "Reuters" and m["is_source"] for m in mentions)  # 'told Reuters'
    assert {m["mention_country_code"] for m in mentions if m["text"] == "Iranian"} == {"IR"}


def test_fragments_heading_noise_and_acronyms(nlp):
    body = ("Iran Says Talks Will March to Their Own Beat\n\nThe Popular Mobilization Forces (PMF) met Supreme Leader "
            "Ali Khamenei in Tehran. The PMF said Grand Ayatollah Ali al-Sistani was not there.")
    paragraphs = [{"char_start": 0, "char_end": 44, "is_heading": True, "source_start": 0},
                  {"char_start": 46, "char_end": len(body), "is_heading": False, "source_start": 46}]
    mentions = extract_mentions("art_0", nlp(body), paragraphs, alias_index())
    texts = {m["text"] for m in mentions}
    assert "Supreme" not in texts and "Their Own Beat" not in texts
    assert {m["canonical"] for m in mentions if m["text"] == "PMF"} == {"Popular Mobilization Forces"}
    sistani = next(m for m in mentions if "Sistani" in m["text"])
    assert sistani["text"] == "Ali al-Sistani" and sistani["title"] == "Grand Ayatollah"


def _sources(nlp, body):
    paragraphs = [{"char_start": 0, "char_end": len(body), "is_heading": False, "source_start": 0}]
    return {m["text"]: m["is_source"] for m in extract_mentions("art_0", nlp(body), paragraphs, alias_index())}


def test_sources_are_speakers_the_quoted_the_told_or_according_to(nlp):
    assert _sources(nlp, "Senator Warren argued that the bill failed.")["Warren"]
    assert _sources(nlp, "Reuters quoted Iraqi officials as saying the talks failed.")["Reuters"]
    assert _sources(nlp, "Clinton was told by aides that the vote failed.")["Clinton"]
    assert _sources(nlp, "The talks failed, according to Reuters.")["Reuters"]
    assert not _sources(nlp, "Obama was asked about the attack by reporters.")["Obama"]  # the one asked
    assert not _sources(nlp, "Obama called Putin on Monday.")["Obama"]  # a phone call, not speech


NAMES_AND_GROUPS = (
    "You asked us to wait, the commander told the US envoy. Since the US air strikes, the U.S. and the UK have "
    "asked the UN to act. Iraqi Shi’ite militias, Shiite clerics and Shia forces met mostly Shiite Iraqi "
    "lawmakers. They recruit Sunni, Kurdish, Christian and Yazidi Iraqis. Syrian rebels and Lebanese officials "
    "met Shi'a leaders. Lebanese Hezbollah and the Syrian Democratic Forces were not there; the envoy spoke in "
    "Kurdish.\n\nLET US PRAY FOR PEACE, THE SIGN SAID.")


@pytest.fixture(scope="module")
def names_and_groups(nlp):
    paragraphs = [{"char_start": 0, "char_end": len(NAMES_AND_GROUPS), "is_heading": False, "source_start": 0}]
    return extract_mentions("art_0", nlp(NAMES_AND_GROUPS), paragraphs, alias_index())


def test_capital_acronyms_are_names_and_the_pronoun_is_not(names_and_groups):
    texts = [m["text"] for m in names_and_groups]
    assert texts.count("US") == 2 and {"U.S.", "UK", "UN"} <= set(texts)
    starts = {m["char_start"] for m in names_and_groups}
    assert NAMES_AND_GROUPS.index("us") not in starts  # 'asked us to wait'
    assert NAMES_AND_GROUPS.index("LET US") + 4 not in starts  # capitals in a shouted line are no evidence


def test_group_and_nationality_words_are_norp_with_one_name(names_and_groups):
    norp = [(m["text"], m["canonical"], m["mention_country_code"]) for m in names_and_groups if m["label"] == "NORP"]
    assert {t for t, name, _ in norp if name == "Shia"} == {"Shi’ite", "Shiite", "Shia", "Shi'a"}
    assert [t for t, name, _ in norp if name == "Shia"].count("Shiite") == 2  # 'Shiite Iraqi' is two mentions
    assert {("Yazidi", "Yazidi", None), ("Iraqis", "Iraqi", "IQ"), ("Syrian", "Syrian", "SY"),
            ("Lebanese", "Lebanese", "LB"), ("Kurdish", "Kurdish", None)} <= set(norp)
    by_text = {m["text"]: m["label"] for m in names_and_groups}
    assert by_text["Lebanese Hezbollah"] == "ORG" and by_text["Syrian Democratic Forces"] == "ORG"  # names stay whole


def test_a_surname_that_is_also_a_group_word_is_one_mention(nlp):
    """'Republican' after 'Ahmed Republican': the short-form rule and the missed-group-word rule both find the
    token; it is one mention (ids are per span)."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=["Ahmed", "Republican", "spoke", ".", "Then", "Republican", "left", "."],
              spaces=[True, True, False, True, True, True, False, False],
              pos=["PROPN", "PROPN", "VERB", "PUNCT", "ADV", "PROPN", "VERB", "PUNCT"],
              heads=[1, 2, 2, 2, 6, 6, 6, 6],
              deps=["compound", "nsubj", "ROOT", "punct", "advmod", "nsubj", "ROOT", "punct"],
              ents=["B-PERSON", "I-PERSON"] + ["O"] * 6, sent_starts=[True, False, False, False, True, False, False, False])
    found = [(m["text"], m["char_start"], m["detected_by"]) for m in extract_mentions("a", doc, [], alias_index())]
    assert found == [("Ahmed Republican", 0, "ner"), ("Republican", 29, "short-form")]
