import asyncio
import datetime
import io
import itertools
import os
import shutil
import signal
import subprocess
import threading
from email import message_from_bytes

import pytest
from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from caching import shared
from contact.models import Message
from news.models import Category, Release
from tests.support import processes
from tests.support.tasks import worker_running_due_tasks

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _own_media_and_empty_cache(settings, tmp_path):
    """Each test starts with an empty cache and its own media folder, never var/media.

    Everything else tests change is in cluster_cms/settings_test.py.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    for alias in settings.CACHES:
        caches[alias].clear()
    # As a fresh process: the site version's row comes back with each test.
    shared.forget_all()


@pytest.fixture
def image_file():
    """Make an in-memory upload of a real image."""

    def make(name="photo.jpg", image_format="JPEG", size=(800, 600), color="orange"):
        buffer = io.BytesIO()
        Image.new("RGB", size, color).save(buffer, format=image_format)
        return SimpleUploadedFile(name, buffer.getvalue())

    return make


@pytest.fixture
def review_off(db):
    """A one-person site: every save of a release or page goes live at once.

    For tests of writing itself; tests/review/ tries the review step, which a
    fresh site has on.
    """
    from pages.models import SiteSettings

    SiteSettings.objects.update_or_create(
        pk=SiteSettings.singleton_instance_id,
        defaults={"is_review_required": False},
    )


@pytest.fixture
def category_factory(db):
    def make(**overrides):
        number = next(_sequence)
        fields = {"name": f"Category {number}", "slug": f"category-{number}"}
        # `name=` fills the active language's column: make that English.
        with translation.override("en"):
            return Category.objects.create(**fields | overrides)

    return make


@pytest.fixture
def release_factory(db):
    def make(**overrides):
        number = next(_sequence)
        fields = {
            "title": f"Release number {number}",
            "slug": f"release-{number}",
            "summary": f"Summary of release {number}.",
            "body": f"<p>Body of release {number}.</p>",
            "release_time": timezone.now() - datetime.timedelta(days=1),
            "status": Release.Status.PUBLISHED,
        }
        # `title=` and friends fill the active language's columns: make that
        # English; a Chinese text is given as `title_zh_hans=`.
        with translation.override("en"):
            return Release.objects.create(**fields | overrides)

    return make


@pytest.fixture
def page_factory(db):
    from pages.models import Page

    def make(**overrides):
        number = next(_sequence)
        fields = {
            "title": f"Page number {number}",
            "slug": f"page-{number}",
            "body": f"<p>Body of page {number}.</p>",
            "publish_time": timezone.now() - datetime.timedelta(days=1),
            "status": Page.Status.PUBLISHED,
        }
        # `title=` fills English; a Chinese title is `title_zh_hans=`.
        with translation.override("en"):
            return Page.objects.create(**fields | overrides)

    return make


@pytest.fixture
def message_factory(db):
    def make(**overrides):
        number = next(_sequence)
        fields = {
            "name": f"Visitor {number}",
            "email": f"visitor{number}@example.com",
            "body": f"Message number {number}.",
        }
        return Message.objects.create(**fields | overrides)

    return make


@pytest.fixture
def identifying_code(client):
    """Draw a real code the way the footer form does, and read its stored answer."""

    def draw():
        key = client.get(reverse("contact_code"), HTTP_X_CONTACT_CODE="1").json()["key"]
        return key, CaptchaStore.objects.get(hashkey=key).response

    return draw


@pytest.fixture
def captcha_test_mode(monkeypatch):
    """Accept "passed" as any code, for tests about everything but the code.

    django-simple-captcha copies its settings at import, so the settings fixture
    cannot reach it.
    """
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


# Enterprise directory. The migration seeds the real towns and lists; factories
# make their own entries so that tests never depend on that seed.


def _list_entry_factory(model_name: str, prefix: str):
    """A factory for one of the directory's editable lists (towns, categories...)."""

    def make(**overrides):
        from enterprises import models

        number = next(_sequence)
        fields = {"name": f"{prefix} {number}", "slug": f"{prefix.lower()}-{number}"}
        return getattr(models, model_name).objects.create(**fields | overrides)

    return make


@pytest.fixture
def town_factory(db):
    return _list_entry_factory("Town", "Town")


@pytest.fixture
def product_category_factory(db):
    return _list_entry_factory("ProductCategory", "Product")


@pytest.fixture
def certification_factory(db):
    return _list_entry_factory("Certification", "Mark")


@pytest.fixture
def enterprise_factory(db, town_factory):
    """Make a published enterprise; `categories`, `certifications` (a list of
    certifications or of (certification, valid_until) pairs) and `markets`
    (country codes) may be given too."""
    from enterprises.models import Enterprise, ExportMarket, HeldCertificate

    def make(categories=(), certifications=(), markets=(), **overrides):
        number = next(_sequence)
        fields = {
            "name": f"Enterprise number {number}",
            "slug": f"enterprise-{number}",
            "description": f"Maker number {number} of lamps.",
            "is_published": True,
        }
        fields = fields | overrides
        if "town" not in fields:
            fields["town"] = town_factory()
        # `description=` fills English; a Chinese one is `description_zh_hans=`.
        with translation.override("en"):
            enterprise = Enterprise.objects.create(**fields)
        enterprise.categories.set(categories)
        for held in certifications:
            if not isinstance(held, tuple):
                held = (held, None)
            certification, valid_until = held
            HeldCertificate.objects.create(
                enterprise=enterprise,
                certification=certification,
                number=f"No. {number}",
                valid_until=valid_until,
            )
        for code in markets:
            ExportMarket.objects.create(enterprise=enterprise, country=code)
        return enterprise

    return make


# Redis (tests/caching/test_redis.py, tests/test_two_instances.py)


class RedisServer:
    """A throwaway redis-server on a free local port, without persistence."""

    def __init__(self, folder):
        self.executable = shutil.which("redis-server")
        if self.executable is None:
            if os.environ.get("CI"):
                pytest.fail("redis-server is missing; .ci/run installs it.")
            pytest.skip("redis-server is missing (apt-get install redis-server).")
        self.folder = folder
        self.port = processes.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", ""],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        processes.wait_until_listening(self.port, self.process, seconds=10)

    def stop(self) -> None:
        processes.stop(self.process)

    def freeze(self) -> None:
        """As a Redis that hangs: connections open, no answer."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """The address of a redis-server shared by a module's tests."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own, which it may stop and start again."""
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# Staff


@pytest.fixture
def handler(client):
    """A member of staff in the "message handler" group, not a superuser,
    signed in on `client`."""
    user = User.objects.create_user("handler", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="message handler"))
    client.force_login(user)
    return user


# Background tasks (background/)


@pytest.fixture
def run_tasks(monkeypatch):
    """Run every task that is due, in this process, as a worker would.

    The worker's own report thread is left out: it would write outside the
    test's transaction. So is its closing of connections between tasks, which
    would close the test's transaction on PostgreSQL.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        worker_running_due_tasks().work()

    return run


# Mail (staff notices, background.once)


class Inbox:
    """What a mail server received, one parsed mail per message.

    `answer` is what it says to each mail: "250 ..." takes it, "554 ..." refuses.
    `delay` holds the answer back that many seconds, as a slow server does;
    `receiving` is set once a mail's data has arrived.
    """

    def __init__(self):
        self.mails = []
        self.answer = "250 Message accepted"
        self.delay = 0
        self.receiving = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.answer.startswith("250"):
            self.mails.append(message_from_bytes(envelope.content))
        return self.answer


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that the test starts and stops."""
    from aiosmtpd.controller import Controller

    port = processes.free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.CLUSTER_MESSAGE_RECIPIENTS = ["sales@cluster.example.com"]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    inbox.port = port
    inbox.start, inbox.stop = controller.start, controller.stop
    yield inbox
    if controller._thread is not None:
        controller.stop()


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The page cache as deployed: on, in file caches every worker could share."""
    settings.CLUSTER_PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / alias),
        }
        for alias in ("default", "pages")
    }
