"""What a delete takes, listed before the editor confirms it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


def test_the_delete_summary_links_each_row_after_the_readers_colon(
    admin_client, release_factory
):
    release = release_factory(title="Fair <b>opens</b>")
    url = reverse("admin:news_release_delete", args=[release.pk])
    change = reverse("admin:news_release_change", args=[release.pk])

    english = admin_client.get(url)
    chinese = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")

    row = f'<a href="{change}">Fair &lt;b&gt;opens&lt;/b&gt;</a>'
    assertContains(english, f"<li>Release: {row}</li>", html=True)
    assertContains(chinese, f"<li>新闻稿：{row}</li>", html=True)
