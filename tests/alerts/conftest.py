import pytest


@pytest.fixture
def erp_dialect():
    """The alert tests need one real ERP only: the demo's SQLite file."""
    return "sqlite"
