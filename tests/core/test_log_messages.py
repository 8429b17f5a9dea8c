"""The history's messages read in the reader's language, column names included."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.support.forms import submitted_fields

pytestmark = pytest.mark.django_db


def test_the_history_names_each_languages_column_in_chinese(
    admin_client, release_factory, category_factory
):
    release = release_factory(title="Fair opens")
    category = category_factory(name="Fairs")
    for obj, changes in [
        (release, {"title_zh_hans": "博览会开幕", "body_zh_hans": "<p>开幕。</p>"}),
        (category, {"name_zh_hans": "展会"}),
    ]:
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        fields = submitted_fields(admin_client.get(url), f"{opts.model_name}_form")
        assert admin_client.post(url, fields | changes).status_code == 302

    for obj in (release, category):
        opts = obj._meta
        history = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
        assertContains(history, "（简体中文）")
        assertNotContains(history, "Simplified Chinese")
        assertNotContains(history, "[")
