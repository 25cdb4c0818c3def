import os
import shutil
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # tests never touch the network
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from tests_paths import RAW


@pytest.fixture(scope="session")
def nlp():
    from newstables.build.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_articles():
    from newstables.build.articles import make_articles
    from newstables.build.ingest import read_raw_dir

    return [a for doc in read_raw_dir(RAW) for a in make_articles(doc)]


@pytest.fixture(scope="session")
def release(tmp_path_factory):
    """The seeds, built once per test run."""
    from newstables.build.pipeline import build_dataset

    out = tmp_path_factory.mktemp("release") / "release"
    build_dataset(RAW, out, "0.1.0")
    return out


@pytest.fixture(scope="session")
def release_none(release, tmp_path_factory):
    """The seeds built with `--text none`, from the `release` build's work folder (so nothing is extracted again)."""
    from newstables.build.pipeline import build_dataset

    out = tmp_path_factory.mktemp("release_none") / "release"
    build_dataset(RAW, out, "0.1.0", work=release.parent / f".{release.name}.work", text_mode="none")
    return out


@pytest.fixture
def release_copy(release, tmp_path):
    dst = tmp_path / "copy"
    shutil.copytree(release, dst)
    return dst
