# The spreadsheet bounds are exercised through the directory's import, whose
# fixtures live with the directory's tests.
from tests.enterprises.conftest import check, confirm, import_file  # noqa: F401
