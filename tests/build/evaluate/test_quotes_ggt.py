"""The ggt evaluation: gold quotes found by text in the built bodies, speakers compared as resolved names."""

from newstables.build.evaluate.quotes import evaluate_ggt, same_speaker

BODY = ("“We will build it,” Mayor Doug McCallum said on Monday.\n\n"
        "McCallum said the city could afford the line.\n\n"
        "Critics said the numbers were wrong.")


def _quote(text, speaker_name, method="cue", confidence=0.85, direct=False):
    start = BODY.index(text)
    return {"article_id": "art_1", "char_start": start, "char_end": start + len(text), "text": text, "is_direct": direct,
            "is_fragment": False, "quote_group": None, "speaker_name": speaker_name, "speaker_text": speaker_name,
            "speaker_method": method, "speaker_confidence": confidence}


def test_resolved_names_agree_once_folded_or_with_a_title_before_the_name():
    assert same_speaker("Doug McCallum", "Doug McCallum")
    assert same_speaker("Mayor Doug McCallum", "Doug McCallum")
    assert same_speaker("the city", "The City")
    assert not same_speaker("McCallum", "Doug McCallum")  # a bare surname is not resolved
    assert not same_speaker(None, "Doug McCallum")


def test_gold_is_matched_by_text_and_unfound_gold_counts_as_missed():
    records = [{"file": "a.txt", "quotes": [
        {"quote": "“We will build it,”", "reference": "Doug McCallum"},
        {"quote": "the city could afford the line", "reference": "Doug McCallum"},
        {"quote": "the numbers were wrong", "reference": "Critics"},
        {"quote": "a sentence the page furniture took away", "reference": "Someone"}]}]
    articles = [{"article_id": "art_1", "source_file": "a.txt", "story_index": 0, "body": BODY}]
    quotes = [_quote("We will build it", "Doug McCallum", direct=True),
              _quote("the city could afford the line", "McCallum", method="chain", confidence=0.95),
              _quote("the numbers were wrong", "Critics", method="cue", confidence=0.5)]
    report = evaluate_ggt(records, quotes, articles)
    assert report.unlocated == {"all": 1, "direct": 0}
    total = report.total("all", 0.3)
    assert (total.gold, total.pred, total.recalled, total.correct) == (4, 3, 3, 3)
    assert report.accuracy() == (2, 3)
    assert report.by_method() == {"chain": (0, 1), "cue": (2, 2)}
    assert report.calibration(bins=(0.0, 0.9)) == [(0.0, 2, 3), (0.9, 0, 1)]
