"""One contract per table; the registry below is the single list of published tables."""

from newstables.schemas.articles import ARTICLES
from newstables.schemas.contract import Column, Contract, Span, arrow_schema, arrow_type, field_table, hf_features
from newstables.schemas.deletions import DELETIONS
from newstables.schemas.entities import ENTITIES
from newstables.schemas.entity_catalog import ENTITY_CATALOG
from newstables.schemas.events import EVENTS
from newstables.schemas.quotes import QUOTES

# Order matters: the first is the default config, and parents come before the tables that refer to them.
CONTRACTS: dict[str, Contract] = {c.name: c for c in (ARTICLES, ENTITIES, QUOTES, EVENTS, ENTITY_CATALOG,
                                                          DELETIONS)}

__all__ = ["CONTRACTS", "Column", "Contract", "Span", "arrow_schema", "arrow_type", "field_table", "hf_features"]
