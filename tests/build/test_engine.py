"""`--engine ray`: the seeds built on a local Ray with 2 CPUs equal the local engine's release byte for byte.
Skipped where the `ray` extra is not installed (CI installs it: NEWSTABLES_EXTRAS=ray)."""

from pathlib import Path

import pytest

pytest.importorskip("ray.data", reason="the ray extra is not installed (NEWSTABLES_EXTRAS=ray python3 bootstrap.py test)")

from newstables.build.pipeline import build_dataset  # noqa: E402
from tests_paths import RAW  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    yield
    ray.shutdown()


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_ray_build_equals_the_local_one_byte_for_byte(release, local_ray, tmp_path, monkeypatch):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    on_ray = build_dataset(RAW, tmp_path / "release", "0.1.0", workers=2, engine="ray", work=tmp_path / "work").out
    local, ray_built = files(release), files(on_ray)
    assert sorted(ray_built) == sorted(local)
    assert [name for name in local if ray_built[name] != local[name]] == []  # manifest.json and README.md included


def test_the_engine_keeps_a_cluster_it_joined(local_ray):
    import ray

    from newstables.build.execute import make_executor

    assert list(make_executor(2, "ray").map(len, [[1], [2, 3], [4, 5, 6]])) == [1, 2, 3]  # in input order
    assert ray.is_initialized()  # not stopped: this process started it, not the executor
