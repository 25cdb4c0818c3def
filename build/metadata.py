"""Stated metadata (HTML meta tags, JSONL record fields, the sidecar manifest) made usable: plain scalar values,
each with where it came from."""

from __future__ import annotations

import re

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")


def clean_metadata(values: dict, source: str) -> dict:
    """Field -> (value, source) for usable values: plain scalars become strings, lists and objects are dropped,
    and a language must be a code ('en', 'pt-BR'), not a name."""
    out = {}
    for name, value in values.items():
        if value is None or isinstance(value, (list, dict)) or str(value).strip() == "":
            continue
        value = str(value).strip()
        if name == "language" and not LANGUAGE_CODE.fullmatch(value):
            continue
        out[name] = (value, source)
    return out
