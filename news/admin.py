from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from modeltranslation.admin import TranslationAdmin

from core.admin import SiteAdminMixin, image_preview, update_action
from core.admin_publishing import PublicationStateMixin, publish_now_action
from core.i18n import localized_fieldnames
from core.versions import VersionedAdmin

from .models import Category, Release

RELEASES_NOW = ngettext_lazy(
    "%(count)d release is now “%(status)s”.",
    "%(count)d releases are now “%(status)s”.",
    "count",
)


@admin.register(Category)
class CategoryAdmin(SiteAdminMixin, TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = localized_fieldnames("name")
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Release)
class ReleaseAdmin(
    SiteAdminMixin, PublicationStateMixin, VersionedAdmin, TranslationAdmin
):
    """Editors write a release in English, in Chinese or in both, side by side."""

    list_display = ["title", "publication_state", "release_time", "category"]
    list_filter = ["status", "category", "release_time"]
    # Editors find a release by its text in either language.
    search_fields = localized_fieldnames("title", "summary", "body")
    date_hierarchy = "release_time"
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["cover_preview", "created_at", "updated_at"]
    actions = [
        publish_now_action(
            "publish", _("Publish the selected releases now"), RELEASES_NOW
        ),
        update_action(
            "unpublish",
            _("Unpublish the selected releases (back to draft)"),
            RELEASES_NOW,
            params={"status": Release.Status.DRAFT.label},
            status=Release.Status.DRAFT,
        ),
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "release_time", "category"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_preview", "cover_alt"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("Cover as shown on the site"))
    def cover_preview(self, release):
        return image_preview(
            release.cover_image, release.cover_card, release.cover_alt, 320
        )
