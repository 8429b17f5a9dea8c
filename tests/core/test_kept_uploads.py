import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from core.kept_uploads import MAX_AGE, keep, restore
from core.models import KeptUpload
from core.tasks import purge_kept_uploads

pytestmark = pytest.mark.django_db


def photo_with_gps(name="IMG_0001.jpg", image_format="JPEG") -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "orange")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif.get_ifd(0x8825)[2] = (22.0, 31.0, 0.0)  # GPSLatitude of Zhongshan
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, exif=exif, comment=b"evil.example")
    return SimpleUploadedFile(name, buffer.getvalue())


def media_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_kept_file_comes_back_from_its_token_as_the_same_picture():
    token = keep(photo_with_gps("cover.jpg"))

    kept = restore(token)

    assert kept.name == "cover.jpg"
    with Image.open(kept) as image:
        assert image.size == (40, 30)


def test_a_kept_file_has_no_metadata_and_is_named_after_its_real_format():
    kept = restore(keep(photo_with_gps("x.pdf", image_format="PNG")))

    assert kept.name == "x.png"
    content = kept.read()
    assert b"evil.example" not in content and b"Camera maker" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "PNG"
        assert dict(image.getexif()) == {}


def test_a_kept_file_is_stored_where_no_address_serves_it(client):
    keep(photo_with_gps())

    assert media_files() == []
    assert KeptUpload.objects.count() == 1


def test_a_file_that_is_not_an_image_is_not_kept():
    assert keep(SimpleUploadedFile("notes.pdf", b"%PDF-1.4 not an image")) is None
    assert not KeptUpload.objects.exists()


@pytest.mark.parametrize(
    "token", ["kept-uploads/../settings.py", "", "x" * 200, "a:b:c"]
)
def test_a_forged_token_is_refused(token):
    assert restore(token) is None


def test_a_token_is_refused_after_a_day():
    token = keep(photo_with_gps())

    with time_machine.travel(timezone.now() + MAX_AGE + datetime.timedelta(hours=1)):
        assert restore(token) is None


def test_stale_kept_files_are_purged_daily_and_fresh_ones_stay(capsys):
    keep(photo_with_gps("old.jpg"))
    with time_machine.travel(timezone.now() + MAX_AGE + datetime.timedelta(hours=1)):
        fresh_token = keep(photo_with_gps("fresh.jpg"))

        assert "core.tasks.purge_kept_uploads" in settings.CLUSTER_DAILY_TASKS
        assert purge_kept_uploads.call() == 1

        assert restore(fresh_token).name == "fresh.jpg"
        assert list(KeptUpload.objects.values_list("name", flat=True)) == ["fresh.jpg"]


def test_the_purge_deletes_files_left_in_the_media_storage(capsys):
    default_storage.save("kept-uploads/0123456789abcdef/IMG_0001.jpg", photo_with_gps())

    call_command("purge_kept_uploads")

    assert "Deleted 1 kept uploads" in capsys.readouterr().out
    assert media_files() == []
