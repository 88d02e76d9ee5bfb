import pytest
from django.db import connection
from django.utils import translation


@pytest.fixture(autouse=True)
def _kazakh_by_default():
    # Content columns are filled from the active language, as they are in a request.
    with translation.override("kk"):
        yield


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)")


@pytest.fixture
def postgresql_transactional(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)")
