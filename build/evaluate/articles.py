"""Body-extraction quality: token-level precision, recall and F1 of extracted bodies against gold bodies.

Micro-averaged over pages: token overlaps (as multisets) are summed before dividing.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    return Counter(t.lower() for t in TOKEN.findall(text or ""))


@dataclass
class PageScore:
    page_id: str
    overlap: int
    predicted: int
    gold: int

    @property
    def f1(self) -> float:
        return 2 * self.overlap / (self.predicted + self.gold) if self.predicted + self.gold else 1.0


@dataclass
class Report:
    pages: list[PageScore]

    def _sum(self, attr):
        return sum(getattr(p, attr) for p in self.pages)

    @property
    def precision(self) -> float:
        return self._sum("overlap") / max(self._sum("predicted"), 1)

    @property
    def recall(self) -> float:
        return self._sum("overlap") / max(self._sum("gold"), 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def worst(self, n: int = 10) -> list[PageScore]:
        return sorted(self.pages, key=lambda p: (p.f1, p.page_id))[:n]


def score(predicted: dict[str, str], gold: dict[str, str]) -> Report:
    pages = []
    for page_id in sorted(gold):
        p, g = tokens(predicted.get(page_id, "")), tokens(gold[page_id])
        pages.append(PageScore(page_id, sum((p & g).values()), sum(p.values()), sum(g.values())))
    return Report(pages)


def load_gold(path: Path) -> dict[str, str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: v.get("articleBody") or "" for k, v in data.items()}


def load_pages(path: Path) -> dict[str, str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data = data.get("output", data)
    return {k: v.get("articleBody") or "" for k, v in data.items()}


def load_html_pages(folder: Path) -> dict[str, bytes]:
    pages = {}
    for path in sorted(Path(folder).iterdir()):
        name = path.name
        for suffix in (".html.gz", ".htm.gz", ".html", ".htm"):
            if name.endswith(suffix):
                data = path.read_bytes()
                pages[name[: -len(suffix)]] = gzip.decompress(data) if suffix.endswith(".gz") else data
    return pages


def extract_bodies(pages: dict, to_text: Callable[[object], str]) -> dict[str, str]:
    return {page_id: to_text(page) for page_id, page in pages.items()}


def main_body(doc) -> str:
    """The cleaner as the build runs it; a page in a one-article gold set is judged by its main story
    (the one with the most body text), the rest being comment threads or teasers the page carried."""
    from newstables.build.articles import make_articles

    articles = make_articles(doc)
    return max((a.body for a in articles), key=len, default="")


def body_from_page_text(text: str) -> str:
    from newstables.build.ingest import RawDocument

    return main_body(RawDocument("page.txt", "0" * 64, "utf-8", "text", text))


def body_from_html(html: bytes) -> str:
    from newstables.build.html import html_to_document
    from newstables.build.ingest import RawDocument, decode

    decoded = decode(html)
    doc = html_to_document(decoded[0]) if decoded else None
    return main_body(RawDocument("page.html", "0" * 64, "utf-8", "html", doc.text, None, doc.metadata)) if doc else ""
