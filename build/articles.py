"""Stories become `Article`s: the unit every per-article step takes, and the `articles` table row.

Metadata precedence, highest first: the sidecar manifest, the page's own metadata (HTML meta tags or the
JSONL record), then what the page text shows. Every such field records its source.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import datetime

from spacy.lang.en.stop_words import STOP_WORDS

from newstables.schemas.ids import stable_id
from newstables.build.ingest import RawDocument
from newstables.build.pubdate import infer_published, parse_published
from newstables.build.segment import Story, segment, single_story
from newstables.build.config import CONFIG

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Article:
    article_id: str
    source_file: str
    source_sha256: str
    source_format: str
    source_record: int | None
    source_encoding: str
    decode_warnings: list[str]
    story_index: int
    source_start: int
    source_end: int
    url: str | None
    url_source: str | None
    title: str | None
    title_source: str | None
    subtitle: str | None
    byline: str | None
    byline_source: str | None
    outlet: str | None
    outlet_source: str | None
    published_at: datetime | None
    published_at_precision: str | None
    published_at_source: str | None
    license: str | None
    license_source: str | None
    language: str
    language_source: str
    word_count: int
    body: str
    body_sha256: str  # kept, with body_length, when a text mode withholds the body (rehydrate checks against it)
    body_length: int
    paragraphs: list[dict]
    captions: list[str]
    pull_quotes: list[dict]
    dropped_lines: dict[str, int]  # furniture rule -> lines of the story it left out; for the manifest, not a column

    def row(self) -> dict:
        row = asdict(self)
        del row["dropped_lines"]
        return row


def detect_language(text: str) -> str:
    """'en' when English function words are common enough; the NLP model is English-only, so 'und' flags the rest."""
    words = [w.strip(".,;:!?\"'“”‘’()").lower() for w in text.split()[:400]]
    if not words:
        return "und"
    share = sum(w in STOP_WORDS for w in words) / len(words)
    return "en" if share >= CONFIG.segment.english_stopword_share else "und"


def _pick(field: str, *layers: dict) -> tuple[object, str | None]:
    """The value from the first layer that has the field, with its source."""
    for layer in layers:
        if field in layer:
            return layer[field]
    return None, None


def _published(stated: tuple, story: Story, body: str) -> tuple[datetime | None, str | None, str | None]:
    value, source = stated
    if value is not None:
        parsed = parse_published(value)
        if parsed:
            return parsed[0], parsed[1], source
    inferred = infer_published(story.preamble, story.captions, body.split(PARAGRAPH_SEPARATOR, 1)[0])
    if inferred:
        return inferred[0], inferred[1], "inferred-from-text"
    return None, None, None


def _article(doc: RawDocument, story: Story, sidecar: dict) -> Article:
    paragraphs, parts, offset = [], [], 0
    for p in story.paragraphs:
        paragraphs.append({"char_start": offset, "char_end": offset + len(p.text), "is_heading": p.is_heading,
                           "source_start": p.source_start})
        parts.append(p.text)
        offset += len(p.text) + len(PARAGRAPH_SEPARATOR)
    body = PARAGRAPH_SEPARATOR.join(parts)
    # Manifest and page metadata describe the file's (or record's) main article: the first story.
    stated = [sidecar, doc.metadata] if story.index == 0 else []
    from_text = {k: (v, src) for k, v, src in (("title", story.title, "page-text"),
                                               ("outlet", story.outlet, "page-text"),
                                               ("byline", story.byline, "page-text")) if v}
    url, url_source = _pick("url", *stated)
    title, title_source = _pick("title", *stated, from_text)
    byline, byline_source = _pick("byline", *stated, from_text)
    outlet, outlet_source = _pick("outlet", *stated, from_text)
    license_, license_source = _pick("license", *stated)
    language, language_source = _pick("language", *stated)
    published_at, precision, published_source = _published(_pick("published_at", *stated), story, body)
    return Article(
        article_id=stable_id("art", doc.sha256, doc.record, story.index, body),
        source_file=doc.source_file, source_sha256=doc.sha256, source_format=doc.format,
        source_record=doc.record, source_encoding=doc.encoding, decode_warnings=list(doc.decode_warnings),
        story_index=story.index,
        source_start=story.source_start, source_end=story.source_end,
        url=url, url_source=url_source, title=title, title_source=title_source, subtitle=story.subtitle,
        byline=byline, byline_source=byline_source, outlet=outlet, outlet_source=outlet_source,
        published_at=published_at, published_at_precision=precision, published_at_source=published_source,
        license=license_, license_source=license_source,
        language=str(language) if language else detect_language(body),
        language_source=language_source or "detected",
        word_count=len(body.split()), body=body, body_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        body_length=len(body), paragraphs=paragraphs,
        captions=story.captions, pull_quotes=story.pull_quotes,
        dropped_lines=dict(Counter(rule for rule, _ in story.dropped)),
    )


def make_articles(doc: RawDocument, sidecar: dict | None = None) -> list[Article]:
    stories = segment(doc.text) if doc.format == "text" else single_story(doc.text)
    return [_article(doc, story, sidecar or {}) for story in stories]
