"""Contract of the `deletions` table: ids published before and gone since, as in ACLED's deletions API, so a user
who keeps a local copy can drop them. Always written (empty for a build without `--previous`), so the config loads
the same way in every release."""

from newstables.schemas.contract import Column, Contract

DATA_TABLES = ("articles", "entities", "quotes", "events", "entity_catalog")

DELETIONS = Contract(
    name="deletions",
    description="One row per id that an earlier release published and this one no longer has; kept in later "
                "releases until the id comes back. Empty when the release was built without `--previous`.",
    sort_key=("table", "deleted_id"),
    columns=(
        Column("table", "string", "The table the id was in.", allowed=DATA_TABLES),
        Column("deleted_id", "string", "The removed row's stable id (the table's first column).", unique=True),
        Column("removed_in", "string", "The first release version without the id.", pattern=r"\d+\.\d+\.\d+"),
    ),
)
