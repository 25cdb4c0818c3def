import random
from itertools import combinations

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from newstables.build.link.candidates import band_buckets, bands, lsh_pairs, pairs_sharing


def test_pairs_sharing_a_value_are_all_and_only_equal_pairs():
    rng = random.Random(1)
    values = np.array([rng.randrange(6) for _ in range(40)])
    first, second = pairs_sharing(values)
    assert sorted(zip(first.tolist(), second.tolist())) == [
        (i, j) for i, j in combinations(range(len(values)), 2) if values[i] == values[j]]
    assert [len(side) for side in pairs_sharing(np.array([], dtype=np.int64))] == [0, 0]


def _signatures(rng: random.Random, rows: int, num_perm: int = 128) -> np.ndarray:
    """Rows copied from a few originals with some hash values changed, so some bands agree and others do not."""
    originals = [[rng.randrange(2**32) for _ in range(num_perm)] for _ in range(4)]
    out = []
    for _ in range(rows):
        row = list(rng.choice(originals))
        for at in rng.sample(range(num_perm), rng.choice([0, 2, 10, 40, 100])):
            row[at] = rng.randrange(3)  # few distinct values: unrelated rows can still agree on a band
        out.append(row)
    return np.array(out, dtype=np.uint64)


def test_band_buckets_are_datasketch_buckets():
    signatures = _signatures(random.Random(2), 30)
    for threshold in (0.1, 0.8):
        buckets = band_buckets(signatures, threshold)
        assert buckets.shape == (30, len(bands(threshold, 128)))
        for j, (start, end) in enumerate(bands(threshold, 128)):
            for a, b in combinations(range(30), 2):
                same = (signatures[a, start:end] == signatures[b, start:end]).all()
                assert (buckets[a, j] == buckets[b, j]) == same


def test_lsh_pairs_are_the_pairs_datasketch_returns():
    signatures = _signatures(random.Random(3), 40)
    for threshold in (0.1, 0.8):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        hashes = [LeanMinHash(seed=1, hashvalues=row, scheme="affine32") for row in signatures]
        for i, h in enumerate(hashes):
            lsh.insert(i, h)
        expected = sorted({(min(i, j), max(i, j)) for i, h in enumerate(hashes) for j in lsh.query(h) if i != j})
        first, second = lsh_pairs(signatures, threshold)
        assert sorted(zip(first.tolist(), second.tolist())) == expected and expected
    assert [len(side) for side in lsh_pairs(np.zeros((0, 128), dtype=np.uint64), 0.8)] == [0, 0]
