"""Entity mentions from the Doc, with a canonical name resolved within the article.

Per mention: the span as written, its type, a role or title attached to it ('Revolutionary Guards intelligence
chief' before 'Hossein Taeb', 'the spokesman for ...' after a name), whether it is cited as a source
('Reuters reported', 'told MEE'), and the country code of its alias-table entry (a nationality's country:
'Iranian' -> IR). Group and nationality words (build/gazetteer.py) are NORP mentions even where the NER missed
them or ran them together ('Shiite Iraqi' lawmakers).
"""

from __future__ import annotations

import re

from newstables.build.extract.cues import RELAYING, is_according_to_object, is_speech
from newstables.build.extract.syntax import sentence_indexer
from newstables.schemas.ids import stable_id
from newstables.build.gazetteer import linked_entry
from newstables.build.names import name_key
from newstables.schemas.entities import ENTITY_LABELS

LEADING_DROP = {"the", "a", "an"}
# Honorifics the NER folds into a person's name; they belong to the title, not the name.
HONORIFICS = {"grand", "ayatollah", "sheikh", "sayyed", "sayyid", "imam", "mullah", "general", "gen.", "president",
              "prime", "minister", "senator", "sen.", "rep.", "dr.", "mr.", "mrs.", "ms.", "brigadier", "major",
              "colonel", "col.", "lt.", "captain", "king", "queen", "prince", "princess", "pope", "mg"}
POSSESSIVE = ("’s", "'s", "’", "'")
ROLE_DEPS = {"compound", "amod", "nmod", "npadvmod"}
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.-]{1,9}$")


def _trim(ent):
    """Drop a leading article (and a person's honorifics) and a trailing possessive: 'the Pentagon's' ->
    'Pentagon', 'Grand Ayatollah Ali al-Sistani' -> 'Ali al-Sistani'."""
    start, end = ent.start, ent.end
    drop = LEADING_DROP | (HONORIFICS if ent.label_ == "PERSON" else set())
    while start < end - 1 and ent.doc[start].lower_ in drop:
        start += 1
    while end > start and ent.doc[end - 1].text in POSSESSIVE:
        end -= 1
    return ent.doc[start:end]


def _is_acronym(token) -> bool:
    """Capitals mark an acronym ('US', 'UN', 'IT'), never the stop word it spells in lower case ('us', 'it'),
    unless the whole sentence is in capitals ('LET US PRAY')."""
    if not (token.is_upper and len(token) > 1):
        return False
    words = [t for t in token.sent if t.is_alpha and len(t) > 1]
    shouted = sum(t.is_upper for t in words)
    return not (shouted > 3 and 2 * shouted > len(words))


def _is_noise(span, label: str) -> bool:
    """Lower-case or stop-word spans, and one-word fragments of a longer name ('Supreme' in 'Supreme Leader'); an
    acronym is a whole name ('US' in 'US President')."""
    text = span.text
    if len(text) < 2 or "\n" in text or not (text[0].isupper() or text[0].isdigit()):
        return True
    if len(span) == 1 and _is_acronym(span[0]):
        return False
    if len(span) == 1 and span[0].is_stop:
        return True
    if len(span) == 1 and label in ("ORG", "PERSON", "GPE") and span.end < len(span.doc):
        nxt = span.doc[span.end]
        return nxt.is_title and nxt.ent_iob_ == "O" and nxt.pos_ in ("PROPN", "NOUN")  # name cut short
    return False


def _role(span) -> str | None:
    """A title before the name ('Quds Force commander Esmail Ghaani') or an appositive after it."""
    root = span.root
    before = [t for t in root.lefts if t.dep_ in ROLE_DEPS and t.i < span.start]
    if not before and span.start > 0 and span.doc[span.start - 1].lower_ in HONORIFICS:
        before = [span.doc[span.start - 1]]
    if before:
        start = min(t.left_edge.i for t in before)
        while start < span.start and span.doc[start].lower_ in LEADING_DROP | {"'s", "’s"}:
            start += 1
        if start < span.start:
            return span.doc[start:span.start].text.strip(" ,")
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= span.end:
            phrase = span.doc[child.left_edge.i:child.right_edge.i + 1]
            return phrase.text.strip(" ,")
    # ', the spokesman for ...' right after the name, whatever the parser made of it
    doc, j = span.doc, span.end
    if j + 2 < len(doc) and doc[j].text == "," and doc[j + 1].pos_ == "DET" and doc[j + 1].head.pos_ == "NOUN":
        head = doc[j + 1].head
        if head.i > j + 1:
            return doc[j + 1:head.right_edge.i + 1].text.strip(" ,")
    return None


def _is_source(span) -> bool:
    """Cited as a source: the one who says ('Reuters reported') or whose words are passed on ('officials were
    quoted as saying'), the one told ('told MEE'), or 'according to' it. The passive subject of other saying
    verbs is the one spoken to or about ('was asked', 'was accused'), not a source."""
    root = span.root
    verb = root.head.lemma_.lower()
    if root.dep_ == "nsubj":
        return is_speech(root.head) or verb in RELAYING
    if root.dep_ == "nsubjpass":
        return verb in RELAYING or verb == "tell"
    if root.dep_ in ("dobj", "dative"):
        return verb == "tell"
    return is_according_to_object(root)


def _acronyms(doc, mentions: list[dict]) -> dict[str, str]:
    """'Popular Mobilization Forces (PMF)' defines PMF within the article."""
    defined = {}
    for m in mentions:
        end = m["token_end"]
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and \
                ACRONYM.match(doc[end + 1].text):
            defined[doc[end + 1].text] = m["canonical"]
    return defined


def _short_forms(doc, mentions: list[dict]) -> list[tuple[int, str]]:
    """Bare surnames of people the article names in full, which the statistical NER often misses
    ('Taeb met several leaders' after 'Hossein Taeb'; 'Kadhimi' after 'Mustafa al-Kadhimi')."""
    surnames = {}
    for m in mentions:
        parts = m["canonical"].split()
        if m["label"] == "PERSON" and len(parts) >= 2:
            last = parts[-1]
            for form in {last, re.sub(r"^(al|el)-", "", last)}:
                surnames.setdefault(form, m["canonical"])
    return [(tok.i, surnames[tok.text]) for tok in doc
            if tok.text in surnames and tok.ent_iob_ == "O" and tok.pos_ == "PROPN"]


def _is_group_word(token, gazetteer: dict[str, dict]) -> bool:
    entry = gazetteer.get(name_key(token.text))
    return entry is not None and entry["label"] == "NORP"


def _group_parts(span, label: str, gazetteer: dict[str, dict]) -> list[tuple]:
    """A phrase made only of group and nationality words that is not itself a known name ('Shiite Iraqi', 'Yazidi
    Iraqis', which the NER may even type PERSON) is one NORP mention per word."""
    words = [t for t in span if not t.is_punct]
    if len(words) < 2 or name_key(span.text) in gazetteer or \
            not all(_is_group_word(t, gazetteer) for t in words):
        return [(span, label)]
    return [(span.doc[t.i:t.i + 1], "NORP") for t in words]


def _missed_groups(doc, gazetteer: dict[str, dict]) -> list[int]:
    """Group and nationality words the NER left out or mistyped ('Shi’ite', 'Shi’a' as a number). A capital
    at a sentence start is no evidence of a name, and a word before a capitalised name is part of that name."""
    return [tok.i for tok in doc if tok.ent_type_ not in ENTITY_LABELS and tok.text[0].isupper()
            and not tok.is_sent_start and _is_group_word(tok, gazetteer)
            and not (tok.i + 1 < len(doc) and doc[tok.i + 1].is_title and doc[tok.i + 1].pos_ == "PROPN")]


def _apply_gazetteer(mentions: list[dict], gazetteer: dict[str, dict]) -> None:
    """The alias table: a mention whose normalised name is a known name or alias takes its entry's name, type
    and country."""
    for m in mentions:
        entry = linked_entry(gazetteer, m["text"], m["label"])
        if entry is not None:
            m["canonical"], m["label"] = entry["name"], entry["label"]
            m["mention_country_code"] = entry.get("country_code")


NAME_PARTICLE = re.compile(r"^(al|el)-", re.IGNORECASE)  # 'al-Kadhimi' is also written 'Kadhimi'


def surnames(mentions: list[dict]) -> dict[str, str]:
    """Surname as it may be written ('al-Kadhimi', 'Kadhimi') -> the full name of the person the article names."""
    people = {}
    for m in mentions:
        if m["label"] == "PERSON" and len(m["canonical"].split()) >= 2:
            last = m["canonical"].split()[-1]
            for form in {last, NAME_PARTICLE.sub("", last)}:
                people.setdefault(form, m["canonical"])
    return people


def _fix_surname_types(mentions: list[dict]) -> None:
    """The NER often types a bare surname as ORG, GPE or LOC ('Qaani', 'Kadhimi'); when the article names that
    person in full, the surname is the person."""
    people = surnames(mentions)
    for m in mentions:
        if m["label"] in ("ORG", "GPE", "LOC") and m["text"] in people:
            m["label"], m["canonical"], m["detected_by"] = "PERSON", people[m["text"]], "short-form"


def _in_heading_only(m: dict, headings: list[tuple[int, int]], body: str) -> bool:
    """Title-case headings fool the NER ('March to Their Own Beat'); a name found only in a heading is dropped."""
    in_heading = any(a <= m["char_start"] < b for a, b in headings)
    return in_heading and m["detected_by"] == "ner" and body.count(m["text"]) == 1


def _resolve_within_article(mentions: list[dict], acronyms: dict[str, str]) -> None:
    """Short forms take the longest full name they end or start: 'Taeb' -> 'Hossein Taeb'; defined acronyms
    take their expansion."""
    full = sorted({m["canonical"] for m in mentions if m["label"] == "PERSON" and " " in m["canonical"]},
                  key=lambda name: (-len(name), name))  # longest first; ties in a fixed order
    for m in mentions:
        if m["text"] in acronyms and m["detected_by"] != "gazetteer":
            m["canonical"] = acronyms[m["text"]]
        if m["label"] != "PERSON" or m["detected_by"] == "gazetteer" or " " in m["text"]:
            continue
        key = name_key(m["text"])
        for name in full:
            parts = name_key(name).split()
            if key in (parts[-1], parts[0]):
                m["canonical"] = name
                break


def _row(article_id: str, span, label: str, sentence_index: int, detected_by: str, canonical: str) -> dict:
    return {
        "mention_id": stable_id("men", article_id, span.start_char, span.end_char),
        "article_id": article_id,
        "char_start": span.start_char,
        "char_end": span.end_char,
        "text": span.text,
        "label": label,
        "sentence_index": sentence_index,
        "detected_by": detected_by,
        "title": _role(span) if label == "PERSON" else None,
        "is_source": _is_source(span),
        "mention_country_code": None,
        "canonical": canonical,
        "token_end": span.end,
    }


def extract_mentions(article_id: str, doc, paragraphs: list[dict], gazetteer: dict[str, dict]) -> list[dict]:
    """`gazetteer` maps a normalised name (names.name_key) to its gazetteer entry."""
    sent_index = sentence_indexer(doc)
    headings = [(p["char_start"], p["char_end"]) for p in paragraphs if p["is_heading"]]
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        span = _trim(ent)
        if len(span) == 0:
            continue
        for part, label in _group_parts(span, ent.label_, gazetteer):
            if not _is_noise(part, label):
                mentions.append(_row(article_id, part, label, sent_index[part.start],
                                     "gazetteer" if ent.ent_id_ else "ner", ent.ent_id_ or part.text))
    for i, full_name in _short_forms(doc, mentions):
        mentions.append(_row(article_id, doc[i:i + 1], "PERSON", sent_index[i], "short-form", full_name))
    taken = {m["char_start"] for m in mentions}  # a surname that is also a group word ('English') is the person
    for i in _missed_groups(doc, gazetteer):
        if doc[i].idx not in taken:
            mentions.append(_row(article_id, doc[i:i + 1], "NORP", sent_index[i], "gazetteer", doc[i].text))
    body = doc.text  # rebuilt from every token on each access
    mentions = [m for m in mentions if not _in_heading_only(m, headings, body)]
    _apply_gazetteer(mentions, gazetteer)
    _fix_surname_types(mentions)
    _resolve_within_article(mentions, _acronyms(doc, mentions))
    for m in mentions:
        del m["token_end"]
    return sorted(mentions, key=lambda m: m["char_start"])
