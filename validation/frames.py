"""The tables the checks read, as pandas frames made on demand: pandera and GX take pandas, but a whole release
converted at once is several copies of it in memory. A table given as Arrow is converted a block of rows at a time
(for pandera) or one table at a time (for GX); a table given as a frame is cut from it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

BLOCK_ROWS = 65_536  # rows converted at once for pandera: bounds its memory at any table size, few calls per table


class ArrowRows:
    """A table held as Arrow."""

    def __init__(self, table: pa.Table):
        self.table = table
        # what converting the whole table gives a column with nulls anywhere (pyarrow's to_pandas), given to every part
        self._with_nulls = {f.name: float if pa.types.is_integer(f.type) else object for f in table.schema
                            if (pa.types.is_integer(f.type) or pa.types.is_boolean(f.type))
                            and table.column(f.name).null_count}

    def __len__(self) -> int:
        return self.table.num_rows

    def ids(self, column: str) -> set:
        return set(self.table.column(column).drop_null().to_pylist())

    def values(self, column: str) -> list:
        return self.table.column(column).to_pylist()

    def frame(self, rows: np.ndarray) -> pd.DataFrame:
        """The rows at these positions, as the whole table's frame holds them (its index is the positions)."""
        if len(rows) == self.table.num_rows:
            return self._converted(self.table)
        df = self._converted(self.table.take(pa.array(rows, type=pa.int64())))
        df.index = pd.Index(rows)
        return df

    def blocks(self, rows: np.ndarray) -> Iterator[pd.DataFrame]:
        """frame(rows), a block at a time (one empty frame for no rows: the columns are still checked once)."""
        for start in range(0, max(len(rows), 1), BLOCK_ROWS):
            yield self.frame(rows[start:start + BLOCK_ROWS])

    def columns(self, names: list[str]) -> pd.DataFrame:
        return self._converted(self.table.select(names))

    def _converted(self, table: pa.Table) -> pd.DataFrame:
        df = table.to_pandas()
        for name, kind in self._with_nulls.items():
            if name in df and df[name].dtype != kind:
                df[name] = df[name].astype(kind)
        return df


class FrameRows:
    """A table given as a pandas frame."""

    def __init__(self, df: pd.DataFrame):
        self.df = df

    def __len__(self) -> int:
        return len(self.df)

    def ids(self, column: str) -> set:
        return set(self.df[column].dropna())

    def values(self, column: str) -> list:
        return self.df[column].tolist()

    def frame(self, rows: np.ndarray) -> pd.DataFrame:
        return self.df if len(rows) == len(self.df) else self.df.iloc[rows]

    def blocks(self, rows: np.ndarray) -> Iterator[pd.DataFrame]:
        yield self.frame(rows)

    def columns(self, names: list[str]) -> pd.DataFrame:
        return self.df[names]


class LazyFrames(Mapping):
    """name -> frame, each made when it is read and not kept: a loop over the items holds one table's frame."""

    def __init__(self, makers: dict[str, Callable[[], pd.DataFrame]]):
        self.makers = makers

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.makers[name]()

    def __iter__(self):
        return iter(self.makers)

    def __len__(self) -> int:
        return len(self.makers)
