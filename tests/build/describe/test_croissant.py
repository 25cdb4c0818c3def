"""croissant.json: valid Croissant for mlcroissant (offline), reads back the Parquet data, hashes every shard, takes
its RAI text from the card's sections and is the same bytes for the same folder."""

import datetime
import json
import logging
import math

import mlcroissant as mlc
import numpy as np
import pandas as pd
import pytest

from newstables.build.describe.croissant import card_sections, croissant, write_croissant
from newstables.schemas import CONTRACTS
from newstables.validation.layout import CARD, CROISSANT, MANIFEST, read_table, sha256_file, shard_files
from newstables.validation.run import validate_folder

CARD_TEXT = """---
pretty_name: A demo
license: other
license_name: demo-licence
license_details: Text stays its publishers'.
language: [en]
tags: [news]
---

# Dataset Card for demo

Tables from news.

## Uses

### Direct Use

Counting quotes.

```python
# not a heading: code
```

### Out-of-Scope Use [optional]

Profiling people.

## Bias, Risks, and Limitations

English outlets only.

## Citation

**BibTeX:**

```bibtex
@misc{demo_1_0, title = {demo}}
```
"""


@pytest.fixture(scope="module")
def dataset(release):
    return mlc.Dataset(jsonld=release / CROISSANT)


def _plain(value):
    """A value as mlcroissant gives it (text as bytes, NaN for a null number, sub-field ids as keys), as pyarrow's."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, (list, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {key.rsplit("/", 1)[-1]: _plain(v) for key, v in value.items()}
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _as_stored(value, stored):
    """mlcroissant reads a date as a timestamp at midnight."""
    is_date = isinstance(stored, datetime.date) and not isinstance(stored, datetime.datetime)
    return value.date() if is_date and isinstance(value, datetime.datetime) else value


def test_mlcroissant_validates_it_offline_with_no_warning_we_could_fix(release, caplog):
    caplog.set_level(logging.WARNING)
    dataset = mlc.Dataset(jsonld=release / CROISSANT)  # raises ValidationError on any error
    issues = dataset.metadata.ctx.issues
    assert not issues.errors
    # No publication date is known at build time (no clock, so rebuilds are byte-identical).
    assert [w for w in issues.warnings if "datePublished" not in w] == []
    assert not [r for r in caplog.records if "@context" in r.getMessage()]  # the standard context


@pytest.mark.parametrize("table", ["quotes", "events", "articles", "entity_catalog"])
def test_records_read_through_mlcroissant_equal_the_parquet_rows(release, dataset, table):
    stored = read_table(release, table).to_pylist()
    records = [{key.rsplit("/", 1)[-1]: _plain(v) for key, v in record.items()} for record in dataset.records(table)]
    assert len(records) == len(stored) > 0
    for record, row in zip(records, stored):
        assert {name: _as_stored(record[name], value) for name, value in row.items()} == row


def test_every_table_and_column_is_described_and_every_shard_hashed(release):
    doc = json.loads((release / CROISSANT).read_text())
    assert [rs["@id"] for rs in doc["recordSet"]] == list(CONTRACTS)
    for record_set in doc["recordSet"]:
        assert [f["name"] for f in record_set["field"]] == CONTRACTS[record_set["@id"]].names
    files = {d["contentUrl"]: d for d in doc["distribution"] if d["@type"] == "cr:FileObject"}
    shards = [rel for table in CONTRACTS for rel in shard_files(release, table)]
    assert sorted(files) == sorted(shards)
    assert all(files[rel]["sha256"] == sha256_file(release / rel) for rel in shards)
    assert {d["includes"] for d in doc["distribution"] if d["@type"] == "cr:FileSet"} == {
        f"data/{table}/train-*.parquet" for table in CONTRACTS}
    assert CROISSANT in json.loads((release / MANIFEST).read_text())["files"]  # hashed like the card


def test_types_lists_and_structs(release):
    fields = {f["@id"]: f for rs in json.loads((release / CROISSANT).read_text())["recordSet"] for f in rs["field"]}
    assert fields["articles/published_at"]["dataType"] == "sc:DateTime"
    assert fields["events/date_start"]["dataType"] == "sc:Date"
    assert fields["events/latitude"]["dataType"] == "sc:Float"
    assert fields["quotes/is_direct"]["dataType"] == "sc:Boolean"
    aliases = fields["entity_catalog/aliases"]
    assert aliases["repeated"] is True and aliases["dataType"] == "sc:Text"
    paragraphs = fields["articles/paragraphs"]
    assert paragraphs["repeated"] and "dataType" not in paragraphs
    start = next(s for s in paragraphs["subField"] if s["name"] == "char_start")
    assert start["dataType"] == "sc:Integer"
    assert start["source"]["extract"] == {"column": "paragraphs"} and start["source"]["transform"] == {
        "jsonPath": "char_start"}
    assert fields["quotes/article_id"]["references"] == {"field": {"@id": "articles/article_id"}}


def test_same_folder_gives_the_same_bytes(release, release_copy):
    (release_copy / CROISSANT).unlink()
    assert "croissant.json (the Croissant metadata) is missing" in [f.check for f in validate_folder(release_copy)]
    write_croissant(release_copy, "0.1.0")
    assert (release_copy / CROISSANT).read_bytes() == (release / CROISSANT).read_bytes()


def test_dataset_and_rai_text_come_from_the_card_sections(release_copy):
    (release_copy / CARD).write_text(CARD_TEXT, encoding="utf-8")
    doc = croissant(release_copy, "1.0.0")
    assert doc["version"] == "1.0.0" and doc["description"] == "Tables from news."
    assert doc["license"] == {"@type": "sc:CreativeWork", "name": "demo-licence",
                              "description": "Text stays its publishers'."}
    assert doc["citeAs"] == "@misc{demo_1_0, title = {demo}}"
    assert doc["keywords"] == ["news"] and doc["inLanguage"] == ["en"]
    uses = doc["rai:dataUseCases"]
    assert "Counting quotes." in uses and "### Out-of-Scope Use [optional]\n\nProfiling people." in uses
    assert doc["rai:dataLimitations"] == doc["rai:dataBiases"] == "English outlets only."
    assert "rai:personalSensitiveInformation" not in doc  # no such section: left out


def test_sections_ignore_hashes_in_code_and_tolerate_optional_markers():
    sections = card_sections(CARD_TEXT.split("---\n", 2)[2])
    assert "not a heading: code" not in sections and "out-of-scope use" in sections
    assert sections["direct use"].startswith("Counting quotes.")
    assert sections[""] == "Tables from news."
