"""Uploads in S3-compatible object storage (django-storages), as several app
servers share them, against a real S3 server the tests start (moto's)."""

import io
import json
import urllib.request

import boto3
import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from moto.server import ThreadedMotoServer
from PIL import Image
from pytest_django.asserts import assertContains, assertRedirects

from news.models import Release
from tests.news.test_admin import release_form
from tests.support import processes

BUCKET = "cluster-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free local port, for the module's tests."""
    port = processes.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint, settings, monkeypatch):
    """An empty bucket, made the site's media storage; a client to look into it."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # Pages link to files by their public URL: the bucket lets anyone read them,
    # as docs/deploy.md has it set up.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "storages.backends.s3.S3Storage"}
    }
    yield client
    bucket = boto3.resource(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1"
    ).Bucket(BUCKET)
    bucket.objects.all().delete()
    bucket.delete()


def keys(client) -> set[str]:
    listed = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listed.get("Contents", [])}


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers["Content-Type"], response.read()


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "editor", password="unused", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="news editor"))
    client.force_login(editor)
    return client


@pytest.mark.django_db
def test_a_cover_uploaded_in_the_admin_is_stored_and_shown_from_the_bucket(
    s3, editor_client, client, image_file
):
    response = editor_client.post(
        reverse("admin:news_release_add"),
        release_form(
            cover_image=image_file("cover.jpg", size=(1600, 900)),
            cover_alt="The fair's entrance",
        ),
    )

    assertRedirects(response, reverse("admin:news_release_changelist"))
    release = Release.objects.get()
    assert release.cover_image.name in keys(s3)
    # The renditions pages show are made when the cover is saved, in the bucket.
    assert {release.cover_card.name, release.cover_large.name} <= keys(s3)
    large = release.cover_large.url
    assert large.startswith(f"{default_storage.endpoint_url}/{BUCKET}/")
    page = client.get(release.get_absolute_url())
    assertContains(page, f'<img class="img-fluid" src="{large}"', html=False)
    assertContains(page, f'<meta property="og:image" content="{large}">', html=True)
    content_type, content = fetch(large)
    assert content_type == "image/jpeg"
    assert Image.open(io.BytesIO(content)).size == (1200, 675)


@pytest.mark.django_db
def test_a_deleted_release_keeps_its_cover_in_the_bucket_for_recovery(
    s3, editor_client, client, release_factory, image_file
):
    release = release_factory(cover_image=image_file(), cover_alt="A lamp")
    cover = release.cover_image.name

    response = editor_client.post(
        reverse("admin:news_release_delete", args=[release.pk]), {"post": "yes"}
    )

    assertRedirects(response, reverse("admin:news_release_changelist"))
    assert client.get(release.get_absolute_url()).status_code == 404
    assert cover in keys(s3)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_bring_back_a_release_and_its_cover_in_the_bucket(
    s3, tmp_path, release_factory, image_file
):
    release = release_factory(
        title="Lighting fair in Guzhen",
        cover_image=image_file("fair.png", "PNG", color="red"),
        cover_alt="The main hall",
    )
    cover = release.cover_image.name
    cover_bytes = s3.get_object(Bucket=BUCKET, Key=cover)["Body"].read()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    release.cover_image.delete(save=False)
    release.delete()
    s3.put_object(Bucket=BUCKET, Key="releases/after-the-backup.jpg", Body=b"x")
    call_command("restore", str(archive), "--noinput", verbosity=0)

    restored = Release.objects.get(title="Lighting fair in Guzhen")
    assert restored.cover_image.name == cover
    assert s3.get_object(Bucket=BUCKET, Key=cover)["Body"].read() == cover_bytes
    assert "releases/after-the-backup.jpg" not in keys(s3)
