"""What a stage's stored results depend on besides its input: the source of every newstables module the stage
imports (transitively, read from the import statements, including those inside functions), the data files those
modules name, and the versions of the other distributions they import. Editing a module the stage never imports
(the report, the CLI) keeps its stored results; editing one it does, or a data file it reads, redoes them."""

from __future__ import annotations

import ast
import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from importlib.util import resolve_name
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the source folders (pyproject's package-dir)
FOLDERS = {"newstables.build": "build", "newstables.schemas": "schemas", "newstables.validation": "validation",
           "newstables": "newstables"}
DATA_SUFFIXES = (".yaml", ".jsonl", ".tsv", ".json", ".csv")


def module_file(module: str, root: Path = ROOT) -> Path | None:
    """The source file of a newstables module (a package's __init__.py), or None for any other module."""
    prefix = next((p for p in FOLDERS if module == p or module.startswith(p + ".")), None)
    if prefix is None:
        return None
    base = root / FOLDERS[prefix] / Path(*module[len(prefix):].split(".")[1:])
    for candidate in (base.with_suffix(".py") if base != root / FOLDERS[prefix] else None, base / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module an import statement anywhere in the tree names, with the packages holding them; `from a
    import b` names `a.b` as well, in case b is a submodule."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            package = module if is_package else module.rpartition(".")[0]
            base = resolve_name("." * node.level + (node.module or ""), package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {".".join(name.split(".")[:i]) for name in names for i in range(1, name.count(".") + 2)}


def closure(roots: tuple[str, ...], root: Path = ROOT) -> tuple[dict[Path, ast.Module], set[str]]:
    """(the parsed newstables modules `roots` import, transitively, by file; the other top-level modules)."""
    trees: dict[Path, ast.Module] = {}
    seen: set[str] = set()
    others: set[str] = set()
    todo = list(roots)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = module_file(module, root)
        if path is None:
            if not module.startswith("newstables"):
                others.add(module.split(".")[0])
            continue
        trees[path] = ast.parse(path.read_bytes())
        todo += _imported(trees[path], module, path.name == "__init__.py")
    return dict(sorted(trees.items())), others


def data_files(trees: dict[Path, ast.Module], root: Path = ROOT) -> list[Path]:
    """The package's data files whose names the modules spell out (data files are always named literally)."""
    strings = "\0".join(node.value for tree in trees.values() for node in ast.walk(tree)
                        if isinstance(node, ast.Constant) and isinstance(node.value, str))
    candidates = sorted(p for folder in FOLDERS.values() for p in (root / folder).rglob("*")
                        if p.suffix in DATA_SUFFIXES and p.is_file() and "__pycache__" not in p.parts)
    return [p for p in candidates if p.name in strings]


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def versions(modules: set[str], extra: tuple[str, ...] = ()) -> list[str]:
    """`name==version` of the distributions providing these top-level modules (the standard library has none)."""
    dists = {d for m in modules - set(sys.stdlib_module_names) for d in _distributions().get(m, ())} | set(extra)
    return sorted(f"{d.lower()}=={metadata.version(d)}" for d in dists)


def fingerprint(roots: tuple[str, ...], inputs: tuple[Path, ...] = (), packages: tuple[str, ...] = (),
                root: Path = ROOT) -> str:
    """The digest of what the modules `roots` compute from: their sources, data files and distributions, plus
    `inputs` (files they are given, e.g. gazetteers) and `packages` they load by name (e.g. a spaCy model)."""
    trees, others = closure(roots, root)
    digest = hashlib.sha256()
    for path in [*trees, *data_files(trees, root), *map(Path, inputs)]:
        label = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
    for line in versions(others, packages):
        digest.update(line.encode() + b"\0")
    return digest.hexdigest()
