"""to_table: rows sorted by the contract's key, in its exact schema."""

import pyarrow as pa
import pytest

from newstables.build.tables import to_table
from newstables.schemas import CONTRACTS, arrow_schema


def test_rows_sorted_by_key_in_the_contract_schema(release):
    from newstables.validation.layout import read_table

    published = read_table(release, "entities")
    rows = published.to_pylist()[::-1]
    table = to_table(CONTRACTS["entities"], rows)
    assert table.schema.equals(arrow_schema(CONTRACTS["entities"]), check_metadata=True)
    assert table.equals(pa.Table.from_pylist(published.to_pylist(), schema=arrow_schema(CONTRACTS["entities"])))


def test_a_row_missing_a_column_fails():
    with pytest.raises(KeyError):
        to_table(CONTRACTS["deletions"], [{"table": "quotes", "deleted_id": "q_1"}])
