"""Candidate pairs for corpus-level linking, as numpy arrays rather than Python loops over pairs: the index pairs
that share a value, and MinHash LSH band buckets formed exactly as datasketch forms them."""

from __future__ import annotations

from functools import cache

import numpy as np
from datasketch import MinHashLSH


def run_ends(values: np.ndarray) -> np.ndarray:
    """For each position of a sorted array, the end (exclusive) of the run of equal values holding it."""
    starts = np.flatnonzero(values[1:] != values[:-1]) + 1
    ends = np.append(starts, len(values))
    return np.repeat(ends, np.diff(ends, prepend=0))


def later_partners(positions: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (p, q) with p from `positions` and p < q < its run's end: each position with those after it."""
    count = ends - positions - 1
    first = np.repeat(positions, count)
    offset = np.arange(len(first)) - np.repeat(np.cumsum(count) - count, count)
    return first, first + 1 + offset


def pairs_sharing(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j), i < j, with values[i] == values[j]."""
    order = np.argsort(values, kind="stable")  # stable: indices rise within a run, so i < j
    first, second = later_partners(np.arange(len(order)), run_ends(values[order]))
    return order[first], order[second]


@cache
def bands(threshold: float, num_perm: int) -> list[tuple[int, int]]:
    """The (start, end) hash-value ranges MinHashLSH(threshold, num_perm) buckets by (its optimal parameters)."""
    return MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges


def band_buckets(signatures: np.ndarray, threshold: float) -> np.ndarray:
    """(rows x bands) bucket numbers of MinHash signatures (one per row): two rows share a band's bucket exactly
    when MinHashLSH(threshold) would bucket them together, as it keys a bucket by the band's hash values."""
    ranges = bands(threshold, signatures.shape[1])
    buckets = np.empty((len(signatures), len(ranges)), dtype=np.int64)
    for j, (start, end) in enumerate(ranges):
        band = signatures[:, start:end]
        order = np.lexsort(band.T[::-1])
        ordered = band[order]
        starts = np.ones(len(band), dtype=bool)  # where a new value starts, in sorted order
        starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
        buckets[order, j] = np.cumsum(starts)
    return buckets


def lsh_pairs(signatures: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i, j), i < j, that MinHashLSH(threshold) would return for each other: sharing some bucket."""
    n = len(signatures)
    codes = [i * n + j for i, j in map(pairs_sharing, band_buckets(signatures, threshold).T)]
    return np.divmod(np.unique(np.concatenate([np.empty(0, np.int64), *codes])), max(n, 1))
