import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from pytest_django.asserts import assertContains

from contact.models import Message
from enterprises.models import Enterprise
from news.models import Release

# A backup copies committed data, as it would on a running site.
pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_and_restore_bring_back_enterprises_messages_and_logos(
    client, tmp_path, enterprise_factory, message_factory, image_file
):
    firm = enterprise_factory(
        name="Guzhen Lamp Works", logo=image_file("logo.png", "PNG", color="blue")
    )
    logo_name, logo_bytes = firm.logo.name, default_storage.open(firm.logo.name).read()
    message_factory(name="A buyer from Lagos", body="Do you make LED panels?")
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    firm.logo.delete(save=False)
    firm.delete()
    Message.objects.all().delete()
    call_command("restore", str(archive), "--noinput", verbosity=0)

    restored = Enterprise.objects.get(name="Guzhen Lamp Works")
    assert restored.logo.name == logo_name
    assert default_storage.open(logo_name).read() == logo_bytes
    assert Message.objects.get().body == "Do you make LED panels?"
    assertContains(client.get(restored.get_absolute_url()), "Guzhen Lamp Works")


def test_backup_and_restore_bring_back_releases_and_their_images(
    client, tmp_path, release_factory, category_factory, image_file
):
    category = category_factory(name="Trade fairs")
    kept = release_factory(
        title="Lighting fair in Guzhen",
        category=category,
        cover_image=image_file("fair.png", "PNG", color="red"),
        cover_alt="The fair's main hall",
    )
    cover_name = kept.cover_image.name
    cover_bytes = default_storage.open(cover_name).read()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    kept.cover_image.delete(save=False)
    kept.delete()
    release_factory(title="Written after the backup")
    call_command("restore", str(archive), "--noinput", verbosity=0)

    restored = Release.objects.get(title="Lighting fair in Guzhen")
    assert restored.category.name == "Trade fairs"
    assert restored.cover_image.name == cover_name
    assert default_storage.open(cover_name).read() == cover_bytes
    assert not Release.objects.filter(title="Written after the backup").exists()
    assertContains(client.get(restored.get_absolute_url()), "Lighting fair in Guzhen")


def test_backup_holds_the_database_and_each_media_file(
    tmp_path, release_factory, image_file
):
    release = release_factory(cover_image=image_file(), cover_alt="A lamp")
    archive = tmp_path / "site.tar.gz"

    call_command("backup", str(archive), verbosity=0)

    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "manifest.json" in names
    assert {"database.sqlite3", "database.pgdump"} & set(names)
    assert f"media/{release.cover_image.name}" in names
    assert f"media/{release.cover_card.name}" in names


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    with tarfile.open(not_a_backup, "w:gz"):
        pass

    with pytest.raises(CommandError, match="not a backup made by"):
        call_command("restore", str(not_a_backup), "--noinput")


def test_restore_asks_before_replacing_anything(tmp_path, release_factory, monkeypatch):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    release_factory(title="Still here")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive))

    assert Release.objects.filter(title="Still here").exists()
