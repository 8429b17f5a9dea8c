import pytest
from django.contrib.auth.models import Group

from tests.test_admin_permissions import staff_groups  # noqa: F401 (the groups)


@pytest.fixture
def staff(django_user_model):
    """A staff member in the named groups (the groups' migrations made them)."""

    def make(username, *groups):
        user = django_user_model.objects.create_user(
            username, email=f"{username}@example.com", is_staff=True
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make


@pytest.fixture
def writer(staff):
    return staff("writer", "news editor", "site editor")


@pytest.fixture
def reviewer(staff):
    return staff("reviewer", "reviewer")
