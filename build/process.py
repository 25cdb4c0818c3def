"""The per-article step: one Article in, all its rows out. Pure apart from the cached NLP model."""

from __future__ import annotations

from dataclasses import dataclass

from newstables.build.articles import Article
from newstables.build.extract.events import extract_events
from newstables.build.extract.mentions import extract_mentions
from newstables.build.extract.quotes import extract_quotes
from newstables.build.nlp import load_nlp


@dataclass
class ArticleRows:
    article: dict
    mentions: list[dict]
    quotes: list[dict]
    events: list[dict]


def process_article(article: Article) -> ArticleRows:
    doc = load_nlp()(article.body)
    return ArticleRows(
        article=article.row(),
        mentions=extract_mentions(article.article_id, doc),
        quotes=extract_quotes(article.article_id, article.body, article.paragraphs, doc),
        events=extract_events(article.article_id, doc, article.published_at),
    )
