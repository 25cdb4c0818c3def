"""The dataset card: Hugging Face's template sections, the YAML metadata, the generated Coverage and Citation,
and a card for an empty release."""

import re
from pathlib import Path

import huggingface_hub
import pyarrow.parquet as pq
import yaml

from newstables.build.describe.card import CARD_TEMPLATE, render_card
from newstables.build.describe.citation import CITATION_FILE
from newstables.schemas import CONTRACTS, arrow_schema
from newstables.validation.layout import read_table, shard_path

HF_TEMPLATE = Path(huggingface_hub.__file__).parent / "templates" / "datasetcard_template.md"
# Sections other tools read from the rendered card by heading (croissant.json's descriptions).
EXTRACTED = ("## Uses", "### Direct Use", "### Out-of-Scope Use", "## Bias, Risks, and Limitations",
             "### Personal and Sensitive Information", "## Dataset Creation", "### Source Data", "## Citation")


def _front_matter(card: str) -> dict:
    return yaml.safe_load(re.match(r"---\n(.*?)\n---\n", card, re.S).group(1))


def _headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if re.match(r"#{1,6} ", line)]


def test_every_section_of_the_hugging_face_template_is_there():
    ours = set(_headings(CARD_TEMPLATE.read_text(encoding="utf-8")))
    body = HF_TEMPLATE.read_text(encoding="utf-8").split("\n---\n", 1)[1]  # after its YAML block
    template = [h.replace(" [optional]", "") for h in _headings(body) if "{{" not in h]
    assert len(template) > 20 and [h for h in template if h not in ours] == []
    lines = CARD_TEMPLATE.read_text(encoding="utf-8").splitlines()
    assert [h for h in EXTRACTED if h not in lines] == []


def test_yaml_metadata_describes_how_the_data_was_made(release):
    meta = _front_matter((release / "README.md").read_text(encoding="utf-8"))
    assert meta["annotations_creators"] == ["machine-generated"] and meta["language_creators"] == ["found"]
    assert meta["multilinguality"] == "monolingual" and meta["source_datasets"] == ["original"]
    assert {"named-entity-recognition", "entity-linking-classification"} <= set(meta["task_ids"])
    assert {"news", "event-extraction", "plover", "entity-linking"} <= set(meta["tags"])
    assert meta["language"] == ["en"] and meta["license"] == "other"


def test_coverage_and_citation_are_generated_from_the_release(release):
    card = (release / "README.md").read_text(encoding="utf-8")
    coverage = card.split("### Coverage", 1)[1].split("\n### ", 1)[0]
    articles = read_table(release, "articles")
    assert f"`articles` {articles.num_rows}," in coverage
    assert f"from {len(set(articles['source_file'].to_pylist()))} raw files" in coverage
    assert "version = {0.1.0}" in card and "(Version 0.1.0)" in card
    cff = yaml.safe_load((release / CITATION_FILE).read_text(encoding="utf-8"))
    assert cff["version"] == "0.1.0" and "version: 0.1.0" in card
    assert "<!-- coverage" not in card and "<!-- citation" not in card and "<!-- fields" not in card


def test_an_empty_release_renders(tmp_path):
    for name, contract in CONTRACTS.items():
        path = tmp_path / shard_path(name, 0, 1)
        path.parent.mkdir(parents=True)
        pq.write_table(arrow_schema(contract).empty_table(), path)
    card = render_card(tmp_path, "0.0.1", "**Release 0.0.1.** Rows: none.")
    meta = _front_matter(card)
    assert meta["size_categories"] == ["n<1K"] and meta["tags"]
    assert "`articles` 0, `entities` 0" in card and "none known; 0 articles have no date" in card
    assert "## Dataset Card Contact" in card and "version = {0.0.1}" in card
