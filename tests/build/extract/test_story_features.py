from datasketch import MinHash

from newstables.build.extract.story_features import NUM_PERM, SCHEME, SEED, body_signature, minhash_rows


def _one_by_one(items) -> list[int]:
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch([item.encode("utf-8") for item in items])
    return m.hashvalues.tolist()


def test_bulk_signatures_are_datasketch_minhashes_one_by_one():
    lists = [["iran", "taeb", "visit"], [], ["visit"], ["ünïcode", "iran"]]
    assert minhash_rows(lists).tolist() == [_one_by_one(items) for items in lists]
    assert minhash_rows([]).shape == (0, NUM_PERM)


def test_body_signature_hashes_word_shingles():
    body = "One two three four five six. Seven"
    shingles = {"one two three four five", "two three four five six.", "three four five six. seven"}
    assert body_signature(body) == _one_by_one(shingles)
    assert body_signature("too short") == _one_by_one({"too short"})
