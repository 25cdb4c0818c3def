"""The dataset card (README.md of the release): YAML front matter for the HF loader, body from dataset_card.md.

Field tables come from the contracts; dataset_info and the Coverage section from the written Parquet files; the
citation from the release version.
"""

from __future__ import annotations

from pathlib import Path

from newstables.build.describe.citation import TITLE, citation_markdown
from newstables.build.describe.coverage import coverage_markdown, table_size
from newstables.build.text_mode import statement as text_mode_statement
from newstables.schemas import CONTRACTS, field_table, hf_features
from newstables.schemas.contract import TEXT_MODES
from newstables.validation.layout import data_files

CARD_TEMPLATE = Path(__file__).resolve().parents[2] / "dataset_card.md"
FIELDS_MARKER = "<!-- fields: generated from schemas/ -->"
RELEASE_MARKER = "<!-- release: generated at build -->"
COVERAGE_MARKER = "<!-- coverage: generated at build -->"
CITATION_MARKER = "<!-- citation: generated at build -->"
TEXT_MODE_MARKER = "<!-- text-mode: generated at build -->"
CHANGELOG_HEADING = "## Changelog"
TAGS = ("news", "journalism", "quotes", "quotation-attribution", "named-entities", "entity-linking",
        "event-extraction", "plover", "acled", "political-science", "parquet")


def _template() -> str:
    try:
        return CARD_TEMPLATE.read_text(encoding="utf-8")
    except FileNotFoundError:  # installed without the repo: a minimal card still carries every field
        return f"# newstables\n\n{RELEASE_MARKER}\n\n{COVERAGE_MARKER}\n\n{FIELDS_MARKER}\n\n{CITATION_MARKER}\n"


def size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if n < limit:
            return label
    return "n>10M"


def fields_markdown() -> str:
    parts = []
    for contract in CONTRACTS.values():
        parts.append(f"#### `{contract.name}`\n\n{contract.description}\n\n{field_table(contract)}\n")
    return "\n".join(parts)


def front_matter(folder: Path) -> str:
    from datasets import DatasetInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    infos = {}
    for name in CONTRACTS:
        rows, size = table_size(folder, name)
        split = {"name": "train", "num_bytes": size, "num_examples": rows, "dataset_name": None}
        infos[name] = DatasetInfo(features=hf_features(CONTRACTS[name]), splits=[split], config_name=name,
                                  dataset_size=size)
    articles = infos["articles"].splits["train"].num_examples
    card_data = DatasetCardData(
        pretty_name=TITLE,
        license="other",
        license_name="cc-by-4.0-annotations-publisher-text",
        license_details="The extracted annotations (ids, offsets, entities, quotes, events, catalog) are CC BY 4.0; "
                        "article text remains the property of its publishers (see the card's License).",
        language=["en"],
        language_creators=["found"],
        annotations_creators=["machine-generated"],
        multilinguality="monolingual",
        source_datasets=["original"],
        task_categories=["token-classification", "text-classification"],
        task_ids=["named-entity-recognition", "entity-linking-classification", "multi-class-classification"],
        tags=list(TAGS),
        size_categories=[size_category(articles)],
        configs=[{"config_name": name, **({"default": True} if name == "articles" else {}),
                  "data_files": [{"split": "train", "path": data_files(name)}]}
                 for name in CONTRACTS],
    )
    DatasetInfosDict(infos).to_dataset_card_data(card_data)
    return card_data.to_yaml()


def changelog(entry: str, previous_card: str) -> str:
    """This release's entry above the earlier ones, carried over from the previous card (the section ends it)."""
    _, found, older = previous_card.partition(f"\n{CHANGELOG_HEADING}\n")
    return f"{CHANGELOG_HEADING}\n\n{entry}" + (f"\n{older.strip()}\n" if found else "")


def render_card(folder: Path, version: str, release_summary: str, changelog_section: str = "",
                text_mode: str = TEXT_MODES[0]) -> str:
    body = (_template().replace(FIELDS_MARKER, fields_markdown()).replace(RELEASE_MARKER, release_summary)
            .replace(COVERAGE_MARKER, coverage_markdown(folder)).replace(CITATION_MARKER, citation_markdown(version))
            .replace(TEXT_MODE_MARKER, text_mode_statement(text_mode)))
    if changelog_section:
        body = f"{body.rstrip()}\n\n{changelog_section}"
    return f"---\n{front_matter(folder)}\n---\n\n{body}"
