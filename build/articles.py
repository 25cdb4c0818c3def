"""Stories become `Article`s: the unit every per-article step takes, and the `articles` table row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from spacy.lang.en.stop_words import STOP_WORDS

from newstables.build.ids import stable_id
from newstables.build.ingest import RawDocument
from newstables.build.segment import Story, segment

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Article:
    article_id: str
    source_file: str
    source_sha256: str
    source_encoding: str
    story_index: int
    source_start: int
    source_end: int
    title: str | None
    subtitle: str | None
    outlet: str | None
    published_at: datetime | None
    published_at_precision: str | None
    published_at_source: str | None
    language: str
    word_count: int
    body: str
    paragraphs: list[dict]
    captions: list[str]
    pull_quotes: list[dict]

    def row(self) -> dict:
        return asdict(self)


def detect_language(text: str) -> str:
    """'en' when English function words are common enough; the NLP model is English-only, so 'und' flags the rest."""
    words = [w.strip(".,;:!?\"'“”‘’()").lower() for w in text.split()[:400]]
    if not words:
        return "und"
    share = sum(w in STOP_WORDS for w in words) / len(words)
    return "en" if share >= 0.25 else "und"


def _article(doc: RawDocument, story: Story) -> Article:
    paragraphs, parts, offset = [], [], 0
    for p in story.paragraphs:
        paragraphs.append({"start": offset, "end": offset + len(p.text), "is_heading": p.is_heading,
                           "source_start": p.source_start})
        parts.append(p.text)
        offset += len(p.text) + len(PARAGRAPH_SEPARATOR)
    body = PARAGRAPH_SEPARATOR.join(parts)
    return Article(
        article_id=stable_id("art", doc.sha256, story.index, body),
        source_file=doc.source_file,
        source_sha256=doc.sha256,
        source_encoding=doc.encoding,
        story_index=story.index,
        source_start=story.source_start,
        source_end=story.source_end,
        title=story.title,
        subtitle=story.subtitle,
        outlet=story.outlet,
        published_at=None,  # no honest source yet: page text gives no publication date
        published_at_precision=None,
        published_at_source=None,
        language=detect_language(body),
        word_count=len(body.split()),
        body=body,
        paragraphs=paragraphs,
        captions=story.captions,
        pull_quotes=story.pull_quotes,
    )


def make_articles(doc: RawDocument) -> list[Article]:
    return [_article(doc, story) for story in segment(doc.text)]
