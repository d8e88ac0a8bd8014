"""The package's shape: imports run one way, only the command line imports typer and rich."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "bgindex"
# Each layer may import the layers after it in this list (and itself); catalog and model are the
# shared foundation every layer may use, and they import nothing but each other's models.
LAYERS = ["cli", "desk", "workspace", "outputs", "core", "reading", "intake"]
FOUNDATION = {"catalog", "model"}
TERMINAL_LIBRARIES = {"typer", "rich", "click"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (lazy imports inside functions included)."""
    tree = ast.parse(path.read_text("utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            found.append((node.lineno, base))
            if base == "bgindex" or base.count(".") == 1 and base.startswith("bgindex."):
                # `from bgindex.reading import layout`: the names may be submodules
                found += [(node.lineno, f"{base}.{a.name}") for a in node.names]
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "bgindex" else None


def _allowed(source: str, target: str) -> bool:
    if target == source or target in FOUNDATION:
        return True
    if source in FOUNDATION:
        return False
    if target not in LAYERS:  # a root module such as bgindex.__init__ (version) or a name
        return True
    return LAYERS.index(target) > LAYERS.index(source)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    source = path.relative_to(PACKAGE).parts[0]
    wrong = []
    for line, module in _imports(path):
        target = _layer(module)
        if module == "bgindex" or target is None:
            continue
        if not (PACKAGE / target).is_dir():
            continue  # `from bgindex import __version__`
        if not _allowed(source, target):
            wrong.append(f"line {line}: {source} imports {module}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "path",
    [p for p in _modules() if p.relative_to(PACKAGE).parts[0] != "cli"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_only_the_command_line_imports_terminal_libraries(path: Path) -> None:
    used = {m.split(".")[0] for _, m in _imports(path)} & TERMINAL_LIBRARIES
    assert not used, f"{path.name} imports {sorted(used)}"


def test_every_subpackage_says_what_it_is_for() -> None:
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8")))
        assert doc and doc.endswith("."), f"{init.parent.name}/__init__.py needs a one-sentence docstring"


def test_a_checker_that_finds_a_wrong_import(tmp_path: Path) -> None:
    """The walker sees imports inside functions, so a lazy import against the direction is caught."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from bgindex.outputs import charts\n    import rich.table\n")
    found = _imports(probe)
    assert (2, "bgindex.outputs.charts") in found and (3, "rich.table") in found
    assert not _allowed("core", "outputs") and _allowed("outputs", "core")
    assert not _allowed("model", "reading") and _allowed("intake", "model")
