import pytest
from pytest_django.asserts import assertContains

from enterprises.models import Enterprise, ExportMarket
from tests.support.commands import run

pytestmark = pytest.mark.django_db


def test_generate_demo_creates_enterprises_marked_as_synthetic(client):
    output = run("generate_demo", "--enterprises", "30")

    assert "Created 30 synthetic enterprises." in output
    assert Enterprise.objects.count() == 30
    assert not Enterprise.objects.filter(is_synthetic=False).exists()
    assert all(
        name.startswith("[Synthetic] ")
        for name in Enterprise.objects.values_list("name", flat=True)
    )
    assert not Enterprise.objects.exclude(credit_code="").exists()
    assert ExportMarket.objects.count() >= 30
    synthetic = Enterprise.objects.published().first()
    response = client.get(synthetic.get_absolute_url())
    assertContains(response, "Synthetic example, not a real enterprise")


def test_generate_demo_adds_after_what_is_there():
    run("generate_demo", "--enterprises", "5")
    run("generate_demo", "--enterprises", "5")

    assert Enterprise.objects.count() == 10


def test_loaddemo_twice_makes_forty_synthetic_enterprises_once():
    run("loaddemo")
    run("loaddemo")

    assert Enterprise.objects.filter(is_synthetic=True).count() == 40
    assert Enterprise.objects.count() == 40
