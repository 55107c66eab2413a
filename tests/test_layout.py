"""The layout shows the architecture (docs/design.md, "Layers"): the library never
imports the command line's tools (click, rich), the batch package's modules import
each other in one direction only, and the parts rules are made of are kept by topic,
each module reading only the view (never the assessment). Read from the source with
ast, so an import inside a function or under ``if TYPE_CHECKING:`` counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "triage"
CLI_ONLY = ("click", "rich")  # cli.py draws and parses; triage/ is the library
# triage/batch/ in import order: each module may import only the ones before it.
BATCH_ORDER = ("read", "evaluate", "score", "workers", "summary", "run")
# triage/rules/parts/: the view every part is built on, then one module per topic.
PARTS_TOPICS = ("count", "temperature", "risk", "medicines", "symptoms", "conclusions")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in a file, however deep in it; relative imports
    are resolved against the file's package."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join((*base, *(node.module or "").split("."))).strip(".")
            found.append((node.lineno, module))
            # `from triage.batch import read` imports the module triage.batch.read
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


LIBRARY_FILES = sorted(LIBRARY.rglob("*.py"))


@pytest.mark.parametrize(
    "path", LIBRARY_FILES, ids=[str(p.relative_to(LIBRARY)) for p in LIBRARY_FILES]
)
def test_the_library_imports_neither_click_nor_rich(path: Path) -> None:
    wrong = sorted(
        {
            f"{path.relative_to(ROOT)}:{line} imports {module.split('.')[0]}"
            for line, module in imported_modules(path)
            if module.split(".")[0] in CLI_ONLY
        }
    )
    assert not wrong, "the library must not import the CLI's tools: " + "; ".join(wrong)


def test_the_batch_modules_import_each_other_in_one_direction() -> None:
    package = LIBRARY / "batch"
    assert sorted(p.stem for p in package.glob("*.py")) == sorted(("__init__", *BATCH_ORDER))
    for position, name in enumerate(BATCH_ORDER):
        allowed = {f"triage.batch.{earlier}" for earlier in BATCH_ORDER[:position]}
        for line, module in imported_modules(package / f"{name}.py"):
            if module == "triage.batch" or module.startswith("triage.batch."):
                assert module in allowed or module.rsplit(".", 1)[0] in allowed, (
                    f"triage/batch/{name}.py:{line} imports {module}: a module may import "
                    f"only {', '.join(BATCH_ORDER[:position]) or 'nothing'} of the package"
                )


def test_the_batch_package_names_every_module_in_its_docstring() -> None:
    import triage.batch

    assert triage.batch.__doc__ is not None
    for name in BATCH_ORDER:
        assert f"{name}.py" in triage.batch.__doc__


def test_the_parts_are_kept_by_topic_and_read_only_the_view() -> None:
    package = LIBRARY / "rules" / "parts"
    assert sorted(p.stem for p in package.glob("*.py")) == sorted(
        ("__init__", "view", *PARTS_TOPICS)
    )
    for name in ("view", *PARTS_TOPICS):
        allowed = {"triage.rules.parts.view"} if name != "view" else set()
        for line, module in imported_modules(package / f"{name}.py"):
            if module.startswith("triage.rules.parts"):
                assert module in allowed or module.rsplit(".", 1)[0] in allowed, (
                    f"triage/rules/parts/{name}.py:{line} imports {module}: a part module "
                    "may import only the view"
                )


@pytest.mark.parametrize("name", ["__init__", "view", *PARTS_TOPICS])
def test_the_parts_never_import_the_assessment(name: str) -> None:
    # A check reads a CaseView built from the case and the facts, not from a Run.
    path = LIBRARY / "rules" / "parts" / f"{name}.py"
    wrong = [line for line, module in imported_modules(path) if module == "triage.assessment"]
    assert not wrong, f"triage/rules/parts/{name}.py:{wrong} imports triage.assessment"


def test_the_parts_package_names_every_module_and_exports_every_part() -> None:
    import importlib

    from triage.rules import parts

    assert parts.__doc__ is not None
    for name in ("view", *PARTS_TOPICS):
        assert f"{name}.py" in parts.__doc__
        module = importlib.import_module(f"triage.rules.parts.{name}")
        public = {
            key
            for key, value in vars(module).items()
            if not key.startswith("_") and getattr(value, "__module__", None) == module.__name__
        }
        assert public <= set(parts.__all__), sorted(public - set(parts.__all__))
        assert all(getattr(parts, key) is getattr(module, key) for key in public)
