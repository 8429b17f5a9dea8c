"""The review step between writing and publishing: every change of state is here.

A writer's admin save of a release or page stores a `Revision` (the live row
keeps the approved version); submitting it asks the reviewers; a reviewer
approves it (written to the live row, which then goes live or is scheduled as
the version says) or sends it back with a comment. Each step is recorded with
who and when, and the people it concerns are mailed by a task worker, once.
"""

import logging

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .models import Notice, Revision, StaffLanguage, Step

logger = logging.getLogger(__name__)

APPROVE_PERMISSION = "review.approve_revision"
# Stamps of the live row, never taken from a version.
STAMPS = ("created_at", "updated_at")


def review_settings():
    """The site settings holding the switches (`pages.SiteSettings`), read
    through the app registry: the pages' admin builds on this app."""
    return apps.get_model("pages", "SiteSettings").saved_or_default()


def review_applies(user) -> bool:
    """Whether `user`'s saves of releases and pages wait for a reviewer.

    Superusers may do everything anyway (they can switch review off), so
    their saves go live as before.
    """
    return review_settings().is_review_required and not user.is_superuser


def may_approve(user, revision: Revision) -> bool:
    """Whether `user` may approve or send back `revision` now."""
    if revision.state != Revision.State.SUBMITTED:
        return False
    if not user.is_active or not user.has_perm(APPROVE_PERMISSION):
        return False
    if revision.author_id == user.pk and not user.is_superuser:
        return review_settings().may_approve_own
    return True


def open_revision(obj) -> Revision | None:
    if obj.pk is None:
        return None
    return Revision.objects.for_object(obj).open().select_related("author").first()


def latest_revision(obj) -> Revision | None:
    if obj.pk is None:
        return None
    return Revision.objects.for_object(obj).select_related("author").first()


def is_awaiting_approval(obj) -> bool:
    """Whether `obj` holds a version no reviewer has approved yet."""
    return Revision.objects.for_object(obj).open().exists()


def serialize(obj) -> str:
    """`obj` as it is in memory, as django-reversion serialises a version.

    A newly chosen upload is stored first (as a save would), so the version
    names a file that exists.
    """
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.FileField):
            field.pre_save(obj, add=False)
    return serializers.serialize("json", [obj])


def apply_to(obj, revision: Revision) -> None:
    """Give `obj` (the live row, in memory) the fields of `revision`."""
    version = revision.instance()
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.attname in STAMPS:
            continue
        setattr(obj, field.attname, getattr(version, field.attname))


def remember_language(user, language: str) -> None:
    if language:
        StaffLanguage.objects.update_or_create(
            user=user, defaults={"language": language[:20]}
        )


@transaction.atomic
def save_draft(*, obj, user, is_new: bool, language: str = "") -> Revision:
    """Store the version `obj` holds in memory for review, and return it.

    A new release or page is saved as a draft (hidden), so that it exists to be
    reviewed; otherwise the row is left as approved. A version awaiting review
    that is edited goes back to being written: it is submitted again.
    """
    if is_new:
        # Hidden whatever the form says: the version keeps what it asks for.
        wanted = obj.status
        obj.status = obj._meta.get_field("status").default
        obj.save()
        obj.status = wanted
    data = serialize(obj)
    remember_language(user, language)
    revision = Revision.objects.for_object(obj).open().select_for_update().first()
    if revision is None:
        revision = Revision(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            is_first=is_new,
        )
    revision.serialized_data = data
    revision.object_repr = str(obj)[:200]
    revision.state = Revision.State.DRAFT
    revision.author = user
    revision.save()
    return revision


@transaction.atomic
def submit(*, revision: Revision, user, language: str = "", site_url: str = "") -> Step:
    """Ask the reviewers to review `revision`."""
    if not revision.is_open:
        raise ValidationError(_("This version was already decided."))
    revision.state = Revision.State.SUBMITTED
    revision.save(update_fields=["state", "updated_at"])
    remember_language(user, language)
    step = Step.objects.create(
        revision=revision, action=Step.Action.SUBMITTED, user=user
    )
    _notify(step, reviewers_of(revision), site_url)
    return step


def reviewers_of(revision: Revision):
    """Who may decide `revision`: active staff with the approve permission (by
    group or their own), and superusers."""
    User = get_user_model()
    permission = Permission.objects.filter(
        content_type__app_label="review", codename="approve_revision"
    )
    users = User.objects.filter(is_active=True, is_staff=True).filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=permission)
        | Q(groups__permissions__in=permission)
    )
    if not review_settings().may_approve_own and revision.author_id:
        users = users.exclude(pk=revision.author_id)
    return users.exclude(email="").distinct()


@transaction.atomic
def send_back(
    *, revision: Revision, user, comment: str, language: str = "", site_url: str = ""
) -> Step:
    """Return `revision` to its writer with what to change."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not may_approve(user, revision):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Say what to change: the writer reads it."))
    revision.state = Revision.State.SENT_BACK
    revision.save(update_fields=["state", "updated_at"])
    remember_language(user, language)
    step = Step.objects.create(
        revision=revision, action=Step.Action.SENT_BACK, user=user, comment=comment
    )
    _notify(step, _writer(revision), site_url)
    return step


@transaction.atomic
def approve(
    *, revision: Revision, user, comment: str = "", language: str = "", site_url=""
) -> Step:
    """Write `revision` to the live row: it goes live, or is scheduled, or stays
    a draft, as the version says. Raises ValidationError when it can no longer
    be saved as it is (another row took its address meanwhile)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not may_approve(user, revision):
        raise PermissionDenied
    model = revision.content_type.model_class()
    live = model._default_manager.select_for_update().get(pk=revision.object_id)
    apply_to(live, revision)
    # Uploads were checked when they were chosen; stored files are not read again.
    live.full_clean(
        exclude=[
            field.name
            for field in live._meta.concrete_fields
            if isinstance(field, models.FileField)
        ]
    )
    remember_language(user, language)
    with reversion.create_revision():
        live.save()
        reversion.set_user(user)
        with override(settings.LANGUAGE_CODE):
            reversion.set_comment(
                gettext("Approved by %(user)s") % {"user": user.get_username()}
            )
    revision.approved_version = (
        Version.objects.get_for_object(live).order_by("-pk").first()
    )
    revision.state = Revision.State.APPROVED
    revision.object_repr = str(live)[:200]
    revision.save(
        update_fields=["state", "approved_version", "object_repr", "updated_at"]
    )
    step = Step.objects.create(
        revision=revision, action=Step.Action.APPROVED, user=user, comment=comment
    )
    if live.status == "published":
        # Live now, or scheduled: the record says when the public sees it.
        Step.objects.create(
            revision=revision,
            action=Step.Action.PUBLISHED,
            user=user,
            at=max(live.publication_time, step.at),
        )
    _notify(step, _writer(revision), site_url)
    return step


def record_published(objs, user) -> None:
    """Record that `user` published these approved rows (the list's action)."""
    for obj in objs:
        revision = latest_revision(obj)
        if revision is not None and revision.state == Revision.State.APPROVED:
            Step.objects.create(
                revision=revision,
                action=Step.Action.PUBLISHED,
                user=user,
                at=max(obj.publication_time, timezone.now()),
            )


def supersede(obj) -> None:
    """A save that bypassed review replaced whatever version was open."""
    Revision.objects.for_object(obj).open().update(
        state=Revision.State.SUPERSEDED, updated_at=timezone.now()
    )


def _writer(revision: Revision):
    User = get_user_model()
    return User.objects.filter(pk=revision.author_id, is_active=True).exclude(email="")


def _notify(step: Step, recipients, site_url: str) -> None:
    from . import tasks

    languages = dict(
        StaffLanguage.objects.filter(user__in=recipients).values_list(
            "user_id", "language"
        )
    )
    for user in recipients:
        notice = Notice.objects.create(
            step=step,
            recipient=user,
            language=languages.get(user.pk, settings.LANGUAGE_CODE),
        )
        tasks.send_notice.enqueue(notice_id=notice.pk, site_url=site_url)


def send_notice(*, notice_id: int, site_url: str = "") -> bool:
    """Mail one notice, once; raise if the mail fails (the task tries again).

    The notice stays locked while the mail is handed over and is marked sent in
    the same transaction, as contact's staff notices are.
    """
    with transaction.atomic():
        notice = (
            # Only the notice's row: the step's user may be gone (an outer
            # join, which PostgreSQL will not lock).
            Notice.objects.select_for_update(of=("self",))
            .select_related("step__revision", "step__user", "recipient")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.sent_at is not None:
            return False
        step, revision = notice.step, notice.step.revision
        url = site_url + reverse("admin:review_revision_change", args=[revision.pk])
        if step.action != Step.Action.SUBMITTED:
            url = site_url + _change_url(revision)
        with override(notice.language):
            subject, opening = _wording(step)
            lines = [opening, "", gettext("Open it: %(url)s") % {"url": url}]
            if step.comment:
                lines += ["", gettext("Their comment:"), *quoted(step.comment)]
        EmailMessage(
            subject=" ".join(subject.split())[:200],
            body="\n".join(lines),
            to=[notice.recipient.email],
        ).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


def quoted(text: str) -> list[str]:
    return ["> " + line for line in text.splitlines()] or ["> "]


def _change_url(revision: Revision) -> str:
    ct = revision.content_type
    return reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[revision.object_id])


def _wording(step: Step) -> tuple[str, str]:
    params = {
        "title": " ".join(step.revision.object_repr.split()),
        "user": step.user.get_username() if step.user else "",
    }
    if step.action == Step.Action.SUBMITTED:
        return (
            gettext("For your review: %(title)s") % params,
            gettext("%(user)s submitted “%(title)s” for review.") % params,
        )
    if step.action == Step.Action.SENT_BACK:
        return (
            gettext("Sent back: %(title)s") % params,
            gettext("%(user)s sent “%(title)s” back to you.") % params,
        )
    return (
        gettext("Approved: %(title)s") % params,
        gettext("%(user)s approved “%(title)s”.") % params,
    )
