"""`newstables publish` against a stand-in for the Hub API that records the calls: the real API is never reached.
Only a release that validates goes up, the dry run lists exactly what the upload sends and calls nothing, and a
missing token is one line."""

import pytest
from huggingface_hub.hf_api import CommitInfo
from huggingface_hub.utils import filter_repo_objects
from typer.testing import CliRunner

from newstables.build import hub
from newstables.build.cli import app

runner = CliRunner()


class RecordingHub:
    """Stands in for `HfApi`: records each call, and what `upload_folder` would send by the Hub client's own
    pattern filter."""

    calls: list = []

    def __init__(self, token=None):
        self.calls.append(("HfApi", {"token": token}))

    def create_repo(self, repo_id, **kwargs):
        self.calls.append(("create_repo", {"repo_id": repo_id, **kwargs}))
        return f"https://huggingface.co/datasets/{repo_id}"

    def upload_folder(self, *, folder_path, allow_patterns, **kwargs):
        files = [p.relative_to(folder_path).as_posix() for p in folder_path.rglob("*") if p.is_file()]
        sent = sorted(filter_repo_objects(files, allow_patterns=allow_patterns))
        self.calls.append(("upload_folder", {"folder_path": folder_path, "sent": sent, **kwargs}))
        return CommitInfo(commit_url=f"https://huggingface.co/datasets/{kwargs['repo_id']}/commit/abc123",
                          commit_message=kwargs["commit_message"], commit_description="", oid="abc123")

    def create_tag(self, repo_id, **kwargs):
        self.calls.append(("create_tag", {"repo_id": repo_id, **kwargs}))


@pytest.fixture
def hub_api(monkeypatch):
    RecordingHub.calls = []
    monkeypatch.setattr(hub, "HfApi", RecordingHub)
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    return RecordingHub


def _publish(*args):
    return runner.invoke(app, ["publish", *map(str, args)])


def test_publish_creates_the_repo_uploads_the_folder_and_tags_the_commit(release_copy, hub_api):
    result = _publish(release_copy, "--repo-id", "org/news", "--tag", "v0.1.0", "--private")
    assert result.exit_code == 0, result.output
    assert [name for name, _ in hub_api.calls] == ["HfApi", "create_repo", "upload_folder", "create_tag"]
    made, create, upload, tag = (kwargs for _, kwargs in hub_api.calls)
    assert made == {"token": "hf_test_token"}
    assert create == {"repo_id": "org/news", "repo_type": "dataset", "private": True, "exist_ok": True}
    assert upload["repo_id"] == "org/news" and upload["repo_type"] == "dataset"
    assert upload["folder_path"] == release_copy and upload["delete_patterns"] == "*"
    assert upload["sent"] == [path for path, _ in hub.release_files(release_copy)]
    assert {"README.md", "manifest.json", "data/articles/train-00000-of-00001.parquet"} <= set(upload["sent"])
    assert tag == {"repo_id": "org/news", "repo_type": "dataset", "tag": "v0.1.0", "revision": "abc123",
                   "tag_message": "newstables 0.1.0"}
    assert "commit/abc123 tagged v0.1.0" in result.output


def test_dry_run_lists_the_files_with_sizes_and_calls_nothing(release_copy, hub_api, monkeypatch):
    monkeypatch.delenv("HF_TOKEN")  # no token needed to look
    result = _publish(release_copy, "--repo-id", "org/news", "--dry-run")
    assert result.exit_code == 0, result.output
    assert hub_api.calls == []
    files = hub.release_files(release_copy)
    for path, size in files:
        assert f"{size:,}  {path}" in result.stdout
    assert f"would upload {len(files)} files" in result.stdout and "nothing was sent" in result.stdout


def test_a_release_that_does_not_validate_is_refused_in_one_line(release_copy, hub_api):
    shard = release_copy / "data" / "quotes" / "train-00000-of-00001.parquet"
    shard.write_bytes(shard.read_bytes()[:-100])
    for extra in ([], ["--dry-run"]):
        result = _publish(release_copy, "--repo-id", "org/news", *extra)
        assert result.exit_code == 1
        assert result.output.strip().count("\n") == 0
        assert "does not validate" in result.output and "nothing was published" in result.output
    assert hub_api.calls == []


@pytest.mark.parametrize("args, message", [
    (["--repo-id", "org/news", "--tag", "v9.9.9"], "--tag must be v0.1.0"),
    (["--repo-id", "org/news", "--tag", "0.1.0"], "--tag must be v0.1.0"),
    (["--repo-id", "news"], "--repo-id must be ORG/NAME"),
    (["--repo-id", "org/bad name"], "is not ORG/NAME"),
])
def test_bad_options_are_refused_before_any_call(release_copy, hub_api, args, message):
    result = _publish(release_copy, *args)
    assert result.exit_code == 1 and message in result.output
    assert hub_api.calls == []


def test_a_missing_token_is_one_line(release_copy, hub_api, monkeypatch):
    monkeypatch.setattr(hub, "get_token", lambda: None)  # as with no HF_TOKEN and no stored login
    result = _publish(release_copy, "--repo-id", "org/news")
    assert result.exit_code == 2
    assert result.output.strip() == "no Hugging Face token: set HF_TOKEN or run `hf auth login`"
    assert hub_api.calls == []
