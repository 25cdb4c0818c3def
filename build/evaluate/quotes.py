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

from newstables.build.names import fold

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
            groups[group]["char_start"] = min(groups[group]["char_start"], p["char_start"])
            groups[group]["char_end"] = max(groups[group]["char_end"], p["char_end"])
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
    pred_chars = [_chars([(p["char_start"], p["char_end"])]) for p in preds]
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
            out.append({"char_start": start, "char_end": start + len(stripped), "is_heading": False, "source_start": start})
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


# --- ggt format: quotes with resolved speakers, matched by text in the built release ---------------------------

LEADING_WORDS = {"the", "a", "an"}


@dataclass
class GgtReport:
    docs: list[DocResult]
    speaker: list[tuple[dict, str, bool]]  # (predicted quote row, gold reference, correct) per matched pair
    unlocated: dict[str, int]  # kind -> gold quotes whose text is in no built body (lost with page furniture)

    def total(self, kind: str, threshold: float) -> Counts:
        counts = Report(self.docs, {}, {}).total(kind, threshold)
        counts.gold += self.unlocated[kind]  # missed, like any gold quote no prediction matches
        return counts

    def worst(self, n: int) -> list[DocResult]:
        return Report(self.docs, {}, {}).worst(n)

    def accuracy(self, rows: list[tuple[dict, str, bool]] | None = None) -> tuple[int, int]:
        rows = self.speaker if rows is None else rows
        return sum(ok for *_, ok in rows), len(rows)

    def by_method(self) -> dict[str, tuple[int, int]]:
        methods = sorted({str(pred.get("speaker_method")) for pred, *_ in self.speaker})
        return {m: self.accuracy([r for r in self.speaker if str(r[0].get("speaker_method")) == m]) for m in methods}

    def calibration(self, bins: tuple[float, ...] = (0.0, 0.5, 0.7, 0.9)) -> list[tuple[float, int, int]]:
        """(lower bound, correct, total) for quotes whose `speaker_confidence` is at least the bound."""
        scored = [r for r in self.speaker if r[0].get("speaker_confidence") is not None]
        return [(b, *self.accuracy([r for r in scored if r[0]["speaker_confidence"] >= b])) for b in bins]


def _name(text: str | None) -> str:
    words = fold(text or "").split()
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def same_speaker(predicted: str | None, reference: str) -> bool:
    """The resolved names agree: equal once folded, or one full name (2+ words) inside the other, as a title
    before a name ('Prime Minister Justin Trudeau' for 'Justin Trudeau') leaves the person the same."""
    pred, gold = _name(predicted), _name(reference)
    if not pred or not gold:
        return False
    if pred == gold:
        return True
    shorter, longer = sorted((pred, gold), key=len)
    return len(shorter.split()) >= 2 and f" {shorter} " in f" {longer} "


def _locate(quote: str, bodies: list[tuple[str, str]]) -> tuple[str, int, int] | None:
    """(article_id, start, end) of the gold text in a body, whitespace runs matching any whitespace."""
    pattern = re.compile(r"\s+".join(re.escape(w) for w in quote.split()))
    for article_id, body in bodies:
        found = pattern.search(body)
        if found:
            return article_id, found.start(), found.end()
    return None


def load_ggt(folder: Path) -> list[dict]:
    """`quotes.jsonl` records ({file, outlet, quotes}) whose text file is in `text/`."""
    import json

    folder = Path(folder)
    records = [json.loads(line) for line in (folder / "quotes.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return [r for r in records if (folder / "text" / r["file"]).is_file()]


def evaluate_ggt(records: list[dict], quotes: list[dict], articles: list[dict]) -> GgtReport:
    """Score a release built from the gold texts (its `quotes` and `articles` rows) against the gold records.
    Speaker accuracy: among gold quotes with a reference matched at overlap 0.3 (all quotes), the predicted
    `speaker_name` (else `speaker_text`) names the same speaker as `reference`."""
    bodies: dict[str, list[tuple[str, str]]] = {}
    for a in sorted(articles, key=lambda a: (a["source_file"], a["story_index"])):
        bodies.setdefault(a["source_file"], []).append((a["article_id"], a["body"]))
    preds: dict[str, list[dict]] = {}
    for q in quotes:
        preds.setdefault(q["article_id"], []).append(q)
    docs, speaker, unlocated = [], [], {"direct": 0, "all": 0}
    for record in records:
        golds: dict[str, list[GoldAttribution]] = {a: [] for a, _ in bodies.get(record["file"], [])}
        reference = {}
        for gold in record["quotes"]:
            where = _locate(gold["quote"], bodies.get(record["file"], []))
            if where is None:
                unlocated["all"] += 1
                unlocated["direct"] += gold["quote"].strip()[:1] in QUOTE_MARKS
                continue
            attribution = GoldAttribution([where[1:]], None, gold.get("verb"))
            attribution._text_start = gold["quote"].strip()[:1]
            golds[where[0]].append(attribution)
            reference[id(attribution)] = gold.get("reference") or ""
        for article_id, attributions in golds.items():
            body = dict(bodies[record["file"]])[article_id]
            result = evaluate_doc(GoldDoc(article_id, body, attributions), preds.get(article_id, []))
            docs.append(result)
            for gold, pred in result.pairs["all"]:
                if reference[id(gold)]:
                    name = pred.get("speaker_name") or pred.get("speaker_text")
                    speaker.append((pred, reference[id(gold)], same_speaker(name, reference[id(gold)])))
    return GgtReport(docs, speaker, unlocated)


def build_for_ggt(folder: Path, workers: int = 1) -> tuple[list[dict], list[dict]]:
    """Build the gold texts as a corpus, as a researcher would, and return its (quotes, articles) rows."""
    import shutil
    import tempfile

    from newstables.build.pipeline import build_dataset
    from newstables.validation.layout import read_table

    with tempfile.TemporaryDirectory(prefix="newstables-ggt-") as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(Path(folder) / "text", raw)
        out = build_dataset(raw, Path(tmp) / "release", "0.0.0", workers=workers).out
        articles = read_table(out, "articles").select(["article_id", "source_file", "story_index", "body"])
        return read_table(out, "quotes").to_pylist(), articles.to_pylist()
