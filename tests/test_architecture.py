"""The layout holds: the pages and ui.py sit above the analysis package, every setting is documented, and only
the configuration module reads the environment."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from analysis import config

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "pages").glob("*.py"))


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_pages_import_neither_each_other_nor_the_entry_point():
    assert PAGES
    for page in PAGES:
        imported = _imports(page)
        assert not {m for m in imported if m == "pages" or m.startswith("pages.")}, page.name
        assert "dashboard" not in imported, page.name


def test_ui_imports_no_page_and_analysis_imports_no_dashboard_module():
    assert not {m for m in _imports(ROOT / "ui.py") if m.startswith("pages") or m == "dashboard"}
    for module in (ROOT / "analysis").rglob("*.py"):
        imported = _imports(module)
        assert not imported & {"ui", "dashboard", "streamlit"}, module


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    configuration = readme[readme.index("## Configuration"):]
    configuration = configuration[:configuration.index("\n## ", 1)]
    for setting in config.SETTINGS:
        assert f"`{setting.env}`" in configuration, setting.env


def test_only_the_settings_registry_reads_the_environment():
    readers = set()
    for module in (ROOT / "analysis").rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        if re.search(r"os\.environ\.get|os\.getenv|environ\[", text):
            readers.add(module.relative_to(ROOT).as_posix())
    # the benchmark harness passes the environment on to the server it starts; it reads no setting
    assert readers <= {"analysis/config.py", "analysis/tools/harness.py"}, readers


def test_settings_have_unique_names_and_variables():
    names = [s.name for s in config.SETTINGS]
    variables = [s.env for s in config.SETTINGS]
    assert len(set(names)) == len(names) and len(set(variables)) == len(variables)
    assert all(s.help and s.env.isupper() for s in config.SETTINGS)


def test_modules_stay_small_enough_to_read():
    for module in (ROOT / "analysis").rglob("*.py"):
        lines = len(module.read_text(encoding="utf-8").splitlines())
        assert lines <= 600, f"{module.relative_to(ROOT)} has {lines} lines"
    glue = len((ROOT / "ui.py").read_text(encoding="utf-8").splitlines())
    assert glue <= 500, f"ui.py has {glue} lines: give a page its own view, or the plain rules to analysis"


def test_every_page_draws_its_own_view():
    for page in PAGES:
        tree = ast.parse(page.read_text(encoding="utf-8"))
        calls = {node.func.value.id for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                 and isinstance(node.func.value, ast.Name)}
        assert calls - {"ui"}, f"{page.name} only calls into ui"
