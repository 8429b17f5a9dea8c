"""What a superuser reads in the Chinese admin: the groups and the lockouts."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def test_the_staff_groups_and_the_lockouts_read_in_chinese(admin_client, admin_user):
    index = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    user = admin_client.get(
        reverse("admin:auth_user_change", args=[admin_user.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    groups = admin_client.get(
        reverse("admin:auth_group_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assertContains(index, "登录锁定")
    assertNotContains(index, "Axes")
    for response in (user, groups):
        for name in ("新闻编辑", "留言处理员", "企业名录编辑", "网站编辑"):
            assertContains(response, name)
        assertNotContains(response, "news editor")
    assertNotContains(user, "After you’ve created a user")
