"""The import graph of src/needlesim follows the layers docs/architecture.md states: no
cycles, no import up the table, imports inside functions only where the page lists them."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "needlesim"
PAGE = ROOT / "docs" / "architecture.md"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """(imported module, inside a function) of every import that runs (not TYPE_CHECKING)."""
    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    yield from walk(other, in_function)
                continue
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for alias in child.names:
                    yield f"{child.module}.{alias.name}", child.module, inside
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, alias.name, inside
            yield from walk(child, inside)
    yield from walk(tree, False)


def import_graph():
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    in_functions: dict[str, int] = {}
    for name, path in modules.items():
        for full, module, inside in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = full if full in modules else module
            if not target.startswith("needlesim") or target not in modules:
                continue
            if target != name:
                edges[name].add(target)
            if inside:
                in_functions[name] = in_functions.get(name, 0) + 1
    return modules, edges, in_functions


def _unit(module: str) -> str:
    """The unit the layer table names: a sub-package or a top-level module."""
    parts = module.split(".")
    return "needlesim" if len(parts) == 1 else parts[1].removesuffix(".py")


def layers_from_page() -> dict[str, int]:
    out = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*(\d+)\s*\|(.*?)\|", line)
        if match:
            for name in re.findall(r"`([\w.]+)`", match.group(2)):
                out[name] = int(match.group(1))
    return out


def allowed_function_imports() -> set[str]:
    text = PAGE.read_text(encoding="utf-8")
    block = text.split("<!-- function-imports -->")[1].split("<!-- /function-imports -->")[0]
    return {name for name in re.findall(r"`([\w/]+\.py)`", block)}


def test_no_import_cycles():
    _, edges, _ = import_graph()
    try:
        tuple(TopologicalSorter(edges).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_every_unit_has_a_layer_and_no_import_runs_up():
    _, edges, _ = import_graph()
    layers = layers_from_page()
    missing = sorted({_unit(m) for m in edges} - set(layers))
    assert not missing, f"docs/architecture.md gives no layer to {missing}"
    upward = sorted(f"{a} (layer {layers[_unit(a)]}) imports {b} (layer {layers[_unit(b)]})"
                    for a, targets in edges.items() for b in targets
                    if layers[_unit(b)] > layers[_unit(a)])
    assert not upward, "\n".join(upward)


def test_imports_inside_functions_only_where_the_page_lists_them():
    modules, _, in_functions = import_graph()
    allowed = allowed_function_imports()
    relative = {m: modules[m].relative_to(PACKAGE).as_posix() for m in in_functions}
    extra = sorted(f"{relative[m]} ({n})" for m, n in in_functions.items()
                   if relative[m] not in allowed)
    assert not extra, "imports inside functions outside the listed modules:\n" + "\n".join(extra)


def test_the_check_finds_a_cycle_and_an_upward_import(tmp_path, monkeypatch):
    """The graph code is not vacuous: a planted cycle and an upward import are found."""
    edges = {"needlesim.a": {"needlesim.b"}, "needlesim.b": {"needlesim.a"}}
    with pytest.raises(CycleError):
        tuple(TopologicalSorter(edges).static_order())
    tree = ast.parse("from needlesim.cli import main\n\ndef f():\n    import needlesim.web\n")
    found = [(full, inside) for full, _, inside in _imports(tree)]
    assert found == [("needlesim.cli.main", False), ("needlesim.web", True)]
    layers = layers_from_page()
    assert layers["cli"] > layers["scenario"] and layers["outcomes"] > layers["healing"]
