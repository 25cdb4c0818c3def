"""Attribution cues shared by the quote, event and mention extractors: the reporting-verb lexicon
(data/reporting_verbs.yaml, one list for all three) and 'according to X'."""

from __future__ import annotations

from pathlib import Path

import yaml

LEXICON = Path(__file__).parent.parent / "data" / "reporting_verbs.yaml"
CATEGORIES = ("saying", "also_not_speech", "denying", "believing", "requesting", "instructing", "pressing",
              "intending", "content_objects", "characterising", "relaying", "not_attributing")


def load_reporting_verbs(path: Path = LEXICON) -> dict[str, frozenset[str]]:
    """Category -> lemmas. A category the code does not read is a typo in the file, not a silent no-op."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if set(data) != set(CATEGORIES):
        raise ValueError(f"{path}: categories {sorted(data)} differ from {sorted(CATEGORIES)}")
    return {category: frozenset(lemmas) for category, lemmas in data.items()}


_VERBS = load_reporting_verbs()
SAYING = _VERBS["saying"]
ALSO_NOT_SPEECH = _VERBS["also_not_speech"]
DENYING = _VERBS["denying"]
BELIEVING = _VERBS["believing"]
REQUESTING = _VERBS["requesting"]
INSTRUCTING = _VERBS["instructing"]
PRESSING = _VERBS["pressing"]
INTENDING = _VERBS["intending"]
CONTENT_OBJECTS = _VERBS["content_objects"]
CHARACTERISING = _VERBS["characterising"]
RELAYING = _VERBS["relaying"]
NOT_ATTRIBUTING = _VERBS["not_attributing"]
INFINITIVE_CONTENT = REQUESTING | INTENDING  # 'urged Y to ...', 'plans to ...': the infinitive is the content
ATTRIBUTING = SAYING | BELIEVING | INFINITIVE_CONTENT  # verbs whose complement is content held by their subject
REPORTED_INFINITIVE = INFINITIVE_CONTENT | INSTRUCTING  # the quote extractor's: 'told residents to leave' is reported too


def is_speech(verb) -> bool:
    """A saying verb used for speech, where no quotation shows it: one that also means something else ('added
    troops') needs content of its own, or to be the aside of a clause ('..., he added')."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in SAYING:
        return False
    if lemma not in ALSO_NOT_SPEECH or verb.dep_ == "parataxis":
        return True
    return any(carries_content(verb, child) for child in verb.children)


def carries_content(verb, child) -> bool:
    """The child is what the verb says: a clause ('added that ...'), a characterisation ('called him a liar') or,
    after a request or a verb of intent, an infinitive ('called on Congress to act'; not 'continued to fight')."""
    return child.dep_ in ("ccomp", "parataxis", "oprd") or (
        child.dep_ == "xcomp" and verb.lemma_.lower() in INFINITIVE_CONTENT)


def _according_to_object(according):
    """X's head when the token opens 'according to X', else None."""
    doc = according.doc
    if according.lower_ != "according" or according.i + 1 >= len(doc) or doc[according.i + 1].lower_ != "to":
        return None
    return next((c for c in doc[according.i + 1].children if c.dep_ == "pobj"), None)


def according_to(tokens):
    """The first 'according to X' among the tokens: the 'according' token and X's head, or None."""
    for token in tokens:
        source = _according_to_object(token)
        if source is not None:
            return token, source
    return None


def is_according_to_object(token) -> bool:
    """The token is X's head in 'according to X'."""
    to = token.head
    return token.dep_ == "pobj" and to.i > 0 and _according_to_object(to.doc[to.i - 1]) == token
