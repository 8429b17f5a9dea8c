"""An import leaves every enterprise findable by the words of its lists, having
built each one's search index once."""

from collections import Counter

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from enterprises import resources
from enterprises.models import Enterprise
from search.engine import SearchIndexedModel
from tests.enterprises.test_import import csv_bytes

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("enterprises:enterprise_list")
# Five rows, in batches of two: two batches indexed during the import, the
# last row at its end.
ROWS = [
    "Amber Lamp Works,琥珀灯饰,,,古镇,Chandeliers,CCC,DE,no,yes",
    "Beryl Lamp Works,,,,henglan,Outdoor lighting,,FR,no,yes",
    "Coral Lamp Works,,,,guzhen,Smart lighting,UL,,no,yes",
    "Dune Lamp Works,,,,guzhen,Light sources,,,no,yes",
    "Ember Lamp Works,,,,guzhen,Emergency lighting,CE,US,no,yes",
]


@pytest.fixture
def index_builds(monkeypatch):
    """Each enterprise whose search index is built, once per build."""
    builds = Counter()
    build = SearchIndexedModel.update_search_index

    def counted(self):
        if isinstance(self, Enterprise):
            builds[self.name] += 1
        build(self)

    monkeypatch.setattr(SearchIndexedModel, "update_search_index", counted)
    monkeypatch.setattr(resources, "INDEX_BATCH", 2)
    return builds


def found(client, query) -> list[str]:
    page = client.get(DIRECTORY, {"q": query})
    assert page.status_code == 200
    return sorted(card.enterprise.name for card in page.context["page_obj"].object_list)


def test_an_import_builds_each_enterprise_s_index_once_after_its_lists(
    client, check, confirm, index_builds
):
    preview = check(csv_bytes(ROWS))
    # The check is rolled back: nothing of it is indexed.
    assert index_builds == Counter()

    confirm(preview)

    names = [row.split(",")[0] for row in ROWS]
    assert index_builds == Counter(names)
    assert Enterprise.objects.count() == 5
    # Found by the words of their product categories, certifications and
    # towns, in English and Chinese, which were saved after the rows themselves.
    assert found(client, "吊灯") == ["Amber Lamp Works"]
    assert found(client, "中国强制性产品认证") == ["Amber Lamp Works"]
    assert found(client, "outdoor") == ["Beryl Lamp Works"]
    assert found(client, "横栏") == ["Beryl Lamp Works"]
    assert found(client, "智能照明") == ["Coral Lamp Works"]
    assert found(client, "UL") == ["Coral Lamp Works"]
    assert found(client, "光源") == ["Dune Lamp Works"]
    assert found(client, "emergency CE") == ["Ember Lamp Works"]


def test_a_reimport_indexes_the_new_lists_and_forgets_the_old(
    client, import_file, index_builds
):
    import_file(csv_bytes(ROWS[:2]))
    index_builds.clear()

    import_file(csv_bytes([ROWS[0].replace("Chandeliers", "Ceiling lights")]))

    assert index_builds == Counter({"Amber Lamp Works": 1})
    assert found(client, "吸顶灯") == ["Amber Lamp Works"]
    assert found(client, "吊灯") == []


def test_an_editor_s_change_of_lists_outside_imports_is_indexed_at_once(
    admin_client, client, import_file
):
    import_file(csv_bytes(ROWS[:1]))
    amber = Enterprise.objects.get(name="Amber Lamp Works")

    amber.categories.set([])
    amber.certifications.set([])

    assert found(client, "吊灯") == []
    assertNotContains(client.get(DIRECTORY, {"q": "CCC"}), "Amber Lamp Works")
    assertContains(client.get(DIRECTORY, {"q": "古镇"}), "Amber Lamp Works")
