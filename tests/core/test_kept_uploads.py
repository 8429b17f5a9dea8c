import datetime
import os

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from core.kept_uploads import MAX_AGE, keep, restore


def test_a_kept_file_comes_back_whole_from_its_token():
    token = keep(SimpleUploadedFile("cover.jpg", b"JPEG bytes"))

    kept = restore(token)

    assert kept.name == "cover.jpg"
    assert kept.read() == b"JPEG bytes"


def test_a_token_for_another_path_is_refused():
    assert restore("kept-uploads/../settings.py") is None


def test_stale_kept_files_are_purged_and_fresh_ones_stay(capsys):
    old = restore(keep(SimpleUploadedFile("old.jpg", b"old")))
    fresh_token = keep(SimpleUploadedFile("fresh.jpg", b"fresh"))
    path = default_storage.path(
        next(
            f"kept-uploads/{folder}/old.jpg"
            for folder in default_storage.listdir("kept-uploads")[0]
            if default_storage.exists(f"kept-uploads/{folder}/old.jpg")
        )
    )
    stale = (timezone.now() - MAX_AGE - datetime.timedelta(hours=1)).timestamp()
    os.utime(path, (stale, stale))

    call_command("purge_kept_uploads")

    assert "Deleted 1 kept uploads" in capsys.readouterr().out
    assert old is not None
    assert restore(fresh_token).read() == b"fresh"
