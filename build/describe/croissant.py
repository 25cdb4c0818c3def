"""croissant.json: the release described in MLCommons Croissant 1.0 with the Responsible-AI (RAI) extension, for
dataset search engines and Croissant loaders (mlcroissant, TFDS, ...).

Record sets and fields come from the contracts, files and their sha256 from the folder, and the descriptive and
RAI text from the rendered card (README.md), read by section heading: the card stays the one place that text is
written. Same folder in, same bytes out (no clock)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import yaml

from newstables.schemas import CONTRACTS, arrow_type
from newstables.schemas.contract import Column, Contract, column_description
from newstables.validation.layout import CARD, CROISSANT, data_files, sha256_file, shard_files

NAME = "newstables"
PARQUET = "application/x-parquet"
CONFORMS_TO = ["http://mlcommons.org/croissant/1.0", "http://mlcommons.org/croissant/RAI/1.0"]

# The standard Croissant 1.0 @context; mlcroissant warns about any other.
CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/", "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/", "dct": "http://purl.org/dc/terms/", "sc": "https://schema.org/",
    "citeAs": "cr:citeAs", "column": "cr:column", "conformsTo": "dct:conformsTo",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "equivalentProperty": "cr:equivalentProperty", "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract", "field": "cr:field", "fileObject": "cr:fileObject", "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet", "format": "cr:format", "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath", "key": "cr:key", "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path",
    "recordSet": "cr:recordSet", "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated",
    "replace": "cr:replace", "samplingRate": "cr:samplingRate", "separator": "cr:separator", "source": "cr:source",
    "subField": "cr:subField", "transform": "cr:transform",
}

# RAI property <- the card sections holding its text, in order of preference (the HF dataset card template's
# headings, then this card's own); a property none of whose sections is in the card is left out.
RAI_SECTIONS = {
    "rai:dataUseCases": ("Uses",),
    "rai:dataBiases": ("Biases", "Bias", "Bias, Risks, and Limitations"),
    "rai:dataLimitations": ("Limitations", "Known limitations", "Bias, Risks, and Limitations"),
    "rai:personalSensitiveInformation": ("Personal and Sensitive Information",),
    "rai:dataCollection": ("Source Data", "Dataset Creation"),
    "rai:dataPreprocessingProtocol": ("Data Collection and Processing", "How the tables are made"),
    "rai:dataAnnotationProtocol": ("Annotation process", "Annotations"),
    "rai:dataReleaseMaintenancePlan": ("Maintenance", "Versions, changes and deletions"),
}
DESCRIPTION_SECTIONS = ("Dataset Description", "Dataset Summary")  # when the title has no lead text of its own
CITATION_SECTIONS = ("Citation",)

_HEADING = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")  # an ATX heading, closing #s dropped
_FENCE = re.compile(r"\s*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE_BLOCK = re.compile(r"^\s*(?:```|~~~)[^\n]*\n(.*?)^\s*(?:```|~~~)", re.S | re.M)


# ---- the card ---------------------------------------------------------------------------------

def _split_card(card: str) -> tuple[dict, str]:
    """(YAML front matter, Markdown body)."""
    if card.startswith("---\n"):
        front, found, body = card[4:].partition("\n---\n")
        if found:
            return yaml.safe_load(front) or {}, body
    return {}, card


def _heading_key(title: str) -> str:
    return " ".join(title.replace("[optional]", "").split()).lower()


def card_sections(body: str) -> dict[str, str]:
    """Each section's text, subsections included, by heading (lower case, without the template's '[optional]');
    '' holds the text under the first heading, before the next one. Headings inside code blocks are code."""
    lines = _COMMENT.sub("", body).splitlines()
    heads, fenced = [], False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            heads.append((index, len(m.group(1)), _heading_key(m.group(2))))
    sections = {}
    for n, (start, level, key) in enumerate(heads):
        end = next((i for i, deeper, _ in heads[n + 1:] if deeper <= level), len(lines))
        sections.setdefault(key, "\n".join(lines[start + 1:end]).strip())
    lead_start = heads[0][0] + 1 if heads else 0
    lead_end = heads[1][0] if len(heads) > 1 else len(lines)
    sections[""] = "\n".join(lines[lead_start:lead_end]).strip()
    return sections


def _first(sections: dict[str, str], titles: tuple[str, ...]) -> str | None:
    return next((sections[key] for key in map(_heading_key, titles) if sections.get(key)), None)


def _citation(text: str) -> str:
    """The section's first code block (the BibTeX entry), else its text."""
    block = _CODE_BLOCK.search(text)
    return block.group(1).strip() if block else text


def _license(front: dict) -> str | dict | None:
    """A named licence as a CreativeWork with its details; else the card's licence id."""
    if front.get("license_name") or front.get("license_details"):
        work = {"@type": "sc:CreativeWork", "name": front.get("license_name") or front.get("license"),
                "description": front.get("license_details")}
        return {k: v for k, v in work.items() if v}
    return front.get("license")


def _dataset_metadata(card: str, version: str) -> dict:
    front, body = _split_card(card)
    sections = card_sections(body)
    citation = _first(sections, CITATION_SECTIONS)
    keywords = [*front.get("task_categories", []), *front.get("tags", [])]
    metadata = {
        "@context": CONTEXT, "@type": "sc:Dataset", "conformsTo": CONFORMS_TO, "name": NAME, "version": version,
        "description": sections[""] or _first(sections, DESCRIPTION_SECTIONS) or front.get("pretty_name"),
        "alternateName": front.get("pretty_name"), "license": _license(front),
        "citeAs": _citation(citation) if citation else None, "keywords": keywords or None,
        "inLanguage": front.get("language"),
        **{prop: _first(sections, titles) for prop, titles in RAI_SECTIONS.items()},
    }
    return {k: v for k, v in metadata.items() if v}


# ---- files, record sets and fields ------------------------------------------------------------

def _file_set_id(table: str) -> str:
    return f"{table}-parquet"


def _field_id(table: str, column: str) -> str:
    return f"{table}/{column}"


def _distribution(folder: Path) -> list[dict]:
    """Every shard as a FileObject (with its sha256, for integrity) and each table's shards as a FileSet (its glob,
    which the record set reads, so any number of shards loads as one table)."""
    files, sets = [], []
    for table in CONTRACTS:
        for rel in shard_files(folder, table):
            files.append({"@type": "cr:FileObject", "@id": rel, "name": rel, "contentUrl": rel,
                          "encodingFormat": PARQUET, "sha256": sha256_file(folder / rel),
                          "contentSize": f"{(folder / rel).stat().st_size} B",
                          "description": f"A Parquet shard of the `{table}` table."})
        sets.append({"@type": "cr:FileSet", "@id": _file_set_id(table), "name": _file_set_id(table),
                     "encodingFormat": PARQUET, "includes": data_files(table),
                     "description": f"The Parquet shards of the `{table}` table."})
    return files + sets


def _data_type(dtype: pa.DataType) -> str:
    checks = ((pa.types.is_boolean, "sc:Boolean"), (pa.types.is_integer, "sc:Integer"),
              (pa.types.is_floating, "sc:Float"), (pa.types.is_timestamp, "sc:DateTime"),
              (pa.types.is_date, "sc:Date"), (pa.types.is_string, "sc:Text"), (pa.types.is_large_string, "sc:Text"))
    for check, name in checks:
        if check(dtype):
            return name
    raise ValueError(f"no Croissant dataType for arrow type {dtype}")


def _field(field_id: str, name: str, dtype: pa.DataType, source: dict, description: str | None = None,
           path: tuple[str, ...] = ()) -> dict:
    """A cr:Field for a column, or for a struct member reached by `path` inside it: a list is `repeated`, a struct
    has one subField per member, read from the same column with a jsonPath."""
    field = {"@type": "cr:Field", "@id": field_id, "name": name}
    if description:
        field["description"] = description
    if pa.types.is_list(dtype) or pa.types.is_large_list(dtype):
        field["repeated"] = True
        dtype = dtype.value_type
    if pa.types.is_struct(dtype):
        field["subField"] = [_field(f"{field_id}/{member.name}", member.name, member.type, source,
                                    path=(*path, member.name)) for member in dtype]
    else:
        field["dataType"] = _data_type(dtype)
        field["source"] = {**source, "transform": {"jsonPath": ".".join(path)}} if path else source
    return field


def _column_field(contract: Contract, column: Column) -> dict:
    field = _field(_field_id(contract.name, column.name), column.name, arrow_type(column.type),
                   {"fileSet": {"@id": _file_set_id(contract.name)}, "extract": {"column": column.name}},
                   column_description(column))
    table, _, key = (column.references or "").partition(".")
    # A foreign key, as a join; mlcroissant cannot join a record set to itself, so the description says that one.
    if table and table != contract.name:
        field["references"] = {"field": {"@id": _field_id(table, key)}}
    nested = {member: target for list_column, member, target in contract.nested_references if list_column == column.name}
    for sub_field in field.get("subField", []):
        if sub_field["name"] in nested:
            sub_field["description"] = f"Refers to `{nested[sub_field['name']]}`."
    return field


def _record_set(contract: Contract) -> dict:
    record_set = {"@type": "cr:RecordSet", "@id": contract.name, "name": contract.name,
                  "description": contract.description,
                  "field": [_column_field(contract, column) for column in contract.columns]}
    key = next((c.name for c in contract.columns if c.unique), None)
    if key:
        record_set["key"] = {"@id": _field_id(contract.name, key)}
    return record_set


def croissant(folder: Path, version: str) -> dict:
    """The Croissant JSON-LD of a release folder whose shards and card are written."""
    folder = Path(folder)
    metadata = _dataset_metadata((folder / CARD).read_text(encoding="utf-8"), version)
    metadata["distribution"] = _distribution(folder)
    metadata["recordSet"] = [_record_set(contract) for contract in CONTRACTS.values()]
    return metadata


def write_croissant(folder: Path, version: str) -> None:
    (Path(folder) / CROISSANT).write_text(
        json.dumps(croissant(folder, version), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
