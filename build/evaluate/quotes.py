"""Quote-attribution quality against brat standoff gold (Source / Cue / Content spans linked by an event line).

A gold Content matches a predicted quote when |gold ∩ pred| / |gold| reaches the threshold (chars; discontinuous
spans count as the union of their fragments). Recall counts gold contents with a match, precision counts
predictions that match some gold. Direct quotes are gold contents that start with a quotation mark.
Speaker accuracy: among matched pairs whose gold has a Source, the predicted speaker span overlaps it.
Cue accuracy: among matched pairs, the predicted cue lemma is a lemma of the gold Cue text.
Rows flagged `is_fragment` are not attributions and are not scored; the parts of a split or carried-on
quote (one `quote_group`) are scored as one quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

QUOTE_MARKS = "\"“”'‘’«"
THRESHOLDS = (0.3, 0.8)


@dataclass
class GoldAttribution:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] | None
    cue_text: str | None

    @property
    def is_direct(self) -> bool:
        return bool(self.content) and self._text_start in QUOTE_MARKS

    _text_start: str = ""


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _spans(spec: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in spec.split(";"))]


def parse_ann(ann: str, text: str) -> list[GoldAttribution]:
    spans, texts, out = {}, {}, []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, spec = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, _spans(spec))
            except ValueError:
                continue  # a malformed span line is skipped, not fatal
            texts[parts[0]] = parts[2] if len(parts) > 2 else ""
    for line in ann.splitlines():
        parts = line.split("\t")
        if not (line.startswith("E") and len(parts) >= 2):
            continue
        roles: dict[str, list[str]] = {}
        for arg in parts[1].split():
            role, _, ref = arg.partition(":")
            roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
        contents = [s for ref in roles.get("Content", []) if ref in spans for s in spans[ref][1]]
        if not contents:
            continue
        sources = [s for ref in roles.get("Source", []) if ref in spans for s in spans[ref][1]] or None
        cue = " ".join(texts[ref] for ref in roles.get("Cue", []) if ref in texts) or None
        first = min(contents)[0]
        gold = GoldAttribution(sorted(contents), sources, cue)
        gold._text_start = text[first:first + 1]
        out.append(gold)
    return out


def load_brat(folder: Path) -> list[GoldDoc]:
    """Every .ann under `folder`; its text is the .txt of the same stem beside it, or the .txt anywhere under
    `folder` whose stem is the longest prefix of the .ann stem (annotator suffixes such as `_ef2d`)."""
    folder = Path(folder)
    texts = {p.stem: p for p in folder.rglob("*.txt")}
    docs = []
    for ann in sorted(folder.rglob("*.ann")):
        candidates = [s for s in texts if ann.stem.startswith(s)]
        if not candidates:
            continue
        text = texts[max(candidates, key=len)].read_text(encoding="utf-8")
        docs.append(GoldDoc(ann.stem, text, parse_ann(ann.read_text(encoding="utf-8"), text)))
    return docs


def _merge_groups(preds: list[dict]) -> list[dict]:
    """The parts of one quotation (a `quote_group`) are scored as one quotation spanning them all."""
    out, groups = [], {}
    for p in preds:
        group = p.get("quote_group")
        if group is None:
            out.append(p)
        elif group not in groups:
            groups[group] = dict(p)
            out.append(groups[group])
        else:
            groups[group]["start"] = min(groups[group]["start"], p["start"])
            groups[group]["end"] = max(groups[group]["end"], p["end"])
    return out


def _chars(spans) -> set[int]:
    return {i for a, b in spans for i in range(a, b)}


def _overlap(gold: set[int], pred: set[int]) -> float:
    return len(gold & pred) / len(gold) if gold else 0.0


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    recalled: int = 0
    correct: int = 0

    def add(self, other: "Counts") -> None:
        for k in ("gold", "pred", "recalled", "correct"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def precision(self) -> float:
        return self.correct / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def match(golds: list[GoldAttribution], preds: list[dict], threshold: float) -> tuple[Counts, list[tuple]]:
    gold_chars = [_chars(g.content) for g in golds]
    pred_chars = [_chars([(p["start"], p["end"])]) for p in preds]
    pairs = [(gi, pi) for gi, g in enumerate(gold_chars) for pi, p in enumerate(pred_chars)
             if _overlap(g, p) >= threshold]
    counts = Counts(len(golds), len(preds), len({g for g, _ in pairs}), len({p for _, p in pairs}))
    best = {}
    for gi, pi in pairs:  # one prediction per gold for speaker and cue: the most overlapping
        if gi not in best or _overlap(gold_chars[gi], pred_chars[pi]) > _overlap(gold_chars[gi], pred_chars[best[gi]]):
            best[gi] = pi
    return counts, [(golds[g], preds[p]) for g, p in best.items()]


@dataclass
class DocResult:
    doc_id: str
    counts: dict  # (kind, threshold) -> Counts
    pairs: dict  # kind -> matched pairs at the lowest threshold


def evaluate_doc(doc: GoldDoc, preds: list[dict]) -> DocResult:
    """Fragments (scare quotes, partial quotes inside the reporter's sentence) are flagged rows, not
    attributions: they are left out of the predictions."""
    preds = _merge_groups([p for p in preds if not p.get("is_fragment")])
    direct_gold = [g for g in doc.attributions if g.is_direct]
    direct_pred = [p for p in preds if p["is_direct"]]
    counts, pairs = {}, {}
    for t in THRESHOLDS:
        counts[("direct", t)], direct_pairs = match(direct_gold, direct_pred, t)
        counts[("all", t)], all_pairs = match(doc.attributions, preds, t)
        if t == THRESHOLDS[0]:
            pairs = {"direct": direct_pairs, "all": all_pairs}
    return DocResult(doc.doc_id, counts, pairs)


def speaker_ok(gold: GoldAttribution, pred: dict) -> bool:
    if pred.get("speaker_start") is None:
        return False
    return bool(_chars(gold.source) & _chars([(pred["speaker_start"], pred["speaker_end"])]))


def cue_ok(gold: GoldAttribution, pred: dict, lemmatize) -> bool:
    return bool(pred.get("cue")) and pred["cue"] in lemmatize(gold.cue_text or "")


def paragraphs_of(text: str) -> list[dict]:
    """Gold text is used as-is (offsets must stay the gold's): every non-empty line is a paragraph."""
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped[0])
            out.append({"start": start, "end": start + len(stripped), "is_heading": False, "source_start": start})
        offset += len(line)
    return out


@dataclass
class Report:
    docs: list[DocResult]
    speaker: dict  # kind -> (correct, total)
    cue: dict

    def total(self, kind: str, threshold: float) -> Counts:
        c = Counts()
        for d in self.docs:
            c.add(d.counts[(kind, threshold)])
        return c

    def worst(self, n: int) -> list[DocResult]:
        return sorted(self.docs, key=lambda d: (d.counts[("all", THRESHOLDS[0])].f1, d.doc_id))[:n]


def evaluate(docs: list[GoldDoc], predict) -> Report:
    """`predict(doc_id, text, paragraphs) -> quote rows` (with speaker_start/end and cue)."""
    from newstables.build.nlp import load_nlp

    nlp = load_nlp()
    lemmas = {}

    def lemmatize(text):
        if text not in lemmas:
            lemmas[text] = {t.lemma_.lower() for t in nlp(text)} | {w.lower() for w in text.split()}
        return lemmas[text]

    results, speaker, cue = [], {"direct": [0, 0], "all": [0, 0]}, {"direct": [0, 0], "all": [0, 0]}
    for doc in docs:
        result = evaluate_doc(doc, predict(doc.doc_id, doc.text, paragraphs_of(doc.text)))
        results.append(result)
        for kind, pairs in result.pairs.items():
            for gold, pred in pairs:
                if gold.source:
                    speaker[kind][0] += speaker_ok(gold, pred)
                    speaker[kind][1] += 1
                cue[kind][0] += cue_ok(gold, pred, lemmatize)
                cue[kind][1] += 1
    return Report(results, speaker, cue)


def predict_with_pipeline(doc_id: str, text: str, paragraphs: list[dict]) -> list[dict]:
    from newstables.build.extract.quotes import extract_quotes
    from newstables.build.nlp import load_nlp

    return extract_quotes(doc_id, text, paragraphs, load_nlp()(text))
