"""The dataset card (README.md of the release): YAML front matter for the HF loader, body from dataset_card.md.

Field tables come from the contracts; dataset_info comes from the written Parquet files.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from newstables.schemas import CONTRACTS, field_table, hf_features
from newstables.validation.layout import data_files, shard_files

CARD_TEMPLATE = Path(__file__).resolve().parent.parent / "dataset_card.md"
FIELDS_MARKER = "<!-- fields: generated from schemas/ -->"
RELEASE_MARKER = "<!-- release: generated at build -->"
CHANGELOG_HEADING = "## Changelog"


def _template() -> str:
    try:
        return CARD_TEMPLATE.read_text(encoding="utf-8")
    except FileNotFoundError:  # installed without the repo: a minimal card still carries every field
        return f"# newstables\n\n{RELEASE_MARKER}\n\n{FIELDS_MARKER}\n"


def size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if n < limit:
            return label
    return "n>10M"


def fields_markdown() -> str:
    parts = []
    for contract in CONTRACTS.values():
        parts.append(f"### `{contract.name}`\n\n{contract.description}\n\n{field_table(contract)}\n")
    return "\n".join(parts)


def _size(folder: Path, table: str) -> tuple[int, int]:
    """(rows, uncompressed bytes) of a table's shards, from their Parquet footers."""
    rows = size = 0
    for rel in shard_files(folder, table):
        meta = pq.read_metadata(folder / rel)
        rows += meta.num_rows
        size += sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return rows, size


def front_matter(folder: Path) -> str:
    from datasets import DatasetInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    infos = {}
    for name in CONTRACTS:
        rows, size = _size(folder, name)
        split = {"name": "train", "num_bytes": size, "num_examples": rows, "dataset_name": None}
        infos[name] = DatasetInfo(features=hf_features(CONTRACTS[name]), splits=[split], config_name=name,
                                  dataset_size=size)
    articles = infos["articles"].splits["train"].num_examples
    card_data = DatasetCardData(
        pretty_name="newstables: articles, entities, quotes and events from scraped news",
        license="other",
        license_name="source-publishers",
        license_details="Article text remains the property of its publishers; the tables are for research use.",
        language=["en"],
        task_categories=["token-classification", "text-classification"],
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


def render_card(folder: Path, release_summary: str, changelog_section: str = "") -> str:
    body = _template().replace(FIELDS_MARKER, fields_markdown()).replace(RELEASE_MARKER, release_summary)
    if changelog_section:
        body = f"{body.rstrip()}\n\n{changelog_section}"
    return f"---\n{front_matter(folder)}\n---\n\n{body}"
