from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import SiteModelAdmin, SiteTabularInline, image_preview

from . import services
from .models import Claim, ListingChange, ProposedPhoto, Representative

# Representatives verify their address through the mailed link; the library's
# admin for addresses offers staff an action that declares no permission.
admin.site.unregister(EmailAddress)


def _site_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def _decision_action(decide, *, description, done):
    """A bulk action calling `decide(row, request)` on each selected row; a row
    the service refuses is named with its reason, the others counted in `done`
    (an `ngettext_lazy` with a "count" placeholder)."""

    @admin.action(permissions=["change"], description=description)
    def action(modeladmin, request, queryset):
        count = 0
        for row in queryset:
            try:
                decide(row, request)
            except services.NotAllowed as refusal:
                modeladmin.message_user(request, f"{row}: {refusal}", messages.WARNING)
            else:
                count += 1
        if count:
            modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)

    return action


@admin.register(Representative)
class RepresentativeAdmin(SiteModelAdmin):
    list_display = ["user", "enterprise", "created_at"]
    list_select_related = ["user", "enterprise"]
    search_fields = ["user__email", "enterprise__name", "enterprise__name_zh"]
    autocomplete_fields = ["enterprise"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"


@admin.register(Claim)
class ClaimAdmin(SiteModelAdmin):
    list_display = [
        "enterprise",
        "user",
        "applicant_name",
        "method",
        "status",
        "credit_code_matches",
        "created_at",
    ]
    list_filter = ["status", "method"]
    list_select_related = ["enterprise", "user"]
    search_fields = [
        "enterprise__name",
        "enterprise__name_zh",
        "user__email",
        "credit_code",
        "applicant_name",
    ]
    date_hierarchy = "created_at"
    readonly_fields = [
        "enterprise",
        "user",
        "method",
        "status",
        "applicant_name",
        "applicant_role",
        "credit_code",
        "credit_code_matches",
        "note",
        "sent_to",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return False  # claims come from the firms

    @admin.display(description=_("code as the directory holds it"))
    def credit_code_matches(self, claim):
        known = claim.enterprise.credit_code
        if not known:
            return _("none recorded")
        if not claim.credit_code:
            return "–"
        return _("matches") if known == claim.credit_code else _("differs")

    # The changelist's rows come with `list_select_related`: so do the actions'.
    approve = _decision_action(
        lambda claim, request: services.claim_confirm(
            claim=claim, decided_by=request.user, site_url=_site_url(request)
        ),
        description=_("Confirm: make them representatives"),
        done=ngettext_lazy(
            "%(count)d claim confirmed.", "%(count)d claims confirmed.", "count"
        ),
    )
    refuse = _decision_action(
        lambda claim, request: services.claim_refuse(
            claim=claim, decided_by=request.user, site_url=_site_url(request)
        ),
        description=_("Refuse the claims"),
        done=ngettext_lazy(
            "%(count)d claim refused.", "%(count)d claims refused.", "count"
        ),
    )


class ProposedPhotoInline(SiteTabularInline):
    """The photos a change adds, as the editors decide on them: read only, and
    shown to whoever may see the change."""

    model = ProposedPhoto
    fields = ["preview", "image_alt"]
    readonly_fields = ["preview", "image_alt"]
    extra = 0

    @admin.display(description=_("photo"))
    def preview(self, photo):
        return image_preview(photo.image, photo.image, photo.image_alt, 240)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("suppliers.view_listingchange")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ListingChange)
class ListingChangeAdmin(SiteModelAdmin):
    list_display = ["enterprise", "status", "submitted_by", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["enterprise", "submitted_by"]
    search_fields = ["enterprise__name", "enterprise__name_zh"]
    date_hierarchy = "updated_at"
    fields = ["enterprise", "status", "submitted_by", "differences", "editor_note"]
    readonly_fields = ["enterprise", "status", "submitted_by", "differences"]
    inlines = [ProposedPhotoInline]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return False  # changes come from the firms

    @admin.display(description=_("what would change on the public page"))
    def differences(self, change):
        return render_to_string(
            "suppliers/_differences.html",
            {"differences": services.change_differences(change)},
        )

    approve = _decision_action(
        lambda change, request: services.change_approve(
            change=change, editor=request.user, site_url=_site_url(request)
        ),
        description=_("Approve: publish the changes"),
        done=ngettext_lazy(
            "%(count)d change published.", "%(count)d changes published.", "count"
        ),
    )
    refuse = _decision_action(
        lambda change, request: services.change_refuse(
            change=change, editor=request.user, site_url=_site_url(request)
        ),
        description=_("Refuse the changes"),
        done=ngettext_lazy(
            "%(count)d change refused.", "%(count)d changes refused.", "count"
        ),
    )
