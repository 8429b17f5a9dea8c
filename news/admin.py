from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cluster_cms import page_cache
from cluster_cms.admin import SiteAdminMixin
from cluster_cms.i18n import localized_fieldnames

from .models import Category, Release


@admin.register(Category)
class CategoryAdmin(SiteAdminMixin, TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = localized_fieldnames("name")
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Release)
class ReleaseAdmin(SiteAdminMixin, TranslationAdmin):
    """Editors write each text field in English and in Chinese, side by side."""

    list_display = ["title", "status", "release_time", "category", "is_visible"]
    list_filter = ["status", "category", "release_time"]
    # Editors find a release by its text in either language.
    search_fields = localized_fieldnames("title", "summary", "body")
    date_hierarchy = "release_time"
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["cover_preview", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "release_time", "category"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_preview", "cover_alt"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("Visible now"), boolean=True)
    def is_visible(self, release):
        return release.is_public

    @admin.display(description=_("Cover as shown on the site"))
    def cover_preview(self, release):
        if not release.cover_image:
            return "-"
        return format_html(
            '<img src="{}" alt="{}" width="320">',
            release.cover_card.url,
            release.cover_alt,
        )

    @admin.action(description=_("Publish the selected releases"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Release.Status.PUBLISHED)

    @admin.action(description=_("Unpublish the selected releases (back to draft)"))
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Release.Status.DRAFT)

    def _set_status(self, request, queryset, status):
        changed = queryset.exclude(status=status).update(status=status)
        page_cache.invalidate()  # update() sends no post_save.
        self.message_user(
            request,
            ngettext(
                "%(count)d release is now “%(status)s”.",
                "%(count)d releases are now “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": Release.Status(status).label},
            messages.SUCCESS,
        )
