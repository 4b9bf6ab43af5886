"""``importer/erp`` is a leaf: it imports nothing of Django or of syncadmin's apps.

It receives plain connection settings (password decrypted, timeouts given) and only the
adapter imports pyodbc (DESIGN.md, "the ERP adapter (the only module that imports pyodbc)").
"""

import ast
from pathlib import Path

import pytest

ERP = Path(__file__).resolve().parents[2] / "importer" / "erp"
FORBIDDEN = ("django", "operators", "harmonogramy", "syncadmin")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(ERP.glob("*.py")), ids=lambda p: p.name)
def test_the_erp_package_imports_nothing_of_django_or_the_apps(path):
    for name in _imports(path):
        assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
        if name.startswith("importer"):
            assert name.startswith("importer.erp"), f"{path.name} imports {name}"


def test_only_the_adapter_imports_pyodbc():
    users = [p.name for p in ERP.glob("*.py") if "pyodbc" in _imports(p)]
    assert users == ["adapter.py"]
