"""The per-article step: one Article in, all its rows out. Pure apart from the cached NLP model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newstables.build.articles import Article
from newstables.build.ingest import Reject
from newstables.build.extract.events import extract_events
from newstables.build.extract.mentions import extract_mentions
from newstables.build.extract.quotes import extract_quotes
from newstables.build.link.stories import lede_terms
from newstables.build.gazetteer import DEFAULT_GAZETTEER, alias_index
from newstables.build.link.names import fold
from newstables.build.nlp import load_nlp


@dataclass
class ArticleRows:
    article: dict
    mentions: list[dict]
    quotes: list[dict]
    events: list[dict]
    story_terms: list[str]


@dataclass(frozen=True)
class StepConfig:
    """What the per-article steps read besides the article; picklable, so every executor can ship it."""

    gazetteers: tuple[Path, ...] = (DEFAULT_GAZETTEER,)


def process_article(article: Article, config: StepConfig = StepConfig()) -> ArticleRows | Reject:
    """Never raises: an article the NLP cannot take becomes a reject that says why."""
    where = article.source_file if article.source_record is None else f"{article.source_file}#{article.source_record}"
    nlp = load_nlp(config.gazetteers)
    if len(article.body) > nlp.max_length:
        return Reject(where, article.source_sha256, "too-long",
                      f"story {article.story_index} has {len(article.body)} characters, over spaCy's limit of "
                      f"{nlp.max_length}; split the file into articles")
    try:
        return _extract(article, nlp, config)
    except Exception as exc:  # a bug must not take the rest of the corpus down with it
        return Reject(where, article.source_sha256, "extraction-error",
                      f"story {article.story_index}: {type(exc).__name__}: {exc}; please report this input")


def _mark_pull_quote_repeats(article: dict, quotes: list[dict]) -> None:
    direct = [(fold(q["text"]), q["quote_id"]) for q in quotes if q["is_direct"]]
    for pq in article["pull_quotes"]:
        text = fold(pq["text"])
        pq["repeat_of"] = next((qid for qtext, qid in direct if text and (text in qtext or qtext in text)), None)


def _extract(article: Article, nlp, config: StepConfig) -> ArticleRows:
    doc = nlp(article.body)
    quotes = extract_quotes(article.article_id, article.body, article.paragraphs, doc)
    row = article.row()
    _mark_pull_quote_repeats(row, quotes)
    return ArticleRows(
        article=row,
        mentions=extract_mentions(article.article_id, doc, article.paragraphs, alias_index(config.gazetteers)),
        quotes=quotes,
        events=extract_events(article.article_id, doc, article.published_at),
        story_terms=lede_terms(doc, article.title),
    )
