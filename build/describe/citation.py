"""How to cite a release: CITATION.cff, BibTeX and APA, from the release version alone (no build date: a rebuild
of the same version must give byte-identical files)."""

from __future__ import annotations

import yaml

TITLE = "newstables: articles, entities, quotes and events from scraped news"
AUTHOR = "newstables maintainers"
ANNOTATIONS_LICENSE = "CC-BY-4.0"  # the tables newstables derives; article text stays the publishers'
KEYWORDS = ("news", "quotations", "named entities", "entity linking", "event extraction", "PLOVER")
CITATION_FILE = "CITATION.cff"


def citation_cff(version: str) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the release."""
    cff = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": TITLE,
        "version": version,
        "authors": [{"name": AUTHOR}],
        "license": ANNOTATIONS_LICENSE,
        "abstract": "Versioned, validated Parquet tables extracted from scraped news pages: articles, entity "
                    "mentions, quotations with their speakers and PLOVER-typed events, each tied to the characters "
                    "it came from. The license covers the extracted annotations; article text remains its "
                    "publishers'.",
        "keywords": list(KEYWORDS),
    }
    return yaml.safe_dump(cff, sort_keys=False, allow_unicode=True, width=100)


def bibtex(version: str) -> str:
    key = "newstables_" + "_".join(version.replace("-", ".").split("."))
    return (f"@misc{{{key},\n"
            f"  author = {{{{{AUTHOR}}}}},\n"
            f"  title = {{{{{TITLE}}}}},\n"
            f"  version = {{{version}}},\n"
            f"  note = {{Annotations under {ANNOTATIONS_LICENSE}; article text remains its publishers'}}\n"
            f"}}\n")


def apa(version: str) -> str:
    return f"{AUTHOR}. (n.d.). *{TITLE}* (Version {version}) [Data set]."


def citation_markdown(version: str) -> str:
    """The card's citation blocks: BibTeX, APA and the CITATION.cff shipped beside the card."""
    return (f"**BibTeX:**\n\n```bibtex\n{bibtex(version)}```\n\n"
            f"**APA:**\n\n{apa(version)}\n\n"
            f"**CITATION.cff** (also a file of this release):\n\n```yaml\n{citation_cff(version)}```")
