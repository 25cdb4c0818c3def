"""The per-article step runs on batches: one result per article, in order, and a failure stays that article's."""

from newstables.build import process
from newstables.build.articles import make_articles
from newstables.build.ingest import RawDocument, Reject
from newstables.build.process import ArticleRows, batches, process_articles

BODIES = ["Officials met in Baghdad on Monday.", "BOOM breaks the parser.", "Protesters gathered in Basra."]


class FailsOn:
    """The real pipeline, except that any text holding `word` makes it raise."""

    def __init__(self, nlp, word: str):
        self.nlp, self.word, self.max_length = nlp, word, nlp.max_length

    def __call__(self, text):
        if self.word in text:
            raise ValueError("parser failed")
        return self.nlp(text)

    def pipe(self, texts, batch_size):
        return map(self, texts)  # as with nlp.pipe, one failing text fails its whole batch


def _articles():
    docs = [RawDocument(f"{i}.txt", f"{i:064d}", "utf-8", "text", f"Headline number {i}\n\n{body}")
            for i, body in enumerate(BODIES)]
    return [a for d in docs for a in make_articles(d)]


def test_a_failing_parse_rejects_only_its_article(monkeypatch):
    real = process.load_nlp()
    monkeypatch.setattr(process, "load_nlp", lambda gazetteers: FailsOn(real, "BOOM"))
    results = process_articles(_articles())
    assert [type(r) for r in results] == [ArticleRows, Reject, ArticleRows]
    assert results[1].reason == "extraction-error" and "parser failed" in results[1].detail
    assert [r.article["source_file"] for r in (results[0], results[2])] == ["0.txt", "2.txt"]


def test_batches_are_capped_by_count_and_text_and_keep_the_order():
    assert batches(list(range(7)), 3, chars=lambda _: 0) == [[0, 1, 2], [3, 4, 5], [6]]
    assert batches([5, 5, 20, 1, 1], 3, max_chars=10, chars=int) == [[5, 5], [20], [1, 1]]  # long ones alone
