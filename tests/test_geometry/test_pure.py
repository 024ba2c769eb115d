"""`geometry` stays pure and synchronous: no processes, no event loop, no sandbox, no web."""

from __future__ import annotations

import ast

from tests.conftest import REPO

GEOMETRY = REPO / "geometry"
#: Top-level packages geometry must never import; the sandbox imports geometry, not the reverse.
FORBIDDEN = {
    "multiprocessing",
    "asyncio",
    "sandbox",
    "backend",
    "bot",
    "smallbatch",
    "litestar",
    "aiogram",
    "aiosqlite",
}


def _imported(tree: ast.Module) -> set[str]:
    """The top-level package of every absolute import anywhere in a module."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _modules() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(REPO)): ast.parse(path.read_text(), str(path))
        for path in sorted(GEOMETRY.rglob("*.py"))
    }


def test_the_scan_sees_every_geometry_module_and_their_imports() -> None:
    modules = _modules()
    assert "geometry/analyze.py" in modules
    assert "numpy" in _imported(modules["geometry/analyze.py"])  # the scan does find imports


def test_no_geometry_module_imports_processes_an_event_loop_or_the_sandbox() -> None:
    offenders = {
        name: sorted(_imported(tree) & FORBIDDEN)
        for name, tree in _modules().items()
        if _imported(tree) & FORBIDDEN
    }
    assert offenders == {}


def test_no_geometry_module_is_async() -> None:
    asynchronous = sorted(
        name
        for name, tree in _modules().items()
        if any(isinstance(node, ast.AsyncFunctionDef | ast.Await) for node in ast.walk(tree))
    )
    assert asynchronous == []
