"""What the supplier area does: claims, listing changes and inquiries.

Each write that tells someone (a firm, its representatives, staff) queues a
task in the same transaction; the task mails once and stamps the row in the
transaction that hands the mail over, as contact's staff notices do.
"""

import datetime
import logging
from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from caching import page_cache
from contact.models import Message
from core.i18n import site_name
from core.versions import text_difference
from enterprises.models import (
    Certification,
    Enterprise,
    EnterprisePhoto,
    ExportMarket,
    HeldCertificate,
)

from . import tasks
from .models import Claim, Inquiry, ListingChange, Representative
from .rights import is_representative_account

logger = logging.getLogger(__name__)

CLAIM_SALT = "suppliers.claim"
# The fields a representative edits that are columns of the Enterprise row,
# in the order the form and the editors' diff show them.
TEXT_FIELDS = [
    "description_en",
    "description_zh_hans",
    "main_products_en",
    "main_products_zh_hans",
    "website",
    "email",
    "phone",
]


class NotAllowed(Exception):
    """Why an action cannot be done; the text is for the person who tried."""


# Claims


def claim_start(
    *,
    user,
    enterprise: Enterprise,
    applicant_name: str,
    applicant_role: str = "",
    credit_code: str = "",
    note: str = "",
    site_url: str = "",
) -> Claim:
    """Record a claim and queue what it needs: the link mailed to the firm's
    published address, or the directory editors' review where there is none."""
    if not is_representative_account(user):
        raise NotAllowed(_("Staff accounts cannot represent a firm."))
    if Representative.objects.filter(user=user, enterprise=enterprise).exists():
        raise NotAllowed(_("You already represent this firm."))
    if Claim.objects.filter(
        user=user, enterprise=enterprise, status=Claim.Status.PENDING
    ).exists():
        raise NotAllowed(_("You already claimed this firm."))
    method = Claim.Method.EMAIL if enterprise.email else Claim.Method.REVIEW
    with transaction.atomic():
        claim = Claim.objects.create(
            user=user,
            enterprise=enterprise,
            method=method,
            applicant_name=applicant_name,
            applicant_role=applicant_role,
            credit_code=credit_code,
            note=note,
        )
        if method == Claim.Method.EMAIL:
            tasks.send_claim_link.enqueue(
                claim_id=claim.pk,
                site_url=site_url,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        else:
            tasks.announce_claim.enqueue(claim_id=claim.pk, site_url=site_url)
    return claim


def claim_token(claim: Claim) -> str:
    """The secret in a claim's link: only the firm's mailbox receives it."""
    return signing.dumps(claim.pk, salt=CLAIM_SALT)


def claim_from_token(token: str) -> int | None:
    """The claim a link names, or None when it is forged or too old."""
    try:
        return int(
            signing.loads(
                token,
                salt=CLAIM_SALT,
                max_age=datetime.timedelta(days=settings.CLUSTER_CLAIM_LINK_DAYS),
            )
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None


def send_claim_link(*, claim_id: int, site_url: str = "", language: str = "") -> bool:
    """Mail a claim's link to the firm's published address, once."""
    with transaction.atomic():
        claim = _locked(
            Claim.objects.select_related("enterprise", "user").filter(
                status=Claim.Status.PENDING
            ),
            claim_id,
        )
        if claim is None or claim.sent_to or not claim.enterprise.email:
            return False
        # The firm's address reads the language the claimant wrote in.
        with override(language or settings.LANGUAGE_CODE):
            link = site_url + reverse(
                "suppliers:claim_confirm", kwargs={"token": claim_token(claim)}
            )
            subject = gettext("Confirm that %(person)s represents %(firm)s") % {
                "person": claim.applicant_name,
                "firm": claim.enterprise.display_name,
            }
            lines = [
                gettext(
                    "%(person)s (%(email)s) asked to keep the listing of "
                    "%(firm)s on %(site)s and to read the inquiries buyers "
                    "send it."
                )
                % {
                    "person": one_line(claim.applicant_name),
                    "email": claim.user.email,
                    "firm": claim.enterprise.display_name,
                    "site": site_name(),
                },
                "",
                gettext(
                    "If this is right, the person opens this link while "
                    "signed in (it works for %(days)s days):"
                )
                % {"days": settings.CLUSTER_CLAIM_LINK_DAYS},
                link,
                "",
                gettext("If not, ignore this mail: nothing changes."),
            ]
        _mail_each(subject, lines, [claim.enterprise.email])
        claim.sent_to = claim.enterprise.email
        claim.save(update_fields=["sent_to", "updated_at"])
    return True


def claim_confirm(*, claim: Claim, decided_by=None, site_url: str = "") -> Claim:
    """Make the claimant a representative of the firm, and tell the firm's
    other representatives and staff (a listing never changes hands silently)."""
    with transaction.atomic():
        claim = _pending_locked(Claim, claim.pk, _("This claim was already decided."))
        if not is_representative_account(claim.user):
            raise NotAllowed(_("Staff accounts cannot represent a firm."))
        Representative.objects.get_or_create(
            user=claim.user, enterprise=claim.enterprise
        )
        claim.status = Claim.Status.CONFIRMED
        claim.decided_by, claim.decided_at = decided_by, timezone.now()
        claim.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        tasks.announce_claim.enqueue(claim_id=claim.pk, site_url=site_url)
    return claim


def claim_refuse(*, claim: Claim, decided_by, site_url: str = "") -> Claim:
    """Refuse a pending claim, and tell the claimant."""
    with transaction.atomic():
        claim = _pending_locked(Claim, claim.pk, _("This claim was already decided."))
        claim.status = Claim.Status.REFUSED
        claim.decided_by, claim.decided_at = decided_by, timezone.now()
        claim.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        tasks.announce_claim.enqueue(claim_id=claim.pk, site_url=site_url)
    return claim


def announce_claim(*, claim_id: int, site_url: str = "") -> bool:
    """Mail who must know of a claim's present status, once per status: staff
    of a claim waiting for review; the firm's representatives and staff of a
    new representative; the claimant of a refusal."""
    with transaction.atomic():
        claim = _locked(Claim.objects.select_related("enterprise", "user"), claim_id)
        if claim is None or claim.announced_status == claim.status:
            return False
        firm = claim.enterprise
        staff = list(settings.CLUSTER_DIRECTORY_RECIPIENTS)
        admin_url = site_url + reverse("admin:suppliers_claim_change", args=[claim.pk])
        mails = []
        with override(settings.LANGUAGE_CODE):
            if claim.status == Claim.Status.PENDING and staff:
                mails.append(
                    (
                        gettext("A claim of %(firm)s waits for your review")
                        % {"firm": firm},
                        [
                            gettext(
                                "%(email)s asks to represent %(firm)s, which "
                                "publishes no email. Compare the credit code "
                                "and decide:"
                            )
                            % {"email": claim.user.email, "firm": firm},
                            admin_url,
                        ],
                        staff,
                    )
                )
            elif claim.status == Claim.Status.CONFIRMED:
                others = list(
                    Representative.objects.filter(enterprise=firm)
                    .exclude(user=claim.user)
                    .values_list("user__email", flat=True)
                )
                text = gettext(
                    "%(email)s (%(person)s) now represents %(firm)s on %(site)s: "
                    "they can change its listing (after the directory editors "
                    "approve) and read its inquiries. If this is wrong, tell the "
                    "directory editors at once."
                ) % {
                    "email": claim.user.email,
                    "person": one_line(claim.applicant_name),
                    "firm": firm,
                    "site": site_name(),
                }
                subject = gettext("A new representative of %(firm)s") % {"firm": firm}
                for recipients, link in ((others, ""), (staff, admin_url)):
                    if recipients:
                        mails.append((subject, [text, link], recipients))
            elif claim.status == Claim.Status.REFUSED:
                mails.append(
                    (
                        gettext("Your claim of %(firm)s") % {"firm": firm},
                        [
                            gettext(
                                "The directory editors could not confirm that you "
                                "represent %(firm)s. Write to them if you think "
                                "this is a mistake."
                            )
                            % {"firm": firm}
                        ],
                        [claim.user.email],
                    )
                )
        for subject, lines, recipients in mails:
            _mail_each(subject, lines, recipients)
        claim.announced_status = claim.status
        claim.save(update_fields=["announced_status"])
    return bool(mails)


# Listing changes


def pending_change(enterprise: Enterprise) -> ListingChange | None:
    """The firm's change waiting for approval, if any."""
    return (
        ListingChange.objects.filter(
            enterprise=enterprise, status=ListingChange.Status.PENDING
        )
        .prefetch_related("photos")
        .first()
    )


def live_values(enterprise: Enterprise) -> dict:
    """What the public page says now, in the shape of a ListingChange."""
    values = {name: getattr(enterprise, name) or "" for name in TEXT_FIELDS}
    values["export_markets"] = sorted(
        str(code)
        for code in enterprise.export_markets.values_list("country", flat=True)
    )
    values["certificates"] = [
        {
            "certification": held.certification_id,
            "number": held.number,
            "valid_until": held.valid_until.isoformat() if held.valid_until else None,
        }
        for held in enterprise.held_certificates.order_by("certification__name")
    ]
    return values


def change_draft(enterprise: Enterprise) -> ListingChange:
    """The change a representative edits: the pending one, else a new one
    filled with what the page says now."""
    live = live_values(enterprise)
    return pending_change(enterprise) or ListingChange(
        enterprise=enterprise, base=live, **live
    )


LISTS = ["export_markets", "certificates"]


def changed_fields(change: ListingChange, live: dict | None = None) -> list[str]:
    """The fields the representative changed from what the page said when
    they began (from what it says now, for a change without that record)."""
    base = change.base or live or live_values(change.enterprise)
    return [
        name
        for name in [*TEXT_FIELDS, *LISTS]
        if getattr(change, name) != base.get(name)
    ]


def change_submit(
    *,
    change: ListingChange,
    user,
    new_photos: list[tuple] = (),
    site_url: str = "",
) -> ListingChange:
    """Store a representative's change for the directory editors; the public
    page keeps the approved text until they approve it."""
    with transaction.atomic():
        is_new = change.pk is None
        change.submitted_by = user
        change.status = ListingChange.Status.PENDING
        change.save()
        for image, alt in new_photos:
            change.photos.create(image=image, image_alt=alt)
        if is_new:
            tasks.announce_change.enqueue(change_id=change.pk, site_url=site_url)
    return change


def announce_change(*, change_id: int, site_url: str = "") -> bool:
    """Tell the directory editors, once, that a firm's change waits for them."""
    recipients = settings.CLUSTER_DIRECTORY_RECIPIENTS
    with transaction.atomic():
        change = _locked(ListingChange.objects.select_related("enterprise"), change_id)
        if change is None or change.staff_notified_at or not recipients:
            return False
        admin_url = site_url + reverse(
            "admin:suppliers_listingchange_change", args=[change.pk]
        )
        with override(settings.LANGUAGE_CODE):
            subject = gettext("%(firm)s changed its listing") % {
                "firm": change.enterprise
            }
            body = "\n".join(
                [
                    gettext(
                        "A representative of %(firm)s changed its listing. "
                        "The page shows the approved text until you approve:"
                    )
                    % {"firm": change.enterprise},
                    admin_url,
                ]
            )
        EmailMessage(subject=one_line(subject)[:200], body=body, to=recipients).send()
        change.staff_notified_at = timezone.now()
        change.save(update_fields=["staff_notified_at"])
    return True


@dataclass
class Difference:
    """One field of a listing change: what the page says, what it would say."""

    label: str
    before: str
    after: str
    # For text: core.versions.text_difference's ("same" | "ins" | "del", text).
    pieces: list[tuple[str, str]] = field(default_factory=list)


def _markets_text(codes: list[str]) -> str:
    return ", ".join(sorted(str(countries.name(code)) for code in codes))


def _certificates_text(certificates: list[dict]) -> str:
    names = dict(
        Certification.objects.filter(
            pk__in=[item["certification"] for item in certificates]
        ).values_list("pk", "name")
    )
    lines = []
    for item in certificates:
        line = names.get(item["certification"], "?")
        if item.get("number"):
            line += f" {item['number']}"
        if item.get("valid_until"):
            line += f" ({item['valid_until']})"
        lines.append(line)
    return "\n".join(sorted(lines))


def change_differences(change: ListingChange) -> list[Difference]:
    """What the change would alter on the public page, field by field."""
    live = live_values(change.enterprise)
    changed = changed_fields(change, live)
    differences = []
    for name in TEXT_FIELDS:
        before, after = live[name], getattr(change, name) or ""
        if name in changed and before != after:
            label = str(ListingChange._meta.get_field(name).verbose_name)
            differences.append(
                Difference(label, before, after, text_difference(before, after))
            )
    for name, text in (
        ("export_markets", _markets_text),
        ("certificates", _certificates_text),
    ):
        before, after = text(live[name]), text(getattr(change, name))
        if name in changed and before != after:
            label = str(ListingChange._meta.get_field(name).verbose_name)
            differences.append(Difference(label, before, after))
    if change.logo:
        differences.append(
            Difference(str(_("logo")), change.enterprise.logo.name, change.logo.name)
        )
    removed = change.enterprise.photos.filter(pk__in=change.removed_photos)
    added = list(change.photos.all())
    if removed or added:
        differences.append(
            Difference(
                str(_("product photos")),
                "\n".join(photo.image_alt for photo in removed),
                "\n".join(photo.image_alt for photo in added),
            )
        )
    return differences


def change_approve(
    *, change: ListingChange, editor, site_url: str = ""
) -> ListingChange:
    """Put a pending change on the public page, as one edit of the directory."""
    with (
        transaction.atomic(),
        page_cache.one_invalidation(),
        # A version in the enterprise's history, as an editor's own save makes:
        # they compare it and restore the one before.
        reversion.create_revision(),
    ):
        change = _pending_locked(
            ListingChange, change.pk, _("This change was already decided.")
        )
        reversion.set_user(editor)
        with override(settings.LANGUAGE_CODE):
            reversion.set_comment(
                gettext("Approved the changes a representative of the firm sent.")
            )
        enterprise = Enterprise.objects.select_for_update().get(pk=change.enterprise_id)
        changed = changed_fields(change)
        for name in TEXT_FIELDS:
            if name in changed:
                setattr(enterprise, name, getattr(change, name))
        if change.logo:
            enterprise.logo = change.logo.name
        enterprise.save()
        if "export_markets" in changed:
            codes = set(change.export_markets)
            enterprise.export_markets.exclude(country__in=codes).delete()
            kept = set(enterprise.export_markets.values_list("country", flat=True))
            ExportMarket.objects.bulk_create(
                ExportMarket(enterprise=enterprise, country=code)
                for code in sorted(codes - kept)
            )
        if "certificates" in changed:
            wanted = {item["certification"]: item for item in change.certificates}
            for held in enterprise.held_certificates.exclude(certification__in=wanted):
                held.delete()
            for pk, item in wanted.items():
                HeldCertificate.objects.update_or_create(
                    enterprise=enterprise,
                    certification_id=pk,
                    defaults={
                        "number": item.get("number") or "",
                        "valid_until": datetime.date.fromisoformat(item["valid_until"])
                        if item.get("valid_until")
                        else None,
                    },
                )
        for photo in enterprise.photos.filter(pk__in=change.removed_photos):
            photo.delete()
        last = enterprise.photos.order_by("-position").first()
        position = last.position + 1 if last else 0
        for offset, photo in enumerate(change.photos.all()):
            EnterprisePhoto.objects.create(
                enterprise=enterprise,
                image=photo.image.name,
                image_alt=photo.image_alt,
                position=position + offset,
            )
        change.status = ListingChange.Status.APPROVED
        change.decided_by, change.decided_at = editor, timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        tasks.announce_decision.enqueue(change_id=change.pk, site_url=site_url)
        # Cached pages show the directory: the new text must replace them.
        page_cache.invalidate()
    return change


def change_refuse(
    *, change: ListingChange, editor, note: str = "", site_url: str = ""
) -> ListingChange:
    """Refuse a pending change; the public page keeps what it said."""
    with transaction.atomic():
        change = _pending_locked(
            ListingChange, change.pk, _("This change was already decided.")
        )
        change.status = ListingChange.Status.REFUSED
        change.decided_by, change.decided_at = editor, timezone.now()
        change.editor_note = note or change.editor_note
        change.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "editor_note",
                "updated_at",
            ]
        )
        tasks.announce_decision.enqueue(change_id=change.pk, site_url=site_url)
    return change


def _representatives_emails(enterprise_id: int) -> list[str]:
    """Where a firm's representatives read mail (active accounts, never staff)."""
    return list(
        get_user_model()
        .objects.filter(
            supplier_roles__enterprise=enterprise_id, is_active=True, is_staff=False
        )
        .values_list("email", flat=True)
    )


def announce_decision(*, change_id: int, site_url: str = "") -> bool:
    """Tell a firm's representatives, once, whether their change is public."""
    with transaction.atomic():
        change = _locked(
            ListingChange.objects.select_related("enterprise").exclude(
                status=ListingChange.Status.PENDING
            ),
            change_id,
        )
        if change is None or change.firm_notified_at is not None:
            return False
        recipients = _representatives_emails(change.enterprise_id)
        link = site_url + reverse(
            "suppliers:firm", kwargs={"firm": change.enterprise_id}
        )
        firm = change.enterprise
        with override(settings.LANGUAGE_CODE):
            if change.status == ListingChange.Status.APPROVED:
                subject = gettext("Your changes to %(firm)s are public") % {
                    "firm": firm
                }
                lines = [
                    gettext(
                        "The directory editors approved your changes: the page "
                        "of %(firm)s shows them now."
                    )
                    % {"firm": firm}
                ]
            else:
                subject = gettext("Your changes to %(firm)s were not published") % {
                    "firm": firm
                }
                lines = [
                    gettext(
                        "The directory editors did not publish your changes to "
                        "%(firm)s. Their note and your changes are in the "
                        "supplier area."
                    )
                    % {"firm": firm}
                ]
        _mail_each(subject, [*lines, link], recipients)
        change.firm_notified_at = timezone.now()
        change.save(update_fields=["firm_notified_at"])
    return bool(recipients)


# Inquiries


def inquiry_record(*, message: Message, site_url: str = "") -> Inquiry | None:
    """File a visitor's message in the inbox of the firm it was sent to, and
    queue the firm's notice; a message about anything else is left alone."""
    if message.object_id is None or message.content_type is None:
        return None
    if message.content_type.model_class() is not Enterprise:
        return None
    inquiry = Inquiry.objects.create(message=message, enterprise_id=message.object_id)
    tasks.notify_firm.enqueue(inquiry_id=inquiry.pk, site_url=site_url)
    return inquiry


def inquiry_notify_firm(*, inquiry_id: int, site_url: str = "") -> bool:
    """Tell a firm's representatives, once, that an inquiry is in their inbox.

    The mail holds no word of the visitor's: they read it in the supplier
    area, behind their sign-in.
    """
    with transaction.atomic():
        inquiry = _locked(Inquiry.objects.select_related("enterprise"), inquiry_id)
        if inquiry is None or inquiry.firm_notified_at is not None:
            return False
        recipients = _representatives_emails(inquiry.enterprise_id)
        if not recipients:
            return False  # nobody represents the firm yet: the inbox keeps it
        link = site_url + reverse(
            "suppliers:inquiry_detail",
            kwargs={"firm": inquiry.enterprise_id, "pk": inquiry.pk},
        )
        with override(settings.LANGUAGE_CODE):
            subject = gettext("A buyer's inquiry for %(firm)s") % {
                "firm": inquiry.enterprise
            }
            lines = [
                gettext(
                    "A visitor of %(site)s sent %(firm)s an inquiry. Read and "
                    "answer it in your supplier area:"
                )
                % {"site": site_name(), "firm": inquiry.enterprise},
                link,
            ]
        _mail_each(subject, lines, recipients)
        inquiry.firm_notified_at = timezone.now()
        inquiry.save(update_fields=["firm_notified_at"])
    return True


def inquiry_mark(*, inquiry: Inquiry, status: str) -> Inquiry:
    """Set the firm's own status of an inquiry (staff's stays as it is)."""
    inquiry.status = status
    inquiry.save(update_fields=["status", "updated_at"])
    return inquiry


def _locked(queryset: QuerySet[Model], pk: int) -> Model | None:
    """The row `pk` of `queryset`, locked until the transaction ends (a task run
    twice at once waits for the other), or None when it has gone."""
    return queryset.select_for_update().filter(pk=pk).first()


def _pending_locked(model: type[Model], pk: int, already_decided: str) -> Model:
    """A claim or change locked for its decision; NotAllowed if it has one."""
    row = model.objects.select_for_update().get(pk=pk)
    if row.status != model.Status.PENDING:
        raise NotAllowed(already_decided)
    return row


def _mail_each(subject: str, lines: list[str], recipients: list[str]) -> None:
    """One mail to each recipient: each person sees only their own address."""
    for recipient in recipients:
        EmailMessage(
            subject=one_line(subject)[:200], body="\n".join(lines), to=[recipient]
        ).send()


def one_line(text: str) -> str:
    """`text` with every line break made a space: safe in a mail header."""
    return " ".join(str(text).split())
