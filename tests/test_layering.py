"""The apps import one way, along the data path (issue "A house a maintainer can live in").

operators and harmonogramy answer "who" and "when"; the importer does the work; syncadmin
shows it. So: operators imports none of the others, harmonogramy only operators, the
importer harmonogramy and operators, syncadmin any. ``importer.erp`` is the leaf every app
may use (it imports nothing of Django or the apps: tests/erp/test_leaf.py). Migrations are
left out (Django writes their imports).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("operators", "harmonogramy", "importer", "syncadmin")
ALLOWED = {
    "operators": {"operators"},
    "harmonogramy": {"harmonogramy", "operators"},
    "importer": {"importer", "harmonogramy", "operators"},
    "syncadmin": set(APPS),
}


def _imported_apps(path: Path) -> set[tuple[str, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in APPS and not name.startswith("importer.erp"):
                found.add((top, name))
    return found


@pytest.mark.parametrize("app", APPS)
def test_imports_between_apps_go_one_way(app):
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for top, name in _imported_apps(path):
            if top not in ALLOWED[app]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []
