"""Contract of the `articles` table: one row per story found in a raw file."""

from newstables.schemas.contract import ID_HASH, Column, Contract, Span

FIELD_SOURCES = ("manifest", "html-meta", "jsonl-record", "page-text", "inferred-from-text", "detected")


def _source(field: str) -> Column:
    return Column(f"{field}_source", "string", f"Where `{field}` came from.", nullable=True, allowed=FIELD_SOURCES)


ARTICLES = Contract(
    name="articles",
    description="One row per news story, with its clean body, its metadata (each with its source) and where it "
                "came from in the raw corpus.",
    sort_key=("article_id",),
    id_from=("source_sha256", "source_record", "story_index", "body"),
    spans=(Span("char_start", "char_end", within="paragraphs"),),
    text_digests=(("body", "body_sha256", "body_length"),),
    columns=(
        Column("article_id", "string", "Stable id: hash of the raw file's sha256, the record, the story index "
               "and the body.", unique=True, pattern=rf"art_{ID_HASH}"),
        Column("source_file", "string", "Path of the raw file, relative to the raw folder."),
        Column("source_sha256", "string", "sha256 of the raw file's bytes.", pattern=r"[0-9a-f]{64}"),
        Column("source_format", "string", "How the raw file was read.", allowed=("text", "html", "jsonl")),
        Column("source_record", "int32", "Line number of the JSONL record (from 1); null for one-page files.",
               nullable=True, min=1),
        Column("source_encoding", "string", "Encoding the raw file was decoded with."),
        Column("decode_warnings", "list<string>", "How decoding the raw file went wrong, if it did: invalid bytes "
               "replaced, NUL bytes removed, or an encoding guessed by detection (with its confidence). Empty when "
               "the file was clean UTF-8/UTF-16."),
        Column("story_index", "int32", "Position of the story in its page, from 0.", min=0),
        Column("source_start", "int64", "Char offset where the story starts in the source text: the decoded page "
               "for text files, the extracted text for HTML, the record's text for JSONL.", min=0),
        Column("source_end", "int64", "Char offset where the story ends in the source text.", min=0),
        Column("url", "string", "Address of the page, when the manifest or page metadata gives it.", nullable=True),
        _source("url"),
        Column("title", "string", "Headline; null when the page text carries none at the story's top.",
               nullable=True),
        _source("title"),
        Column("subtitle", "string", "Standfirst under the headline, when present.", nullable=True,
               withheld_from="none"),
        Column("byline", "string", "Author(s), when the page names them.", nullable=True),
        _source("byline"),
        Column("outlet", "string", "Publisher, when the manifest or page metadata gives it or the page names "
               "itself (masthead, newsletter or footer lines).", nullable=True),
        _source("outlet"),
        Column("published_at", "timestamp[us, tz=UTC]", "Publication time (UTC), when known honestly; never guessed.",
               nullable=True),
        Column("published_at_precision", "string", "Precision of `published_at`; `week` means published on or "
               "within days after that date.", nullable=True, allowed=("day", "week", "month", "year")),
        Column("published_at_source", "string", "Where `published_at` came from.", nullable=True,
               allowed=FIELD_SOURCES),
        Column("license", "string", "License of the text, when the manifest gives it.", nullable=True),
        _source("license"),
        Column("language", "string", "Language code of the body (manifest value, or `en`/`und` detected).",
               pattern=r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?|und"),
        Column("language_source", "string", "Where `language` came from.", allowed=FIELD_SOURCES),
        Column("word_count", "int32", "Whitespace-separated words in `body`.", min=0),
        Column("body", "string", "Clean article text: paragraphs joined by blank lines; no captions, credits, "
               "promo, newsletter or comment lines, no repeated headline.", withheld_from="snippets"),
        Column("body_sha256", "string", "sha256 of `body` as UTF-8, kept when the body is withheld: "
               "`newstables rehydrate` checks the body it restores against it.", pattern=r"[0-9a-f]{64}"),
        Column("body_length", "int32", "Characters in `body`, kept when the body is withheld: every char offset "
               "into the body is at most this.", min=0),
        Column("paragraphs", "list<struct<char_start:int32,char_end:int32,is_heading:bool,source_start:int64>>",
               "Paragraphs as char spans into `body`; `is_heading` marks in-body section headings; "
               "`source_start` is the paragraph's char offset in the source text."),
        Column("captions", "list<string>", "Image captions and photo credits found in the story, deduplicated.",
               withheld_from="none"),
        Column("pull_quotes", "list<struct<text:string,attribution:string,repeat_of:string>>",
               "Display pull-quotes (a line in single quotes followed by '- Speaker'), kept out of `body`; "
               "`repeat_of` is the quote_id of the body quote it repeats, so no quotation is counted twice.",
               withheld_from="none", withheld_fields=("text", "attribution")),
        Column("duplicate_of", "string", "article_id of an earlier near-identical copy (syndication), else null.",
               nullable=True, references="articles.article_id"),
        Column("story_id", "string", "Cluster of articles reporting the same news story, even in different words. Kept from the "
               "previous build of the same work folder when the story was already there; else a hash of its first member.",
               pattern=rf"sto_{ID_HASH}"),
    ),
)
