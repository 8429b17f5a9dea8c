import importlib
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches
from django.utils import timezone
from PIL import Image, ImageCms
from pytest_django.asserts import assertContains, assertRedirects

import cluster_cms.urls
from news.models import Release

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part)
    }


@pytest.mark.parametrize("path", ["/", "/news/", "/no-such-page/", "/admin/login/"])
def test_every_page_sends_a_strict_content_security_policy(client, path):
    response = client.get(path)

    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]


def test_public_page_sends_no_nonce_it_does_not_use(client, release_factory):
    release = release_factory()

    response = client.get(release.get_absolute_url())

    assert csp_directives(response)["script-src"] == ["'self'"]


def test_admin_editor_import_map_carries_the_nonce_of_its_policy(
    admin_client, release_factory
):
    release = release_factory()

    response = admin_client.get(f"/admin/news/release/{release.pk}/change/")

    nonce_source = next(
        value
        for value in csp_directives(response)["script-src"]
        if value.startswith("'nonce-")
    )
    nonce = nonce_source.removeprefix("'nonce-").removesuffix("'")
    assertContains(response, f'<script type="importmap" nonce="{nonce}">')


def test_pages_forbid_framing_sniffing_and_cross_origin_openers(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def run_check_deploy(**environment: str) -> subprocess.CompletedProcess:
    """Run `manage.py check --deploy` in a fresh process with only these values."""
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "www.example.com",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_check_deploy(HTTPS="true", BEHIND_PROXY="true")

    assert "System check identified no issues" in result.stdout, result.stderr
    assert result.returncode == 0


def test_check_deploy_warns_when_https_is_not_declared():
    result = run_check_deploy()

    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012"]:
        assert warning in result.stderr


@pytest.fixture
def editor(db, settings):
    settings.AXES_ENABLED = True
    return get_user_model().objects.create_superuser(
        "editor", "editor@example.com", "the-right-password-1"
    )


def sign_in(client, password: str, address: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


def test_admin_login_locks_an_account_from_one_address_at_the_fifth_failure(
    client, editor
):
    for _attempt in range(4):
        response = sign_in(client, "a-wrong-guess", "203.0.113.9")
        assertContains(response, "Please enter the correct username and password")

    response = sign_in(client, "a-wrong-guess", "203.0.113.9")
    assertContains(response, "Too many failed sign-ins", status_code=429)
    response = sign_in(client, "the-right-password-1", "203.0.113.9")

    assertContains(response, "Too many failed sign-ins", status_code=429)
    # Tries during the lockout count too, right password or not.
    assert AccessAttempt.objects.get().failures_since_start == 6


def test_wrong_passwords_from_many_addresses_of_one_ipv6_64_lock_it(client, editor):
    # One subscriber holds the whole /64 and may use a new address for each try.
    for host in range(1, 13):
        response = sign_in(client, "a-wrong-guess", f"2001:db8:7:9::{host:x}")

    assertContains(response, "Too many failed sign-ins", status_code=429)
    response = sign_in(client, "the-right-password-1", "2001:db8:7:9:ffff::1")
    assertContains(response, "Too many failed sign-ins", status_code=429)
    # The next /64 is another subscriber.
    response = sign_in(client, "the-right-password-1", "2001:db8:7:a::1")
    assertRedirects(response, "/admin/", fetch_redirect_response=False)


def test_a_login_with_an_overlong_username_is_refused_and_counted(client, editor):
    # Axes logs the username in a 255-character column: PostgreSQL refused more.
    for _attempt in range(5):
        response = client.post(
            "/admin/login/", {"username": "x" * 300, "password": "a-wrong-guess"}
        )

    assertContains(response, "Too many failed sign-ins", status_code=429)
    assert AccessAttempt.objects.get().username == "x" * 255


def test_lockout_of_one_address_leaves_the_account_open_elsewhere(client, editor):
    for _attempt in range(5):
        sign_in(client, "a-wrong-guess", "203.0.113.9")

    response = sign_in(client, "the-right-password-1", "198.51.100.7")

    assertRedirects(response, "/admin/", fetch_redirect_response=False)


def test_lockout_counts_the_proxy_forwarded_address_behind_a_proxy(
    client, editor, settings
):
    settings.CLUSTER_TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "a-wrong-guess"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
        )

    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def photo_with_metadata() -> SimpleUploadedFile:
    """A 40x20 JPEG taken 'sideways': EXIF says rotate, and it has a GPS position."""
    image = Image.new("RGB", (40, 20), "orange")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show rotated 90°.
    exif[0x010F] = "Camera maker"
    gps = exif.get_ifd(0x8825)
    gps[2] = (22.0, 31.0, 0.0)  # GPSLatitude of Zhongshan
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("IMG_0001.JPG", buffer.getvalue())


def test_stored_upload_has_no_metadata_and_stands_upright(release_factory):
    release = release_factory(cover_image=photo_with_metadata(), cover_alt="A lamp")

    with Image.open(release.cover_image.path) as stored:
        assert dict(stored.getexif()) == {}
        assert stored.size == (20, 40)
    assert release.cover_image.name.startswith("releases/")
    assert "IMG_0001" not in release.cover_image.name


@override_settings(ROOT_URLCONF="tests.urls")
def test_uploads_are_served_as_images_browsers_will_not_sniff(
    client, release_factory, image_file
):
    release = release_factory(
        cover_image=image_file("cover.jpg", "PNG"), cover_alt="A lamp"
    )

    response = client.get(release.cover_image.url)

    assert release.cover_image.name.endswith(".png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_bucket_setting_sends_uploads_to_object_storage_and_allows_its_images():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.STORAGES['default']['BACKEND']); "
            "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        ],
        cwd=BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "cluster_cms.settings",
            "DEBUG": "true",
            "AWS_STORAGE_BUCKET_NAME": "cluster-media",
            "AWS_S3_ENDPOINT_URL": "https://oss-cn-shenzhen.aliyuncs.com",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    backend, img_src = result.stdout.splitlines()
    assert backend == "storages.backends.s3.S3Storage", result.stderr
    assert "https://cluster-media.oss-cn-shenzhen.aliyuncs.com" in img_src


def add_release_in_admin(admin_client, cover: SimpleUploadedFile):
    now = timezone.localtime()
    return admin_client.post(
        "/admin/news/release/add/",
        {
            # Each text field has an English and a Chinese column (modeltranslation).
            "title_en": "Night market lanterns",
            "title_zh_hans": "",
            "slug": "night-market-lanterns",
            "summary_en": "",
            "summary_zh_hans": "",
            "body_en": "<p>Lanterns.</p>",
            "body_zh_hans": "",
            "status": "published",
            "release_time_0": now.strftime("%Y-%m-%d"),
            "release_time_1": now.strftime("%H:%M:%S"),
            "category": "",
            "cover_image": cover,
            "cover_alt": "Red lanterns over a street",
        },
    )


def test_admin_refuses_a_page_disguised_as_an_image(admin_client):
    disguised = SimpleUploadedFile(
        "cover.jpg", b"<html><script>alert(document.cookie)</script></html>"
    )

    response = add_release_in_admin(admin_client, disguised)

    assertContains(response, "Upload a valid image.")
    assert not Release.objects.exists()


def test_admin_refuses_an_svg_even_named_as_a_png(admin_client):
    svg = SimpleUploadedFile(
        "cover.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    )

    response = add_release_in_admin(admin_client, svg)

    assertContains(response, "Upload a valid image.")
    assert not Release.objects.exists()


def test_admin_refuses_an_image_over_the_size_limit(admin_client, settings, image_file):
    settings.CLUSTER_IMAGE_MAX_BYTES = 1000

    response = add_release_in_admin(admin_client, image_file(size=(400, 300)))

    assertContains(response, "the limit is 1000")
    assert not Release.objects.exists()


def test_admin_refuses_an_image_with_too_many_pixels(
    admin_client, settings, image_file
):
    settings.CLUSTER_IMAGE_MAX_PIXELS = 100 * 100

    response = add_release_in_admin(admin_client, image_file(size=(200, 200)))

    assertContains(response, "This image has too many pixels.")
    assert not Release.objects.exists()


def test_admin_upload_is_stored_without_its_gps_position(admin_client):
    response = add_release_in_admin(admin_client, photo_with_metadata())

    assert response.status_code == 302
    stored = Release.objects.get().cover_image
    with Image.open(stored.path) as image:
        assert image.getexif().get_ifd(0x8825) == {}
        assert dict(image.getexif()) == {}


def test_https_redirect_spares_the_load_balancer_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.fixture
def admin_moved_to_backstage(settings):
    """The URL map as built with CLUSTER_ADMIN_PATH=backstage/."""
    settings.CLUSTER_ADMIN_PATH = "backstage/"
    importlib.reload(cluster_cms.urls)
    clear_url_caches()
    yield
    settings.CLUSTER_ADMIN_PATH = "admin/"
    importlib.reload(cluster_cms.urls)
    clear_url_caches()


def test_admin_can_be_moved_away_from_where_bots_probe(
    client, admin_moved_to_backstage
):
    assertContains(client.get("/backstage/login/"), "Log in")
    assert client.get("/admin/login/").status_code == 404


def test_a_jpeg_comment_does_not_survive_the_upload(release_factory):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(
        buffer, format="JPEG", comment=b"Answer it in the inbox: https://evil.example/"
    )
    upload = SimpleUploadedFile("lamp.jpg", buffer.getvalue())

    release = release_factory(cover_image=upload, cover_alt="A lamp")

    stored = Path(release.cover_image.path).read_bytes()
    assert b"evil.example" not in stored
    with Image.open(release.cover_image.path) as image:
        assert "comment" not in image.info


def media_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_1_by_40_million_pixel_png_is_refused_and_leaves_no_file(
    admin_client, settings
):
    buffer = io.BytesIO()
    Image.new("1", (1, 40_000_000)).save(buffer, format="PNG")
    strip = SimpleUploadedFile("strip.png", buffer.getvalue())

    response = add_release_in_admin(admin_client, strip)

    assertContains(response, "This image is 1 × 40000000 pixels; each side must be")
    assert not Release.objects.exists()
    assert media_files(settings) == []


@pytest.mark.parametrize(
    "size, error",
    [
        ((2000, 150), "one side may be at most 10 times as long as the other"),
        ((15, 15), "each side must be between 16 and 12000 pixels"),
        ((12001, 2000), "each side must be between 16 and 12000 pixels"),
    ],
)
def test_images_of_extreme_sides_or_shapes_are_refused_with_a_form_error(
    admin_client, settings, image_file, size, error
):
    response = add_release_in_admin(admin_client, image_file(size=size))

    assertContains(response, error)
    assert not Release.objects.exists()
    assert media_files(settings) == []


def test_a_wide_banner_within_the_ratio_is_accepted(admin_client, image_file):
    response = add_release_in_admin(admin_client, image_file(size=(2000, 200)))

    assert response.status_code == 302
    assert Release.objects.get().cover_image.width == 2000


def srgb_profile_with(payload: bytes) -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + payload


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP", "PNG"])
def test_a_colour_profile_is_not_stored_as_uploaded(release_factory, image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(
        buffer,
        format=image_format,
        icc_profile=srgb_profile_with(b"Answer it at https://evil.example/"),
    )
    upload = SimpleUploadedFile(f"lamp.{image_format.lower()}", buffer.getvalue())

    release = release_factory(cover_image=upload, cover_alt="A lamp")

    assert b"evil.example" not in Path(release.cover_image.path).read_bytes()
    with Image.open(release.cover_image.path) as stored:
        assert "icc_profile" not in stored.info
        red, green, blue = stored.convert("RGB").getpixel((20, 15))
    assert abs(red - 200) < 8 and abs(green - 120) < 8 and abs(blue - 40) < 8


def test_a_profile_that_cannot_be_read_is_dropped(release_factory):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(
        buffer,
        format="JPEG",
        icc_profile=b"not a profile at all, https://evil.example/",
    )
    upload = SimpleUploadedFile("lamp.jpg", buffer.getvalue())

    release = release_factory(cover_image=upload, cover_alt="A lamp")

    assert b"evil.example" not in Path(release.cover_image.path).read_bytes()
