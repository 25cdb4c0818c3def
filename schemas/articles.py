"""Contract of the `articles` table: one row per story found in a raw file."""

from newstables.schemas.contract import ID_HASH, Column, Contract

ARTICLES = Contract(
    name="articles",
    description="One row per news story, with its clean body and where it came from in the raw corpus.",
    sort_key=("article_id",),
    columns=(
        Column("article_id", "string", "Stable id: hash of the raw file's sha256, the story index and the body.",
               unique=True, pattern=rf"art_{ID_HASH}"),
        Column("source_file", "string", "Path of the raw file, relative to the raw folder."),
        Column("source_sha256", "string", "sha256 of the raw file's bytes.", pattern=r"[0-9a-f]{64}"),
        Column("source_encoding", "string", "Encoding the raw file was decoded with."),
        Column("story_index", "int32", "Position of the story in its raw file, from 0.", min=0),
        Column("source_start", "int64", "Char offset where the story starts in the decoded raw file.", min=0),
        Column("source_end", "int64", "Char offset where the story ends in the decoded raw file.", min=0),
        Column("title", "string", "Headline, when the page text carries one at the story's top.", nullable=True),
        Column("subtitle", "string", "Standfirst under the headline, when present.", nullable=True),
        Column("outlet", "string", "Publisher, when the page names itself (masthead, newsletter or footer lines).",
               nullable=True),
        Column("published_at", "timestamp[us]", "Publication time (UTC), when known honestly; never guessed.",
               nullable=True),
        Column("published_at_precision", "string", "Precision of `published_at`.", nullable=True,
               allowed=("day", "month", "year")),
        Column("published_at_source", "string", "Where `published_at` came from.", nullable=True,
               allowed=("manifest", "html-meta", "inferred-from-text")),
        Column("language", "string", "ISO 639-1 code of the body's language, `und` when undetermined.",
               pattern=r"[a-z]{2}|und"),
        Column("word_count", "int32", "Whitespace-separated words in `body`.", min=0),
        Column("body", "string", "Clean article text: paragraphs joined by blank lines; no captions, credits, "
               "promo, newsletter or comment lines, no repeated headline."),
        Column("paragraphs", "list<struct<start:int32,end:int32,is_heading:bool,source_start:int64>>",
               "Paragraphs as char spans into `body`; `is_heading` marks in-body section headings; "
               "`source_start` is the paragraph's char offset in the decoded raw file."),
        Column("captions", "list<string>", "Image captions and photo credits found in the story, deduplicated."),
        Column("pull_quotes", "list<struct<text:string,attribution:string>>",
               "Display pull-quotes (a line in single quotes followed by '- Speaker'), kept out of `body` because "
               "they repeat a sentence of it."),
    ),
)
