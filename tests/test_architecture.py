"""The package's layers only point down: read -> model -> check -> history -> content -> generate ->
engine -> post. A module imports its own layer or the ones before it, never one after; the import
graph has no cycle; no import hides inside a function; only the engine knows MkDocs; and nothing
anywhere changes sys.path. The checker is tried on a small package that breaks each rule, so that
it is known to catch what it looks for."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = "disclosure_site"
LAYERS = ["read", "model", "check", "history", "content", "generate", "engine", "post"]
# The importer turns text into data files: it may use what reads, models and checks them, nothing else.
IMPORTER_MAY_USE = {"read", "model", "check", "importer"}
ENGINE_PACKAGES = ("mkdocs", "mkdocs_macros", "material")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(root: Path) -> dict[str, list[tuple[str, int, bool]]]:
    """For each module of the package at `root`: (imported module, line, at module level) for every import."""
    graph = {}
    for path in sorted(root.rglob("*.py")):
        name = module_name(root, path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(alias.name, node.lineno, id(node) in top_level) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                found.append((base, node.lineno, id(node) in top_level))
                # `from disclosure_site.content import urls` imports the module disclosure_site.content.urls
                found += [(f"{base}.{alias.name}", node.lineno, id(node) in top_level) for alias in node.names]
        graph[name] = found
    return graph


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == PACKAGE else None


def violations(root: Path) -> list[str]:
    graph = imports_of(root)
    modules = set(graph)
    problems = []
    edges: dict[str, set[str]] = {name: set() for name in graph}
    for source, imported in graph.items():
        for target, line, top_level in imported:
            where = f"{source} line {line}"
            if target.split(".")[0] in ENGINE_PACKAGES and layer_of(source) != "engine":
                problems.append(f"{where}: only the engine may know MkDocs, but it imports {target}")
            if target not in modules or target == source:
                continue
            if not top_level:
                problems.append(f"{where}: imports {target} inside a function or class")
            edges[source].add(target)
            here, there = layer_of(source), layer_of(target)
            if here is None or there is None:
                continue
            if here == "importer" or there == "importer":
                if here == "importer" and there not in IMPORTER_MAY_USE:
                    problems.append(f"{where}: the importer may use read/model/check only, not {target}")
                elif here != "importer":
                    problems.append(f"{where}: {target} is the importer, which nothing else uses")
                continue
            if here not in LAYERS or there not in LAYERS:
                problems.append(f"{where}: {here if here not in LAYERS else there} is not a layer")
            elif LAYERS.index(there) > LAYERS.index(here):
                problems.append(f"{where}: reaches up from {here} to {there} ({target})")
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(edges)]
    return problems


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules that import each other (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group) + [sorted(group)[0]])

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_only_its_layers_and_each_points_down():
    root = ROOT / PACKAGE
    folders = {p.name for p in root.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders <= set(LAYERS) | {"importer"}, folders
    assert {p.name for p in root.glob("*.py")} == {"__init__.py"}  # every module lives in a layer
    assert violations(root) == []


def test_nothing_changes_the_import_path():
    offenders = []
    for folder in (PACKAGE, "tools", "bench", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if "sys.path" in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root, *[p for p in root.rglob("*") if p.is_dir()]]:
        (folder / "__init__.py").touch()
    return root


def test_the_checker_catches_a_cycle_an_upward_import_a_hidden_import_and_mkdocs_outside_the_engine(tmp_path):
    root = _package(tmp_path, {
        "model/site.py": "from disclosure_site.check import rules\n",
        "check/rules.py": "from disclosure_site.model.site import x\n",
        "read/load.py": "def f():\n    from disclosure_site.read import kinds\n",
        "read/kinds.py": "",
        "content/page.py": "import mkdocs.config\n",
        "importer/write.py": "from ..content import page\n",
    })
    found = "\n".join(violations(root))
    assert "reaches up from model to check" in found
    assert "import cycle: disclosure_site.check.rules -> disclosure_site.model.site -> disclosure_site.check.rules" in found
    assert "disclosure_site.read.load line 2: imports disclosure_site.read.kinds inside a function" in found
    assert "only the engine may know MkDocs" in found
    assert "the importer may use read/model/check only" in found
    clean = _package(tmp_path / "clean", {"read/kinds.py": "", "check/rules.py": "from disclosure_site.read import kinds\n"})
    assert violations(clean) == []
