"""Every threshold the build uses, named in one place. The manifest records them all (`build.config`), and the
extract stage's fingerprint covers this file, so a changed threshold extracts the corpus again."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Ingest:
    max_bytes: int = 50_000_000  # per file, decompressed: a news page is far smaller; larger files are dumps or mistakes
    read_chunk_bytes: int = 1 << 20  # read in chunks, so a gzip bomb stops at the limit, not in memory
    min_decode_confidence: float = 0.9  # 1 - charset_normalizer's chaos; below it a guess is too likely mojibake


@dataclass(frozen=True)
class Segment:
    title_max_words: int = 25
    heading_max_words: int = 12
    repeat_window_lines: int = 8  # a headline repeated within this many lines marks a story's top
    new_story_lead_lines: int = 4  # a byline or dateline this close below a headline marks a new story
    topic_lead_lines: int = 6  # prose lines below a headline read to tell a new topic from a subheading
    topic_min_names: int = 4  # fewer names than this below a headline tell nothing about its topic
    topic_break_max_shared: float = 0.3  # a new story shares fewer of its names than this with the one before
    short_line_penalty: int = 12  # what a line that does not read as prose costs a candidate body
    repeat_min_sentences: int = 3  # a paragraph this long whose sentences were nearly all printed above is a copy
    repeat_share: float = 0.8  # 'nearly all'
    headline_lead_min_words: int = 6  # a line opening with this many capitalised words, short ones too, is a teaser
    title_case_share: float = 0.8  # of a headline's longer words capitalised ('... Was Headed to ER.'); prose: names only
    barrier_penalty: int = 80  # what crossing a comment form or 'related stories' block costs
    short_report_min_words: int = 4  # a line of a one-paragraph report reads as prose; menu items are shorter
    # A page's later 'story' with less body than this is a teaser or blurb linking elsewhere, not a story; the
    # page's first story is kept whatever its size (one-line reports exist).
    later_story_min_words: int = 25
    story_title_min_words: int = 2  # one-word lines ('Business', 'Search', 'Advert') are labels, never a next story's headline
    later_story_min_sentences: int = 2
    dateline_max_words: int = 15
    english_stopword_share: float = 0.25  # 'en' when this share of the first 400 words are English stop words


@dataclass(frozen=True)
class Extract:
    batch_articles: int = 32  # articles per nlp.pipe call; see benchmarks/extract_throughput.py
    batch_chars: int = 200_000  # text per batch at most: 32 long articles parsed at once took 3.4 GiB
    quote_min_words: int = 4  # a quoted stretch shorter than this is a scare quote, never a quotation on its own
    max_casualty_count: int = 10_000_000  # larger figures are not casualty counts the column can hold honestly


@dataclass(frozen=True)
class SpeakerConfidence:
    """`speaker_confidence` by `speaker_method`: the share of right speakers that method had on ggt-dev, rounded
    down (build/extract/speakers.py; the card gives the measurement)."""
    cue: float = 0.85  # ggt-dev: 255/288 right
    appositive: float = 0.95  # 82/83
    according_to: float = 0.3  # 4/13: the source is often a document ('the preliminary findings')
    chain: float = 0.85  # 121/132 (0.92): kept below the 0.9 bound, which it only just reaches
    pronoun: float = 0.6  # 26/43
    nominal: float = 0.5  # 10/19
    none: float = 0.0


@dataclass(frozen=True)
class Speakers:
    pronoun_reach_paragraphs: int = 3  # paragraphs back within which a pronoun finds its antecedent
    confidence: SpeakerConfidence = field(default_factory=SpeakerConfidence)


@dataclass(frozen=True)
class Events:
    """`confidence` of an event mention (build/extract/events.py): trigger strength, plus the evidence found,
    times the modality's discount. Calibrated on PLOVER's gold sentences and a hand check of the seed rows (the
    card gives the measurement)."""
    verb_trigger: float = 0.55  # a lexicon verb in an event sense
    noun_trigger: float = 0.4  # a nominal trigger with an event argument
    weak_lemma: float = 0.15  # subtracted for a lemma with common non-event senses (give, send, leave, call, ask)
    per_argument: float = 0.1  # added per kind of evidence: actor, recipient, date, place, mode
    max_arguments: int = 4
    negated: float = 0.5  # multipliers: how far a flagged mention is from an event that happened
    hypothetical: float = 0.5
    negotiated: float = 0.6
    habitual: float = 0.6
    future: float = 0.6
    floor: float = 0.05
    ceiling: float = 0.95


@dataclass(frozen=True)
class Link:
    fuzzy_name_min: int = 80  # rapidfuzz ratio of two normalised names (same sound key, type, word count) to merge
    minhash_num_perm: int = 128
    shingle_words: int = 5  # word n-grams of a body, for near-duplicates
    duplicate_jaccard: float = 0.8  # bodies this similar are copies of one article (`duplicate_of`)
    lede_words: int = 120  # body words, after the title, whose terms say what a story is about
    story_candidate_jaccard: float = 0.1  # MinHash LSH threshold that proposes same-story pairs
    story_similarity: float = 0.15  # idf-weighted Jaccard of lede terms for one story (different stories <= 0.07)
    event_evidence_needed: int = 2  # kinds of agreeing evidence (party, place, date, mode) to merge two reports
    event_specific_words: int = 3  # words in a shared party description that make it evidence on its own
    event_recent_sentences: int = 3  # sentences within which 'this attack' refers to the event just told


@dataclass(frozen=True)
class Release:
    shard_bytes: int = 256 * 2**20  # in-memory Arrow size per shard: each file downloads and loads comfortably


@dataclass(frozen=True)
class BuildConfig:
    ingest: Ingest = field(default_factory=Ingest)
    segment: Segment = field(default_factory=Segment)
    extract: Extract = field(default_factory=Extract)
    speakers: Speakers = field(default_factory=Speakers)
    events: Events = field(default_factory=Events)
    link: Link = field(default_factory=Link)
    release: Release = field(default_factory=Release)

    def as_dict(self) -> dict:
        return asdict(self)


CONFIG = BuildConfig()
