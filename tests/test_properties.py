"""Property test: random small corpora made from news sentences, with the mess real scrapes carry (quote marks,
datelines, captions, empty paragraphs, one-sentence files, repeated stories, bidi and zero-width marks, legacy
and mixed encodings) always publish, with no row quarantined and every file accounted for."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests_paths import ROOT

SENTENCES = (ROOT / "tests/fixtures/news_sentences.txt").read_text(encoding="utf-8").splitlines()
INVISIBLE = ("\u200f", "\u200e", "\u200b", "\u200d", "\ufeff", "\xa0")
ACCEPTED_REJECTS = {"duplicate-file"}


@st.composite
def sentence(draw) -> str:
    text = draw(st.sampled_from(SENTENCES))
    if draw(st.booleans()):  # a mark around a word, as right-to-left names often carry
        words = text.split(" ")
        i = draw(st.integers(0, len(words) - 1))
        mark = draw(st.sampled_from(INVISIBLE))
        words[i] = mark + words[i] + draw(st.sampled_from(("", mark)))
        text = " ".join(words)
    shape = draw(st.sampled_from(("plain", "curly", "straight", "unclosed", "split")))
    body = text.rstrip(".")
    if shape == "curly":
        return f"“{body},” a senior official said."
    if shape == "straight":
        return f'"{body}," said Ana Lopez.'
    if shape == "unclosed":
        return f"“{text}"
    if shape == "split":
        return f"“{body},” he said, “and we will see.”"
    return text


@st.composite
def story(draw) -> str:
    paragraphs = draw(st.lists(st.lists(sentence(), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5))
    if draw(st.booleans()):
        paragraphs[0] = draw(st.sampled_from(("NAIROBI, Kenya (AP) — ", "BAGHDAD (Reuters) - ", "Ottawa, "))) \
            + paragraphs[0]
    if draw(st.booleans()):
        paragraphs.insert(draw(st.integers(0, len(paragraphs))),
                          "A man walks past the damaged building in the city centre. (Photo: Reuters)")
    lines = []
    for p in paragraphs:
        lines += [p] + [""] * draw(st.integers(0, 3))  # empty paragraphs between
    if draw(st.booleans()):
        lines.insert(0, draw(st.sampled_from(("Rockets hit base in western Iraq", "Talks Resume At The Border"))))
    return "\n".join(lines)


@st.composite
def raw_file(draw) -> tuple[str, bytes]:
    text = draw(st.one_of(story(), st.sampled_from(SENTENCES).map(lambda s: s.rstrip("."))))  # one-sentence files
    if draw(st.booleans()):
        return "jsonl", json.dumps({"text": text}, ensure_ascii=draw(st.booleans())).encode() + b"\n"
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "mixed")))
    if encoding == "mixed":  # a UTF-8 page with one line pasted in from a cp1252 source
        return "txt", text.encode("utf-8") + "\n\nThe café’s owner said it would reopen.".encode("cp1252")
    if encoding == "cp1252":
        text = "".join(ch for ch in text if ch not in INVISIBLE[:5])  # cp1252 has no bidi or zero-width marks
    return "txt", text.encode(encoding)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(raw_file(), min_size=1, max_size=4), repeat=st.booleans())
def test_random_corpora_publish_with_every_file_accounted_for(files, repeat):
    from newstables.build.pipeline import build_dataset

    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        for i, (suffix, data) in enumerate(files):
            (raw / f"{i:03d}.{suffix}").write_bytes(data)
        if repeat:  # the same story saved twice
            suffix, data = files[0]
            (raw / f"copy.{suffix}").write_bytes(data)
        result = build_dataset(raw, Path(tmp) / "out", "0.1.0")
        assert sum(result.quarantined.values()) == 0, result.quarantined
        written = {p.name for p in raw.iterdir()}
        assert {i["source_file"].split("#")[0] for i in result.inputs} == written
        assert {r.reason for r in result.rejects} <= ACCEPTED_REJECTS, result.rejects
