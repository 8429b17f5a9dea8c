import pytest
from django.contrib.auth import get_user_model

from suppliers.models import Representative

PASSWORD = "lamp-shade-42-Guzhen"


@pytest.fixture
def account_factory(db):
    """A verified account of the supplier area (allauth's EmailAddress too)."""
    from allauth.account.models import EmailAddress

    def make(email: str, **overrides):
        user = get_user_model().objects.create_user(
            username=email, email=email, password=PASSWORD, **overrides
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def representative_factory(account_factory):
    def make(enterprise, email: str | None = None):
        user = account_factory(email or f"rep-{enterprise.pk}@firm.example.com")
        Representative.objects.create(user=user, enterprise=enterprise)
        return user

    return make


@pytest.fixture
def firm(enterprise_factory):
    return enterprise_factory(
        name="Bright Floodlight Works",
        slug="bright-floodlight-works",
        email="sales@bright.example.com",
        description="Floodlights since 1998.",
    )


@pytest.fixture
def other_firm(enterprise_factory):
    return enterprise_factory(name="Other Lamp Co", slug="other-lamp-co")


@pytest.fixture
def directory_staff(settings):
    settings.CLUSTER_DIRECTORY_RECIPIENTS = ["directory@cluster.example.com"]
    return settings.CLUSTER_DIRECTORY_RECIPIENTS
