from hypothesis import given, settings
from hypothesis import strategies as st

from newstables.build.extract.quotes import direct_spans, extract_quotes


def _paragraphs(body):
    out, start = [], 0
    for part in body.split("\n\n"):
        out.append({"start": start, "end": start + len(part), "is_heading": False, "source_start": start})
        start += len(part) + 2
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab c.,\n“”\"'‘’")), max_size=200))
def test_random_quote_marks_never_crash_and_spans_stay_in_the_body(body):
    for start, end in direct_spans(body, _paragraphs(body)):
        assert 0 <= start <= end <= len(body)


def test_unclosed_quote_runs_to_the_end_of_its_paragraph():
    body = 'He said: "this quote never closes at all\n\nNext paragraph here.'
    assert [body[a:b] for a, b in direct_spans(body, _paragraphs(body))] == ["this quote never closes at all"]


def test_scare_quotes_are_not_quotations():
    body = "Taeb and a “large delegation” met the “guardians of blood” group."
    assert direct_spans(body, _paragraphs(body)) == []


def test_fartousi_quote_with_its_speaker(seed_articles, nlp):
    article = next(a for a in seed_articles if a.source_file.startswith("002") and a.story_index == 0)
    quotes = extract_quotes(article.article_id, article.body, article.paragraphs, nlp(article.body))
    q = next(q for q in quotes if q["text"].startswith("The military escalation against the American forces"))
    assert q["is_direct"] and q["speaker_text"] == "Kadhim al-Fartousi" and q["cue"] == "tell"


def test_indirect_quote_and_inherited_speaker(nlp):
    body = ("The Pentagon said it was deeply concerned about the attacks.\n\n"
            "“We will respond at a time of our choosing,” Ravanchi added.\n\n"
            "“The attacks are a violation of international law and must stop.”")
    quotes = extract_quotes("art_0", body, _paragraphs(body), nlp(body))
    indirect = [q for q in quotes if not q["is_direct"]]
    assert indirect and indirect[0]["speaker_text"] == "Pentagon"
    assert indirect[0]["text"] == "it was deeply concerned about the attacks"
    direct = [q for q in quotes if q["is_direct"]]
    assert [q["speaker_text"] for q in direct] == ["Ravanchi", "Ravanchi"]
