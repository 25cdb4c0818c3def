"""ACLED event and sub-event types for an event, through the crosswalk in data/acled_crosswalk.yaml.

The PLOVER type says which ACLED families an event can belong to (verbal events belong to none); the mode, the
trigger's words and cues ACLED's codebook uses in the event's sentences (the weapon, the target, who acts, whether
protesters or police used force, whether territory changed hands) pick the sub-event type. The rules are read in
order, the first that fits wins; the file says what each condition means.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

CROSSWALK = Path(__file__).parent.parent / "data" / "acled_crosswalk.yaml"


@lru_cache(maxsize=1)
def crosswalk() -> dict:
    data = yaml.safe_load(CROSSWALK.read_text(encoding="utf-8"))
    data["patterns"] = {name: _pattern(words) for name, words in data["cues"].items()}
    return data


def version() -> str:
    return crosswalk()["version"]


def _pattern(words: list[str]) -> re.Pattern:
    alts = []
    for w in sorted(words, key=len, reverse=True):
        body = r"\s+".join(r"\w+" if part == "*" else re.escape(part) for part in w.lower().rstrip("*").split())
        alts.append(body + (r"[\w-]*" if w.endswith("*") else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def _first(pattern: re.Pattern, text: str) -> int | None:
    m = pattern.search(text)
    return m.start() if m else None


def _actor_side(actors: list[str], text: str) -> str | None:
    """'state' or 'nonstate': from the event's actors, else from the armed party the sentence names first."""
    patterns = crosswalk()["patterns"]
    for actor in actors:
        low = actor.lower()
        if patterns["nonstate"].search(low):
            return "nonstate"
        if patterns["state"].search(low):
            return "state"
    found = {side: _first(patterns[side], text) for side in ("state", "nonstate")}
    found = {side: at for side, at in found.items() if at is not None}
    return min(found, key=found.get) if found else None


def acled_types(event_type: str, mode: str | None, words: set[str], texts: list[str] | str = (),
                actors: list[str] = ()) -> tuple[str | None, str | None]:
    """(ACLED event type, sub-event type) of an event, or (None, None) for an event ACLED does not code."""
    data = crosswalk()
    patterns = data["patterns"]
    text = " ".join([texts] if isinstance(texts, str) else texts).lower()
    present: dict[str, bool] = {}

    def has(cue: str) -> bool:
        if cue not in present:
            present[cue] = patterns[cue].search(text) is not None
        return present[cue]

    for rule in data["rules"]:
        if event_type not in rule["types"]:
            continue
        if "modes" in rule and mode not in rule["modes"]:
            continue
        if "words" in rule and not set(rule["words"]) & set(words):
            continue
        if "any" in rule and not any(has(c) for c in rule["any"]):
            continue
        if not all(has(c) for c in rule.get("all", ())) or any(has(c) for c in rule.get("none", ())):
            continue
        if "actor" in rule and _actor_side(list(actors), text) != rule["actor"]:
            continue
        return tuple(rule["acled"]) if rule["acled"] else (None, None)
    return None, None
