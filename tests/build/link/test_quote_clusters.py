from newstables.build.link.quote_clusters import cluster_quotes


def _quote(quote_id, text, entity=None, name=None, anonymous=False):
    return {"quote_id": quote_id, "text": text, "speaker_entity_id": entity, "speaker_name": name,
            "speaker_text": name, "speaker_is_anonymous": anonymous}


def _clusters(quotes):
    cluster_quotes(quotes)
    return {q["quote_id"]: q["quote_cluster_id"] for q in quotes}


def test_copies_and_other_outlets_quoting_the_same_words_are_one_quotation():
    ids = _clusters([
        _quote("quo_a", "We will not negotiate under pressure, and we never have.", entity="ent_1"),
        _quote("quo_b", "We will not negotiate under pressure, and we never have", entity="ent_1"),  # a copy
        _quote("quo_c", "we will not negotiate under pressure", entity="ent_1"),  # another outlet quotes part
    ])
    assert ids["quo_a"] == ids["quo_b"] == ids["quo_c"]


def test_different_speakers_or_words_are_different_quotations():
    ids = _clusters([
        _quote("quo_a", "We will not negotiate under pressure.", entity="ent_1"),
        _quote("quo_b", "We will not negotiate under pressure.", entity="ent_2"),
        _quote("quo_c", "The talks will resume in Vienna next week.", entity="ent_1"),
    ])
    assert len(set(ids.values())) == 3


def test_unattributed_and_anonymous_quotes_join_only_on_the_very_same_words():
    ids = _clusters([
        _quote("quo_a", "the attacks must stop before any talks", anonymous=True, name="two officials"),
        _quote("quo_b", "The attacks must stop before any talks.", anonymous=True, name="a diplomat"),
        _quote("quo_c", "the attacks must stop"),
        _quote("quo_d", "the attacks must stop before any talks resume"),
    ])
    assert ids["quo_a"] == ids["quo_b"]
    assert len({ids["quo_a"], ids["quo_c"], ids["quo_d"]}) == 3


def test_short_phrases_need_exactly_the_same_words():
    ids = _clusters([_quote("quo_a", "maximum pressure", entity="ent_1"),
                     _quote("quo_b", "a campaign of maximum pressure on Iran", entity="ent_1")])
    assert ids["quo_a"] != ids["quo_b"]


def test_ids_do_not_depend_on_row_order():
    quotes = [_quote(f"quo_{i}", "We will not negotiate under pressure.", entity="ent_1") for i in "dcba"]
    assert set(_clusters(quotes).values()) == set(_clusters(list(reversed(quotes))).values())
