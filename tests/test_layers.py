"""The layering rule, checked by walking every module's imports.

Data flows read -> rules -> layout -> xlsx. xlsx/ turns sheet specs into bytes
and must import nothing outside xlsx/ but errors; rules/ holds the pure model and
rules and must not import read/, layout/, mail/, a workflow, or xlsx/ beyond
the pure cell-reference and serial-date module xlsx/refs.py.
"""

import ast
from pathlib import Path

import ragbook

PACKAGE = Path(ragbook.__file__).parent

WORKFLOWS = {
    "plan",
    "split",
    "collect",
    "closing",
    "send",
    "addrefs",
    "template",
    "demo",
    "board",
    "frames",
    "cli",
    "addin",
}


def module_name(path, root=PACKAGE):
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(dotted, root):
    path = root.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path, root=PACKAGE):
    """Every ragbook module `path` imports, as dotted names (ragbook.x.y)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                # `from ..read import sections` imports the module read.sections
                sub = f"{target}.{alias.name}"
                found.add(sub if is_module(sub, root) else target)
    return {f for f in found if f == "ragbook" or f.startswith("ragbook.")}


def leaks(layer, allowed):
    out = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for target in sorted(imports(path)):
            if not allowed(target):
                out.append(f"{module_name(path)} -> {target}")
    return out


def test_imports_are_read_the_way_python_reads_them(tmp_path):
    package = tmp_path / "ragbook" / "rules"
    package.mkdir(parents=True)
    (tmp_path / "ragbook" / "__init__.py").write_text("")
    (package / "dates.py").write_text("")
    (tmp_path / "ragbook" / "read").mkdir()
    (tmp_path / "ragbook" / "read" / "sections.py").write_text("")
    module = package / "probe.py"
    module.write_text(
        "from ..read import sections\nfrom . import dates\n"
        "from ..xlsx.cells import parse\nimport ragbook.layout.tracker\n"
        "import os\n"
    )
    assert imports(module, root=tmp_path / "ragbook") == {
        "ragbook.read.sections",
        "ragbook.rules.dates",
        "ragbook.xlsx.cells",
        "ragbook.layout.tracker",
    }


def test_xlsx_imports_nothing_outside_xlsx_but_errors():
    def allowed(target):
        return target.startswith("ragbook.xlsx") or target == "ragbook.errors"

    found = leaks("xlsx", allowed)
    assert not found, "\n".join(found)


def test_rules_import_no_reader_layout_mail_workflow_or_xlsx_beyond_refs():
    def allowed(target):
        if target == "ragbook.errors" or target.startswith("ragbook.rules"):
            return True
        return target == "ragbook.xlsx.refs"

    found = leaks("rules", allowed)
    assert not found, "\n".join(found)
