"""HTML pages: main text and metadata with trafilatura (title, date, site name, author, url)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from newstables.build.metadata import clean_metadata


@dataclass(frozen=True)
class HtmlDocument:
    text: str
    metadata: dict  # field -> (value, "html-meta")


def html_to_document(html: str) -> HtmlDocument | None:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                      include_images=False)
    if doc is None or not (doc.text or "").strip():
        return None
    fields = {"title": doc.title, "published_at": doc.date, "outlet": doc.sitename, "byline": doc.author,
              "url": doc.url}
    return HtmlDocument(doc.text, clean_metadata(fields, "html-meta"))
