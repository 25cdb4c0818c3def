"""Contract of the `quotes` table: one row per quotation, direct or indirect."""

from newstables.schemas.contract import ID_HASH, Column, Contract, Span

QUOTES = Contract(
    name="quotes",
    description="One row per quotation, with the speaker as written and, when it names an entity, its entity id.",
    sort_key=("article_id", "char_start", "char_end", "quote_id"),
    spans=(Span("char_start", "char_end", "text"), Span("speaker_start", "speaker_end", "speaker_text")),
    id_from=("article_id", "char_start", "char_end"),
    columns=(
        Column("quote_id", "string", "Stable id: hash of article_id and the span.", unique=True,
               pattern=rf"quo_{ID_HASH}"),
        Column("article_id", "string", "The article the quote is in.", references="articles.article_id"),
        Column("char_start", "int32", "Char offset of the quoted content in the article body.", min=0),
        Column("char_end", "int32", "Char offset just past the quoted content.", min=0),
        Column("text", "string", "The quoted content (`body[char_start:char_end]`); direct quotes exclude the quote marks.",
               withheld_from="none"),
        Column("is_direct", "bool", "True for a verbatim quotation in quote marks, false for reported speech."),
        Column("is_fragment", "bool", "A scare quote or a few quoted words inside the reporter's own sentence "
               "(`a “large delegation”`); not an attribution. Names in quote marks get no row at all."),
        Column("quote_cluster_id", "string", "One quotation across rows: copies of an article (`duplicate_of`) "
               "and outlets quoting the same words by the same speaker share it, as in Quotebank. Count quotations as "
               "distinct `quote_cluster_id` over rows that are not `is_fragment`. Kept from the previous build of the "
               "same work folder, else a hash of the cluster's smallest `quote_id`.", pattern=rf"qcl_{ID_HASH}"),
        Column("quote_group", "string", "Shared by the parts of one quotation: “A,” he said, “B.” or a quote carried "
               "on into the next paragraph.", nullable=True, pattern=rf"grp_{ID_HASH}"),
        Column("speaker_text", "string", "The speaker as written.", nullable=True, withheld_from="none"),
        Column("speaker_start", "int32", "Char offset of `speaker_text` in the body.", nullable=True, min=0),
        Column("speaker_end", "int32", "Char offset just past `speaker_text`.", nullable=True, min=0),
        Column("speaker_name", "string", "The speaker's resolved full name: the linked entity's name (`he` and "
               "`Ravanchi` -> `Majid Takht Ravanchi`), else the words as written; null for anonymous or unresolved "
               "speakers.", nullable=True),
        Column("speaker_entity_id", "string", "Canonical entity of the speaker, when the speaker is a named entity.",
               nullable=True, references="entity_catalog.entity_id"),
        Column("speaker_is_anonymous", "bool", "The speaker is described, not named (`three militia sources`, `a "
               "senior official in the region`); `speaker_text` keeps the descriptor as written."),
        Column("speaker_count", "int32", "How many speakers the descriptor states (`three militia sources` -> 3).",
               nullable=True, min=1),
        Column("speaker_method", "string", "The evidence that chose the speaker: `cue` (subject of a reporting verb, or "
               "a name after a dash or before a colon), `appositive` (a name with its title: `Pentagon spokesperson Sean "
               "Parnell`), `chain` (the previous speaker continues: a quote on its own, or `he said` right after that "
               "speaker's quote), `pronoun` (the latest person of agreeing gender named outside any quotation; `they` "
               "and `it` an organisation), `nominal` (`the mayor` -> the person with that title), `according-to`, or "
               "`none`.", allowed=("cue", "appositive", "chain", "pronoun", "nominal", "according-to", "none")),
        Column("speaker_confidence", "float64", "How often `speaker_method` picks the right speaker, measured on "
               "annotated news (dataset card); 0 when there is no speaker.", min=0, max=1),
        Column("speaker_gender", "string", "`male` or `female` where the article states it: the quote's pronoun "
               "(`she said`), an honorific (`Mr.`, `Ms.`) or pronouns that can only refer to that person; null "
               "otherwise, never guessed from the name.", nullable=True, allowed=("male", "female")),
        Column("speaker_title", "string", "The speaker's title or role as written (`Pentagon spokesperson`, `the "
               "mayor`); for an anonymous speaker, its descriptor.", nullable=True),
        Column("cue", "string", "Lemma of the attributing verb (`say`, `tell`, `add`, `show`, ...) or `according "
               "to`; null for a quote attributed by a dash or colon, or continuing an earlier speaker's.",
               nullable=True),
        Column("sentence_index", "int32", "Index of the sentence where the quote starts, from 0.", min=0),
    ),
)
