"""Speaker resolution within an article: who each quote's speaker, as written, is.

The quote extractor finds the speaker phrase and how ('cue': subject of a reporting verb, a dash or a colon;
'according-to'; 'chain': a quote continuing the previous speaker's). With the article's entity mentions this
step picks the span the link stage maps to an entity (`link_start`/`link_end`), by evidence in this order:

- a named subject: its mention (whose in-article `canonical` already turns 'McCallum' into 'Doug McCallum');
  a title beside the name ('Pentagon spokesperson Sean Parnell', 'Jeff Fraser, the director ...') makes it
  'appositive' and goes to `speaker_title`;
- 'he'/'she' right after the previous speaker's quote, of agreeing gender: that speaker ('chain');
- another pronoun ('pronoun'): the latest person of agreeing gender named outside any quotation, a cited
  source first; 'they'/'it' the latest organisation or group cited as a source;
- a definite description ('nominal': 'the mayor', 'the utility'): the person holding that title, or the
  organisation so named, else anonymous with its descriptor.

Gender: from an honorific before a mention (Mr/Ms/Mrs) or a pronoun that can only refer to that person, which
are both published as `speaker_gender`; a first-name lexicon (gender-guesser) only decides whether a pronoun
may refer to a person and is never published.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from newstables.build.config import CONFIG
from newstables.build.extract.cues import SAYING
from newstables.build.extract.mentions import NAME_PARTICLE, surnames

SETTINGS = CONFIG.speakers
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
GROUP_PRONOUNS = {"they", "them", "it", "we"}
# Words that stand for a speaker but never name one: published as no name.
NOT_NAMES = set(PRONOUN_GENDER) | GROUP_PRONOUNS | {"i", "you", "one", "two", "three", "four", "five", "some",
                                                     "many", "several", "others", "both", "all"}
HONORIFIC = re.compile(r"\b(?:(Mr|Mister|Sir)|(Ms|Mrs|Miss|Madam|Dame))\.?\s*$")
ORG_HEADS = {"company", "utility", "agency", "department", "ministry", "union", "group", "firm", "organization",
             "organisation", "government", "council", "board", "association", "city", "province", "police",
             "service", "office", "party", "campaign", "team", "club", "league", "diocese", "church", "school",
             "university", "hospital", "court", "bank", "network", "airline", "retailer", "commission",
             "committee", "authority", "institute", "foundation", "charity", "center", "centre", "lab"}
GROUP_LABELS = ("ORG", "NORP", "GPE")
# Texts that 'say' things: their speaker is whoever issued them ('A statement said', 'according to the report').
DOCUMENTS = {"statement", "release", "report", "tweet", "post", "letter", "email", "e-mail", "notice", "memo",
             "document", "finding", "complaint", "filing", "database", "assessment", "study", "survey", "record",
             "affidavit", "transcript", "website", "announcement", "bulletin", "advisory", "communique"}
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
NAME_LINKS = {"of", "and", "for", "the", "on", "de", "du", "des", "&"}  # words an acronym skips


@lru_cache(maxsize=1)
def _first_names():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def name_gender(full_name: str) -> str | None:
    """'male'/'female' when the first name is (mostly) one gender in the lexicon."""
    words = full_name.split()
    if not words:
        return None
    guess = _first_names().get_gender(words[0])
    return {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}.get(guess)


@dataclass
class Resolution:
    link: tuple[int, int] | None  # char span of the mention to link, None for nobody
    method: str
    gender: str | None = None  # stated by a pronoun or an honorific
    title: str | None = None
    anonymous: bool = False
    count: int | None = None
    name: str | None = None  # the full name within the article, until linking gives the corpus entity's


class Article:
    """The article's evidence: mentions outside quotations, paragraphs, and each person's stated gender."""

    def __init__(self, doc, mentions: list[dict], paragraphs: list[dict], quotes: list[dict]):
        self.doc = doc
        self.paragraph_starts = [p["char_start"] for p in paragraphs]
        quoted = sorted((q["char_start"], q["char_end"]) for q in quotes)
        self.mentions = [m for m in mentions if not _within(m["char_start"], quoted)]
        self.all_mentions = mentions
        self.stated = _stated_genders(doc, mentions, quoted)

    def paragraph(self, char: int) -> int:
        return bisect_right(self.paragraph_starts, char)

    def mention_at(self, start: int, end: int) -> dict | None:
        covering = [m for m in self.all_mentions if m["char_start"] < end and start < m["char_end"]]
        return max(covering, key=lambda m: min(end, m["char_end"]) - max(start, m["char_start"]), default=None)

    def speaker(self, mention: dict, method: str, title: str | None = None) -> Resolution:
        """The mentioned entity as the speaker, with its full name within the article."""
        canonical = mention["canonical"]
        # an organisation's name is as written ('Facebook', not the 'Facebook Research' that follows it)
        name = canonical if " " in canonical or mention["label"] in GROUP_LABELS else full_name(self.doc, canonical)
        return Resolution((mention["char_start"], mention["char_end"]), method, self.stated.get(canonical), title, name=name)

    def gender(self, mention: dict) -> str | None:
        return self.stated.get(mention["canonical"]) or name_gender(mention["canonical"])

    def recent(self, before: int, labels: tuple[str, ...]) -> list[dict]:
        """Mentions of those types outside quotations, latest first, within reach of `before`."""
        reach = self.paragraph(before) - SETTINGS.pronoun_reach_paragraphs
        return [m for m in reversed(self.mentions) if m["char_end"] <= before and m["label"] in labels
                and self.paragraph(m["char_start"]) >= reach]


def _within(char: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect_right(spans, (char, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= char < spans[i][1]


def _stated_genders(doc, mentions: list[dict], quoted: list[tuple[int, int]]) -> dict[str, str]:
    """canonical -> gender an honorific states ('Mr. Smith'), else the pronouns of sentences that name that
    person alone ('Smith said he ...'), by majority."""
    votes: dict[str, list[str]] = {}
    body = doc.text
    for m in mentions:
        if m["label"] == "PERSON":
            honorific = HONORIFIC.search(body, max(0, m["char_start"] - 9), m["char_start"])
            if honorific:
                votes.setdefault(m["canonical"], []).extend(["male" if honorific.group(1) else "female"] * 3)
    people = sorted((m for m in mentions if m["label"] == "PERSON" and not _within(m["char_start"], quoted)),
                    key=lambda m: m["char_start"])
    starts = [m["char_start"] for m in people]
    for sent in doc.sents:
        named = people[bisect_right(starts, sent.start_char - 1):bisect_right(starts, sent.end_char - 1)]
        if len({m["canonical"] for m in named}) != 1:
            continue
        for token in sent:
            gender = PRONOUN_GENDER.get(token.lower_)
            if gender and token.idx > named[0]["char_end"] and not _within(token.idx, quoted):
                votes.setdefault(named[0]["canonical"], []).append(gender)
    stated = {}
    for name, said in votes.items():
        top = max(("male", "female"), key=said.count)
        if said.count(top) > len(said) / 2:
            stated[name] = top
    return stated


def _agrees(article: Article, mention: dict, gender: str | None) -> bool:
    return gender is None or article.gender(mention) in (None, gender)


def _named(article: Article, quote: dict) -> Resolution | None:
    """The phrase is, or holds, a named entity: that mention, titled when a title stands beside it."""
    mention = article.mention_at(quote["speaker_start"], quote["speaker_end"])
    span = article.doc.char_span(quote["speaker_start"], quote["speaker_end"], alignment_mode="expand")
    if mention is None or span is None or not mention["char_start"] <= span.root.idx < mention["char_end"]:
        return None  # 'Finance officials', 'McCallum's staff': a name inside a description
    written = quote["speaker_text"]
    title = mention.get("title")
    if mention["text"] not in written and title is None:
        title = written  # 'the director of provincial operations, Jeff Fraser': the phrase was the title
    return article.speaker(_expansion(article, mention), "appositive" if title else quote["speaker_method"], title)


def _expansion(article: Article, mention: dict) -> dict:
    """An acronym ('IRCC') stands for the organisation the article names whose initials it spells ('Immigration,
    Refugees and Citizenship Canada'), spelt out or not as 'X (IRCC)'; else it stays itself."""
    if mention["label"] != "ORG" or not ACRONYM.match(mention["text"]):
        return mention
    letters = mention["text"].replace("&", "")
    for m in article.all_mentions:
        words = [w for w in re.findall(r"[\w'’-]+", m["canonical"]) if w.lower() not in NAME_LINKS]
        if m["label"] == "ORG" and len(words) > 1 and "".join(w[0] for w in words).upper() == letters:
            return m
    return mention


def _issuer(article: Article, quote: dict) -> Resolution | None:
    """A document as the subject ('A statement said', 'according to the union's release'): who issued it, named
    as its possessor or inside the phrase ('a release from UFCW Local 832'), else the person or organisation
    cited as a source in the same or the previous sentence ('Gatsby said ... A statement said'). None when the
    phrase is no document or its issuer is not in the text."""
    doc = article.doc
    span = doc.char_span(quote["speaker_start"], quote["speaker_end"], alignment_mode="expand")
    if span is None or span.root.lemma_.lower() not in DOCUMENTS or span.root.pos_ != "NOUN":
        return None
    labels = ("PERSON", "ORG")
    owner = next((c for c in span.root.children if c.dep_ == "poss"), None)
    if owner is not None:
        phrase = doc[owner.left_edge.i:owner.i + 1]
        named = _named(article, {**quote, "speaker_start": phrase.start_char, "speaker_end": phrase.end_char,
                                 "speaker_text": phrase.text})
        nominal = _nominal(article, {**quote, "speaker_start": phrase.start_char, "speaker_end": phrase.end_char})
        if named is not None or nominal is not None:
            return replace(named or nominal, method=quote["speaker_method"], title=None)
    inside = [m for m in article.all_mentions if span.start_char <= m["char_start"] and m["char_end"] <= span.end_char
              and m["label"] in labels]
    if inside:
        return article.speaker(inside[0], quote["speaker_method"])
    sentence = span.root.sent
    since = doc[sentence.start - 1].sent.start_char if sentence.start > 0 else sentence.start_char
    cited = [m for m in article.mentions if since <= m["char_start"] < span.start_char and m["label"] in labels
             and _cited(article, m)]
    return article.speaker(cited[-1], quote["speaker_method"]) if cited else None


def full_name(doc, written: str) -> str:
    """A bare surname or first name the NER left unresolved ('Poulter', 'Jayme'): the first 'Ian Poulter' or
    'Jayme Closs' in the article, proper nouns ending or starting with that word; else the words as written."""
    def name_word(i: int, token) -> bool:
        return 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].is_title and doc[i].sent == token.sent
    for token in doc:
        if token.text != written:
            continue
        start, end = token.i, token.i + 1
        while start > token.i - 3 and name_word(start - 1, token):
            start -= 1
        while start == token.i and end < token.i + 3 and name_word(end, token):
            end += 1
        if end - start > 1:
            return doc[start:end].text
    return written


def _appositive_name(article: Article, quote: dict) -> dict | None:
    """'the director of provincial operations for EHS, Jeff Fraser': a person named right beside the phrase."""
    doc = article.doc
    span = doc.char_span(quote["speaker_start"], quote["speaker_end"], alignment_mode="expand")
    if span is None:
        return None
    for child in span.root.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return article.mention_at(child.idx, child.idx + len(child))
    return None


def _looks_named(name: str | None) -> bool:
    """A speaker phrase the NER missed that still reads as a name ('Traeger'), not as words ('two belt loops')."""
    return bool(name) and all(word[:1].isupper() for word in name.split())


def _phrase_root(article: Article, mention: dict):
    """The head of the phrase the mention names: 'advocate' in 'tenants advocate Josh Matlow told'."""
    root = article.doc.char_span(mention["char_start"], mention["char_end"], alignment_mode="expand").root
    while root.dep_ in ("compound", "appos") and root.head is not root:
        root = root.head
    return root


def _cited(article: Article, mention: dict) -> bool:
    """A source, or the head of a phrase that says ('The British aid group Gatsby said')."""
    root = _phrase_root(article, mention)
    return mention["is_source"] or (root.dep_ == "nsubj" and root.head.lemma_.lower() in SAYING)


def _newcomers(article: Article, people: list[dict], since: int, speaker: tuple[int, int] | None) -> list[dict]:
    """Agreeing people brought on stage after the previous speaker, latest first: a subject ('Mamadou Dia was on
    a business trip ...'), one opening a paragraph, one cited as a source, or one introduced with a title ('... results for Mississauga
    accountant Babatunji Farinloye'). A name in passing ('Williamson's approach', 'shooters such as X') is not."""
    def on_stage(m: dict) -> bool:
        root = _phrase_root(article, m)
        first = next(n for n in article.all_mentions if n["canonical"] == m["canonical"]) is m
        opens = m["char_start"] in article.paragraph_starts  # the parser may join a paragraph to a heading above it
        return _cited(article, m) or root.dep_ in ("nsubj", "nsubjpass") or opens or (first and m.get("title"))
    return [m for m in people if m["char_start"] > since and (m["char_start"], m["char_end"]) != speaker and on_stage(m)]


def _person_pronoun(article: Article, quote: dict, previous: Resolution | None, previous_at: int) -> Resolution:
    """'he'/'she': the previous speaker if the gender agrees and no other person came on stage since, else the
    latest agreeing person outside quotations who did, else a cited source, else any."""
    gender = PRONOUN_GENDER[quote["speaker_text"].lower()]
    at = quote["speaker_start"]
    people = [m for m in article.recent(at, ("PERSON",)) if _agrees(article, m, gender)]
    newcomers = _newcomers(article, people, previous_at, previous.link if previous is not None else None)
    if previous is not None and not previous.anonymous and (previous.link or _looks_named(previous.name)) \
            and not newcomers:
        speaker = article.mention_at(*previous.link) if previous.link else None
        # a name the NER missed ('Ian Poulter', 'Traeger'): unless its first name disagrees
        agrees = _agrees(article, speaker, gender) if speaker is not None else \
            name_gender(previous.name or "") in (None, gender)
        if agrees and (speaker is None or speaker["label"] == "PERSON"):
            return replace(previous, method="chain", gender=gender)
    if previous is not None and previous.anonymous and previous.count in (1, None) and article.paragraph(at) - \
            article.paragraph(previous_at) <= SETTINGS.pronoun_reach_paragraphs:
        # 'a specialist in Iranian affairs ... he said': the same unnamed source
        return Resolution(None, "chain", gender, previous.title, anonymous=True, count=1)
    chosen = next(iter(newcomers), None) or next((m for m in people if m["is_source"]), None) or \
        next(iter(people), None)
    found = article.speaker(chosen, "pronoun") if chosen else Resolution(None, "pronoun")
    return replace(found, gender=gender)


def _group_pronoun(article: Article, quote: dict, previous: Resolution | None) -> Resolution:
    """'they'/'it': the previous speaker when that was an organisation or a group, else the latest one cited."""
    if previous is not None and previous.link is not None:
        speaker = article.mention_at(*previous.link)
        if speaker is not None and speaker["label"] in GROUP_LABELS:
            return replace(previous, method="chain")
    groups = article.recent(quote["speaker_start"], GROUP_LABELS)
    chosen = next((m for m in groups if m["is_source"] and m["label"] == "ORG"), None)
    if chosen is None and previous is not None and previous.anonymous and quote["speaker_text"].lower() == "they":
        return Resolution(None, "chain", title=previous.title, anonymous=True, count=previous.count)
    return article.speaker(chosen, "pronoun") if chosen else Resolution(None, "pronoun")


def _nominal(article: Article, quote: dict) -> Resolution | None:
    """'the mayor': the person whose title holds every word of the description; 'the utility', 'the city':
    the organisation whose name holds the head word, else the latest organisation cited as a source. None when
    the phrase is no definite description or names no one in the article."""
    doc = article.doc
    span = doc.char_span(quote["speaker_start"], quote["speaker_end"], alignment_mode="expand")
    if span is None or span[0].lower_ != "the" or span.root.pos_ != "NOUN":
        return None
    head = span.root.lemma_.lower()
    words = {t.lemma_.lower() for t in span if t.i <= span.root.i and t.is_alpha and not t.is_stop}
    at = quote["speaker_start"]
    before = [m for m in reversed(article.all_mentions) if m["char_end"] <= at]
    after = [m for m in article.all_mentions if m["char_start"] >= at]
    for m in before + after:
        title_words = re.findall(r"\w+", (m.get("title") or "").lower())
        if m["label"] == "PERSON" and title_words[-1:] == [head] and words <= set(title_words):
            return article.speaker(m, "nominal", m["title"])
    if head in ORG_HEADS:
        orgs = [m for m in before if m["label"] == "ORG"]
        named = next((m for m in before + after if m["label"] == "ORG" and head in m["canonical"].lower().split()),
                     None)
        cited = next((m for m in orgs if m["is_source"]), None)
        chosen = named or cited
        if chosen is not None:
            return article.speaker(chosen, "nominal", span.text)
    return None


def _introduced(article: Article, quote: dict, previous_end: int) -> Resolution | None:
    """A quote standing alone continues the previous speaker unless a person cited as a source since then
    introduced it ('Tim Guest says the ward is full.' / '“We are the last resort.”'): then that person."""
    cited = [m for m in article.mentions if previous_end < m["char_start"] < quote["char_start"] and m["is_source"]
             and m["label"] == "PERSON"]
    return article.speaker(cited[-1], "chain") if cited else None


def resolve(article: Article, quote: dict, previous: Resolution | None, previous_at: int) -> Resolution:
    written = (quote["speaker_text"] or "").lower()
    if quote["speaker_start"] is None:
        return Resolution(None, "none")
    if written in PRONOUN_GENDER:
        return _person_pronoun(article, quote, previous, previous_at)
    if written in GROUP_PRONOUNS:
        return _group_pronoun(article, quote, previous)
    apposed = _appositive_name(article, quote)
    if apposed is not None:
        return article.speaker(apposed, "appositive", quote["speaker_text"])
    issuer = _issuer(article, quote)
    if issuer is not None:
        return issuer
    nominal = _nominal(article, quote)
    if nominal is not None:
        return nominal
    if quote["speaker_is_anonymous"]:
        return Resolution(None, quote["speaker_method"], title=quote["speaker_text"], anonymous=True,
                          count=quote["speaker_count"])
    written = quote["speaker_text"]
    if written.lower() in NOT_NAMES:  # 'one said': a count, no name
        return Resolution(None, quote["speaker_method"], anonymous=True, count=quote["speaker_count"])
    # no entity under the phrase's head: nothing to link ('the French foreign ministry' is not 'French')
    return _named(article, quote) or Resolution(None, quote["speaker_method"], name=_as_named(article, written))


def _as_named(article: Article, written: str) -> str:
    """A speaker the NER missed, by the full name the article gives it: a surname of a person named in full
    ('al-Kadhimi' -> 'Mustafa al-Kadhimi'), else proper nouns around the word; else as written."""
    if " " in written:
        return written
    people = surnames(article.all_mentions)
    return people.get(written) or people.get(NAME_PARTICLE.sub("", written)) or full_name(article.doc, written)


def resolve_speakers(quotes: list[dict], doc, mentions: list[dict], paragraphs: list[dict]) -> list[dict]:
    """Set link_start/link_end, speaker_method, speaker_confidence, speaker_gender and speaker_title on every
    quote, in reading order (a pronoun looks back at the speakers before it)."""
    article = Article(doc, mentions, paragraphs, quotes)
    by_phrase: dict[tuple, Resolution] = {}
    previous, previous_at, previous_end = None, -1, -1
    for quote in sorted(quotes, key=lambda q: q["char_start"]):
        phrase = (quote["speaker_start"], quote["speaker_end"])
        if phrase not in by_phrase:  # the parts of one quotation share their speaker phrase
            by_phrase[phrase] = resolve(article, quote, previous, previous_at)
        found = by_phrase[phrase]
        if quote["speaker_method"] == "chain":
            # a quote standing alone continues whoever spoke last in reading order, reported speech included
            found = _introduced(article, quote, previous_end) or previous or found
        method = "chain" if quote["speaker_method"] == "chain" else found.method
        quote.update(link_start=found.link[0] if found.link else None, link_end=found.link[1] if found.link else None,
                     speaker_method=method, speaker_confidence=getattr(SETTINGS.confidence, method.replace("-", "_")),
                     speaker_gender=found.gender, speaker_title=found.title,
                     speaker_is_anonymous=found.anonymous, speaker_count=found.count, speaker_name=found.name)
        if quote["speaker_start"] is not None and not quote.get("is_fragment"):
            previous, previous_at, previous_end = found, quote["speaker_start"], quote["char_end"]
    return quotes
