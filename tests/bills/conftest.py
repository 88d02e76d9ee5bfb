# The bills fixtures live in tests/conftest.py, shared with tests/api.
from tests.conftest import roll_call  # noqa: F401
