from newstables.build.extract.mentions import extract_mentions


def test_gazetteer_types_and_short_names(seed_articles, nlp):
    article = next(a for a in seed_articles if a.source_file.startswith("002") and a.story_index == 0)
    mentions = extract_mentions(article.article_id, nlp(article.body))
    by_text = {m["text"]: m for m in mentions}
    assert by_text["Hossein Taeb"]["label"] == "PERSON"
    assert by_text["Asaib Ahl al-Haq"]["label"] == "ORG"
    assert by_text["Asaib Ahl al-Haq"]["detected_by"] == "gazetteer"
    assert by_text["Taeb"]["canonical"] == "Hossein Taeb"
    for m in mentions:
        assert article.body[m["start"]:m["end"]] == m["text"]
        assert m["text"][0].isupper() or m["text"][0].isdigit()
