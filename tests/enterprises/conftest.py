"""Fixtures shared by the directory's spreadsheet tests."""

import pytest

from tests.enterprises.test_import import check_file, confirm_import, import_spreadsheet


@pytest.fixture
def check(admin_client, run_tasks):
    return lambda content, **kwargs: check_file(
        admin_client, run_tasks, content, **kwargs
    )


@pytest.fixture
def confirm(admin_client, run_tasks):
    return lambda preview: confirm_import(admin_client, run_tasks, preview)


@pytest.fixture
def import_file(admin_client, run_tasks):
    return lambda content, **kwargs: import_spreadsheet(
        admin_client, run_tasks, content, **kwargs
    )
