"""The provenance read from the model's meta.json names what `load_nlp` loads."""

from newstables.build.nlp import load_nlp, model_provenance


def test_provenance_without_loading_matches_the_loaded_pipeline():
    nlp = load_nlp()
    assert model_provenance()["pipeline"] == nlp.pipe_names
    assert model_provenance()["model_version"] == nlp.meta["version"]
