import pytest
from django.contrib.auth import get_user_model

from tests.support.commands import run

pytestmark = pytest.mark.django_db


def test_createadmin_prints_a_password_once_that_logs_in(client):
    first = run("createadmin")
    second = run("createadmin")

    password = first.split("password:")[1].split()[0]
    assert client.login(username="admin", password=password)
    assert "password" not in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
