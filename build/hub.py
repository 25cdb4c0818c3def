"""Publishing a release folder to the Hugging Face Hub as a dataset repo: create_repo, upload_folder, create_tag.
Only a folder that validates goes up, and `--dry-run` lists exactly the files the upload would send."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from huggingface_hub import HfApi, get_token
from huggingface_hub.errors import HFValidationError
from huggingface_hub.utils import validate_repo_id

from newstables.validation.run import read_manifest, validate_folder

TAG_PATTERN = r"^v\d+\.\d+\.\d+$"


class PublishRefused(Exception):
    """The folder or the options cannot be published; the message is one line."""


class TokenMissing(PublishRefused):
    pass


@dataclass(frozen=True)
class Published:
    repo_url: str
    commit_url: str
    tag: str | None


def release_files(folder: Path) -> list[tuple[str, int]]:
    """(path relative to the folder, size in bytes) of every file: all go up, since a folder that validates holds
    only the files its manifest lists."""
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*") if p.is_file())


def check(folder: Path, repo_id: str, tag: str | None) -> str:
    """Refuse what must not go up; return the release's version."""
    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise PublishRefused(f"--repo-id {repo_id!r} is not ORG/NAME: {str(exc).splitlines()[0]}") from None
    if "/" not in repo_id:  # the Hub would put a bare NAME under whoever owns the token
        raise PublishRefused(f"--repo-id must be ORG/NAME, got {repo_id!r}")
    failures = validate_folder(folder)
    if failures:
        raise PublishRefused(f"{folder} does not validate ({len(failures)} failure(s); see `newstables validate "
                             f"{folder}`): nothing was published")
    version = read_manifest(folder)[0]["version"]
    if tag is not None and (not re.match(TAG_PATTERN, tag) or tag != f"v{version}"):
        raise PublishRefused(f"--tag must be v{version}, the version of {folder} (a tag names the release it "
                             f"points at); got {tag!r}")
    return version


def publish(folder: Path, repo_id: str, *, tag: str | None = None, private: bool = False,
            api: HfApi | None = None) -> Published:
    """Validate, then create the dataset repo (kept if it exists), upload exactly `release_files`, and tag that
    commit."""
    version = check(folder, repo_id, tag)
    if api is None:
        token = get_token()  # HF_TOKEN, else the token `hf auth login` stored
        if not token:
            raise TokenMissing("no Hugging Face token: set HF_TOKEN or run `hf auth login`")
        api = HfApi(token=token)
    repo = api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
    # delete_patterns: the repo mirrors the folder, so shards of an earlier release with another shard count
    # don't linger under the card's `train-*.parquet` globs (the Hub keeps .gitattributes regardless).
    commit = api.upload_folder(repo_id=repo_id, repo_type="dataset", folder_path=folder,
                               allow_patterns=[path for path, _ in release_files(folder)], delete_patterns="*",
                               commit_message=f"newstables {version}")
    if tag is not None:
        api.create_tag(repo_id, repo_type="dataset", tag=tag, revision=commit.oid,
                       tag_message=f"newstables {version}")
    return Published(str(repo), commit.commit_url, tag)
