"""Each staff role may do in the admin exactly what docs/security.md's table says.

The table is the one place that says it; these tests walk every admin page and
action of every registered model as each role and compare.
"""

import importlib
import re

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from reversion.models import Version

from background.models import OnceOnly, QueuedTask, WorkerReport
from core.models import RichTextImage
from enterprises.models import Enterprise
from news.models import Release
from pages.models import SiteSettings
from tests.support import tasks

pytestmark = pytest.mark.django_db

TABLE_HEADING = "## What each staff role may do in the admin"
NO_GROUP = "staff without permissions"
# Operations every model admin has; anything else in a cell is an action or
# the directory's import and export.
PAGE_OPERATIONS = ("view", "add", "change", "delete")
# A versioned model's history compares and restores; its list recovers.
VERSION_OPERATIONS = ("compare", "restore", "recover")


def permission_table() -> dict[str, dict[str, set[str]]]:
    """{role: {"app_label.model_name": operations}} from docs/security.md."""
    text = (settings.BASE_DIR / "docs" / "security.md").read_text()
    section = text.split(TABLE_HEADING, 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {role: {} for role in header[1:]}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        model = cells[0].strip("`")
        for role, cell in zip(header[1:], cells[1:], strict=True):
            table[role][model] = set(re.findall(r"[a-z_]+", cell))
    return table


TABLE = permission_table()
ROLES = list(TABLE)


def model_key(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def all_actions(model_admin) -> dict:
    """Every action the admin offers anyone (a superuser's view of it): by name,
    the function."""
    request = RequestFactory().get("/")
    request.user = type("Superuser", (), {"is_superuser": True})()
    request.user.has_perm = lambda *args: True
    return {
        name: function
        for name, (function, _name, _description) in model_admin.get_actions(
            request
        ).items()
        if name != "delete_selected"
    }


def actions_of(model_admin) -> set[str]:
    return set(all_actions(model_admin))


def operations_of(model, model_admin) -> set[str]:
    info = (model._meta.app_label, model._meta.model_name)
    operations = set(PAGE_OPERATIONS) | actions_of(model_admin)
    for extra in ("import", "export"):
        try:
            reverse("admin:{}_{}_{}".format(*info, extra))
        except NoReverseMatch:
            continue
        operations.add(extra)
    try:
        reverse("admin:{}_{}_recoverlist".format(*info))
    except NoReverseMatch:
        return operations
    return operations | set(VERSION_OPERATIONS)


def _two_versions(entry) -> tuple:
    for _ in range(2):
        with reversion.create_revision():
            reversion.add_to_revision(entry)
    newer, older = Version.objects.get_for_object(entry)[:2]
    return older, newer


@pytest.fixture
def one_of_each(
    release_factory,
    category_factory,
    message_factory,
    enterprise_factory,
    town_factory,
    product_category_factory,
    certification_factory,
    page_factory,
    image_file,
    django_user_model,
):
    """One saved entry of every model the admin shows, by model key."""
    from suppliers.models import Claim, ListingChange, Representative

    now = timezone.now()
    firm = enterprise_factory()
    representative = django_user_model.objects.create_user("rep", email="r@x.cn")
    attempt = {"ip_address": "192.0.2.1", "user_agent": "test", "username": "x"}
    entries = [
        release_factory(status=Release.Status.DRAFT),
        category_factory(),
        message_factory(),
        enterprise_factory(is_published=False),
        town_factory(),
        product_category_factory(),
        certification_factory(),
        django_user_model.objects.create_user("someone"),
        Group.objects.create(name="some group"),
        AccessAttempt.objects.create(failures_since_start=1, **attempt),
        AccessLog.objects.create(**attempt),
        AccessFailureLog.objects.create(**attempt),
        page_factory(),
        SiteSettings.objects.create(),
        RichTextImage.objects.create(image=image_file(), alt="Lamps"),
        QueuedTask.objects.get(pk=tasks.fail_until_the_file_exists.enqueue("-").id),
        WorkerReport.objects.create(
            worker_id="w1", hostname="here", pid=1, started_at=now, last_seen_at=now
        ),
        OnceOnly.objects.create(key="contact.staff_notice:1", started_at=now),
        Representative.objects.create(user=representative, enterprise=firm),
        Claim.objects.create(
            user=representative,
            enterprise=firm,
            method=Claim.Method.REVIEW,
            applicant_name="Rep",
        ),
        ListingChange.objects.create(enterprise=firm),
    ]
    return {model_key(type(entry)): entry for entry in entries}


# Where each group's permissions are listed: the data migration that makes it.
GROUP_MIGRATIONS = {
    "news editor": ("news", "news.migrations.0002_news_editor_group"),
    "message handler": ("contact", "cluster_cms.migrations.0002_message_handler_group"),
    "directory editor": (
        "enterprises",
        "enterprises.migrations.0004_directory_editor_group",
    ),
    "site editor": ("pages", "pages.migrations.0002_site_editor_group"),
}
# Permissions granted to groups by later migrations.
SHARED_GRANTS = [
    ("core", "cluster_cms.migrations.0005_editors_upload_text_images"),
    ("suppliers", "suppliers.migrations.0002_directory_editors_decide"),
]


@pytest.fixture(autouse=True)
def staff_groups(db):
    """The groups as their migrations make them.

    A transactional test (a browser test) that ran earlier empties the tables,
    migration data included; the permissions come back, the groups do not.
    """
    for name, (app_label, module) in GROUP_MIGRATIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=importlib.import_module(module).CODENAMES,
                )
            )
            for app_label, module in SHARED_GRANTS:
                shared = importlib.import_module(module)
                if name in shared.GROUPS:
                    group.permissions.add(
                        *Permission.objects.filter(
                            content_type__app_label=app_label,
                            codename__in=shared.CODENAMES,
                        )
                    )


@pytest.fixture
def role_client(client, django_user_model):
    def sign_in(role: str):
        user = django_user_model.objects.create_user(
            f"staff-{role.replace(' ', '-')}", is_staff=True
        )
        if role != NO_GROUP:
            user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return sign_in


def test_the_table_names_every_registered_model_and_only_existing_operations():
    registered = {
        model_key(model): operations_of(model, model_admin)
        for model, model_admin in admin.site._registry.items()
    }
    for role, rights in TABLE.items():
        assert set(rights) == set(registered), role
        for model, operations in rights.items():
            assert operations <= registered[model], (role, model)


def test_every_admin_action_declares_the_permission_it_needs():
    for model, model_admin in admin.site._registry.items():
        for name, action in all_actions(model_admin).items():
            assert getattr(action, "allowed_permissions", ()), (model_key(model), name)


def _allowed(response) -> bool:
    assert response.status_code in (200, 302, 403), response.status_code
    return response.status_code != 403


def _action_allowed(client, model, entry, name: str) -> bool:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.post(
        url, {"action": name, "index": "0", ACTION_CHECKBOX_NAME: [entry.pk]}
    )
    if not _allowed(response):
        return False
    # Django's answer to an action it does not offer this user (the admin is in
    # English: the test client sends no Accept-Language).
    refused = "No action selected."
    return refused not in [
        str(message) for message in get_messages(response.wsgi_request)
    ]


def _keys(entry) -> list[int]:
    return [version.pk for version in _two_versions(entry)]


def what_the_admin_allows(client, model, entry, operations) -> set[str]:
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    checks = {
        "view": lambda: all(
            _allowed(client.get(url))
            for url in (
                reverse(f"{info}_changelist"),
                reverse(f"{info}_change", args=[entry.pk]),
                reverse(f"{info}_history", args=[entry.pk]),
            )
        ),
        # An empty form: refused outright, or answered with its errors.
        "change": lambda: _allowed(
            client.post(reverse(f"{info}_change", args=[entry.pk]), {})
        ),
        "add": lambda: _allowed(client.get(reverse(f"{info}_add"))),
        "delete": lambda: (
            _allowed(client.get(reverse(f"{info}_delete", args=[entry.pk])))
            and _action_allowed(client, model, entry, "delete_selected")
        ),
        "import": lambda: (
            _allowed(client.get(reverse(f"{info}_import")))
            and _allowed(client.post(reverse(f"{info}_process_import"), {}))
        ),
        "export": lambda: _allowed(client.post(reverse(f"{info}_export"), {})),
        "compare": lambda: _allowed(
            client.get(
                reverse(f"{info}_compare", args=[entry.pk]),
                dict(zip(["version_id1", "version_id2"], _keys(entry), strict=True)),
            )
        ),
        "restore": lambda: _allowed(
            client.get(reverse(f"{info}_revision", args=[entry.pk, _keys(entry)[0]]))
        ),
        "recover": lambda: _allowed(client.get(reverse(f"{info}_recoverlist"))),
    }
    allowed = set()
    for operation in operations:
        if operation in checks:
            permitted = checks[operation]()
        else:
            permitted = _action_allowed(client, model, entry, operation)
        if permitted:
            allowed.add(operation)
    return allowed


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_in_the_admin_exactly_what_the_table_says(
    role, role_client, one_of_each
):
    client = role_client(role)
    for model, model_admin in admin.site._registry.items():
        key = model_key(model)
        operations = operations_of(model, model_admin)
        allowed = what_the_admin_allows(client, model, one_of_each[key], operations)
        assert allowed == TABLE[role][key], key


def test_a_view_only_user_cannot_publish_a_draft_release(
    client, django_user_model, release_factory
):
    draft = release_factory(status=Release.Status.DRAFT)
    reader = django_user_model.objects.create_user("reader", is_staff=True)
    reader.user_permissions.add(
        *Group.objects.get(name="news editor").permissions.filter(
            codename="view_release"
        )
    )
    client.force_login(reader)

    client.post(
        reverse("admin:news_release_changelist"),
        {"action": "publish", "index": "0", ACTION_CHECKBOX_NAME: [draft.pk]},
    )

    draft.refresh_from_db()
    assert draft.status == Release.Status.DRAFT


def test_a_message_handler_can_neither_import_nor_export_the_directory(
    role_client, enterprise_factory
):
    from tests.enterprises.test_import import csv_bytes, upload

    client = role_client("message handler")
    hidden = enterprise_factory(is_published=False)

    assert upload(client, csv_bytes()).status_code == 403
    export = client.post(reverse("admin:enterprises_enterprise_export"), {})
    assert export.status_code == 403
    assert list(Enterprise.objects.values_list("slug", flat=True)) == [hidden.slug]
