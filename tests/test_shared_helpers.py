"""Tests share helpers through tests/support/ (and tests/fakes/, tests/bot/samples.py), never by
importing another test module or a conftest: a test module can be moved or deleted on its own."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported(tree: ast.Module) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def _is_test_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "tests" and any(
        part.startswith("test_") or part == "conftest" for part in parts[1:])


def test_no_test_module_or_conftest_is_imported() -> None:
    offenders = [
        f"{path.relative_to(TESTS.parent)} imports {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for name in _imported(ast.parse(path.read_text(encoding="utf-8")))
        if _is_test_module(name)
    ]
    assert offenders == [], "move the shared helper to tests/support/:\n" + "\n".join(offenders)


def test_the_check_sees_an_import_of_a_test_module() -> None:
    tree = ast.parse("from tests.api.test_officer_api import Clock\nimport tests.conftest\n"
                     "from tests.support.app import Clock\n")
    assert [n for n in _imported(tree) if _is_test_module(n)] == [
        "tests.api.test_officer_api", "tests.api.test_officer_api.Clock", "tests.conftest"]
