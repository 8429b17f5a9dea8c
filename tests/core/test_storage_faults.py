"""A media disk that is full or read-only loses no edit: the form comes back."""

import errno
import os
import shutil
import subprocess

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertContains

from news.models import Release
from tests.news.test_admin import CHINESE, chinese_only_form, release_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "editor", password="unused", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="news editor"))
    client.force_login(editor)
    return client


def refusing_storage(settings, code: int) -> None:
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "tests.support.storages.RefusingStorage",
            "OPTIONS": {"code": code, "location": str(settings.MEDIA_ROOT)},
        }
    }


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_disk_gives_the_edit_back_unsaved(
    editor_client, release_factory, image_file, settings, code
):
    release = release_factory(title="The fair opens", slug="the-fair-opens")
    refusing_storage(settings, code)
    typed = release_form(
        title_en="The autumn fair opens in Guzhen",
        slug="the-fair-opens",
        summary_en="Buyers from 40 countries came on the first day.",
        cover_image=image_file("cover.jpg"),
        cover_alt="The entrance of the fair",
    )

    response = editor_client.post(
        reverse("admin:news_release_change", args=[release.pk]), typed
    )

    assertContains(response, "Nothing was saved: the file storage is full")
    for field in ("title_en", "cover_alt"):
        assertContains(response, f'value="{typed[field]}"')
    assertContains(response, "“cover.jpg”")  # kept for the next save
    assertContains(response, f"\n{typed['summary_en']}</textarea>")
    release.refresh_from_db()
    assert release.title == "The fair opens"
    assert not release.cover_image


def test_a_chinese_editor_is_told_in_chinese(editor_client, image_file, settings):
    refusing_storage(settings, errno.ENOSPC)

    response = editor_client.post(
        reverse("admin:news_release_add"),
        chinese_only_form(cover_image=image_file("cover.jpg"), cover_alt="灯博会入口"),
        headers=CHINESE,
    )

    assertContains(response, "没有保存任何内容")
    assertContains(response, 'value="古镇灯饰博览会开幕"')
    assert not Release.objects.exists()


@pytest.fixture
def read_only_media(settings, tmp_path):
    """MEDIA_ROOT a real directory nobody may write to, root included."""
    folder = tmp_path / "read-only-media"
    folder.mkdir()
    settings.MEDIA_ROOT = folder
    if os.geteuid() == 0:
        # Root ignores permissions; an immutable directory stops it too.
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", folder]).returncode:
            pytest.skip("chattr +i is not available to make a directory read-only")
        yield folder
        subprocess.run([chattr, "-i", folder], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)


def test_a_real_read_only_media_directory_gives_the_edit_back_unsaved(
    editor_client, image_file, read_only_media
):
    response = editor_client.post(
        reverse("admin:news_release_add"),
        release_form(cover_image=image_file("cover.jpg"), cover_alt="The entrance"),
    )

    assertContains(response, "Nothing was saved: the file storage is full")
    assertContains(response, 'value="Guzhen lighting fair opens"')
    assert not Release.objects.exists()
    assert not list(read_only_media.iterdir())
