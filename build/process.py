"""The per-article step, run on a batch: Articles in, each one's rows (or reject) out. Pure apart from the cached
NLP model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from pathlib import Path

from newstables.build.articles import Article
from newstables.build.ingest import Reject
from newstables.build.extract.events import extract_events
from newstables.build.extract.mentions import extract_mentions
from newstables.build.extract.quotes import extract_quotes
from newstables.build.extract.speakers import resolve_speakers
from newstables.build.extract.story_features import body_signature, lede_terms
from newstables.build.gazetteer import DEFAULT_GAZETTEER, alias_index
from newstables.build.names import fold
from newstables.build.nlp import load_nlp
from newstables.build.config import CONFIG

BATCH = CONFIG.extract.batch_articles


@dataclass
class ArticleRows:
    article: dict
    mentions: list[dict]
    quotes: list[dict]
    events: list[dict]
    story_terms: list[str]
    body_signature: list[int]


@dataclass(frozen=True)
class StepConfig:
    """What the per-article steps read besides the article; picklable, so every executor can ship it."""

    gazetteers: tuple[Path, ...] = (DEFAULT_GAZETTEER,)


def batches(items: list, size: int = BATCH, max_chars: int = CONFIG.extract.batch_chars,
            chars: Callable[[object], int] = lambda a: len(a.body)) -> list[list]:
    """Batches cut in order at `size` items or `max_chars` characters of text (an item longer than that goes
    alone), so what a batch holds never depends on the executor or its worker count, and a worker's memory is
    bounded by the text it parses at once, not by how long the articles that happen to sit together are."""
    cut, batch, held = [], [], 0
    for item in items:
        n = chars(item)
        if batch and (len(batch) == size or held + n > max_chars):
            cut.append(batch)
            batch, held = [], 0
        batch.append(item)
        held += n
    return cut + ([batch] if batch else [])


def process_articles(articles: list[Article], config: StepConfig = StepConfig()) -> list[ArticleRows | Reject]:
    """One result per article, in order; never raises: an article the NLP cannot take becomes a reject that
    says why. The bodies are parsed together (`nlp.pipe` is faster than one call per text)."""
    nlp = load_nlp(config.gazetteers)
    fits = [len(a.body) <= nlp.max_length for a in articles]
    docs = iter(_parse(nlp, [a.body for a, ok in zip(articles, fits) if ok]))
    return [_process(a, next(docs), config) if ok else _too_long(a, nlp) for a, ok in zip(articles, fits)]


def _where(article: Article) -> str:
    return article.source_file if article.source_record is None else f"{article.source_file}#{article.source_record}"


def _too_long(article: Article, nlp) -> Reject:
    return Reject(_where(article), article.source_sha256, "too-long",
                  f"story {article.story_index} has {len(article.body)} characters, over spaCy's limit of "
                  f"{nlp.max_length}; split the file into articles")


def _parse(nlp, bodies: list[str]) -> list:
    """A Doc per body, or the exception that body raised: a failing text must not reject its whole batch."""
    try:
        return list(nlp.pipe(bodies, batch_size=max(len(bodies), 1)))
    except Exception:
        return [_parse_one(nlp, body) for body in bodies]


def _parse_one(nlp, body: str):
    try:
        return nlp(body)
    except Exception as exc:
        return exc


def _process(article: Article, doc, config: StepConfig) -> ArticleRows | Reject:
    try:
        if isinstance(doc, Exception):
            raise doc  # its parse failed: reported like any other failure of this article
        return _extract(article, doc, config)
    except Exception as exc:  # a bug must not take the rest of the corpus down with it
        return Reject(_where(article), article.source_sha256, "extraction-error",
                      f"story {article.story_index}: {type(exc).__name__}: {exc}; please report this input")


def _mark_pull_quote_repeats(article: dict, quotes: list[dict]) -> None:
    direct = [(fold(q["text"]), q["quote_id"]) for q in quotes if q["is_direct"]]
    for pq in article["pull_quotes"]:
        text = fold(pq["text"])
        pq["repeat_of"] = next((qid for qtext, qid in direct if text and (text in qtext or qtext in text)), None)


def _extract(article: Article, doc, config: StepConfig) -> ArticleRows:
    mentions = extract_mentions(article.article_id, doc, article.paragraphs, alias_index(config.gazetteers))
    quotes = resolve_speakers(extract_quotes(article.article_id, article.body, article.paragraphs, doc), doc,
                              mentions, article.paragraphs)
    row = article.row()
    _mark_pull_quote_repeats(row, quotes)
    return ArticleRows(
        article=row,
        mentions=mentions,
        quotes=quotes,
        events=extract_events(article.article_id, doc, article.published_at),
        story_terms=lede_terms(doc, article.title),
        body_signature=body_signature(row["body"]),
    )
