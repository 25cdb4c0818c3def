"""Tables converted to pandas a part at a time hold what the whole table's frame holds at those rows."""

import numpy as np
import pandas as pd
import pyarrow as pa

from newstables.validation.frames import ArrowRows, BLOCK_ROWS


def test_a_part_has_the_whole_frames_dtypes_and_positions_as_index():
    table = pa.table({"n": pa.array([1, None, 3, 4], pa.int32()), "b": pa.array([True, None, False, True]),
                      "s": pa.array(["a", "b", None, "d"])})
    whole = table.to_pandas()
    rows = np.array([0, 2, 3])
    part = ArrowRows(table).frame(rows)  # no nulls in n or b here: still float and object, as in the whole frame
    pd.testing.assert_frame_equal(part, whole.iloc[rows])


def test_blocks_cover_the_rows_once_and_an_empty_table_is_one_empty_frame():
    table = pa.table({"n": pa.array(range(BLOCK_ROWS + 5), pa.int64())})
    rows = np.arange(3, BLOCK_ROWS + 5)
    blocks = list(ArrowRows(table).blocks(rows))
    assert [len(b) for b in blocks] == [BLOCK_ROWS, 2]
    assert np.concatenate([b.index.to_numpy() for b in blocks]).tolist() == rows.tolist()
    empty = list(ArrowRows(table.slice(0, 0)).blocks(np.arange(0)))
    assert len(empty) == 1 and list(empty[0].columns) == ["n"] and len(empty[0]) == 0
