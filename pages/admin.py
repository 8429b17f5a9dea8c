from django.contrib import admin
from django.db import models
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from solo.admin import SingletonModelAdmin

from core.admin import SiteAdminMixin, image_preview
from core.admin_publishing import PublicationStateMixin
from core.i18n import localized_fieldnames
from core.versions import VersionedAdmin

from .models import Page, SiteSettings


@admin.register(Page)
class PageAdmin(
    SiteAdminMixin, PublicationStateMixin, VersionedAdmin, TranslationAdmin
):
    """Editors write each page in English and in Chinese, side by side."""

    list_display = [
        "title",
        "slug",
        "publication_state",
        "in_header_menu",
        "in_footer_menu",
        "menu_order",
    ]
    list_editable = ["menu_order"]
    list_filter = ["status", "in_header_menu", "in_footer_menu"]
    search_fields = localized_fieldnames("title", "summary", "body")
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "publish_time"]}),
        (
            _("Menus"),
            {"fields": ["in_header_menu", "in_footer_menu", "menu_order"]},
        ),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]


@admin.register(SiteSettings)
class SiteSettingsAdmin(
    SiteAdminMixin, VersionedAdmin, SingletonModelAdmin, TranslationAdmin
):
    # Editors paste bare domains; social networks answer on HTTPS.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    filter_horizontal = ["featured_releases"]
    readonly_fields = ["hero_preview", "featured_enterprises", "updated_at"]
    fieldsets = [
        (None, {"fields": ["site_name"]}),
        (
            _("Home page"),
            {
                "fields": [
                    "hero_title",
                    "hero_text",
                    "hero_image",
                    "hero_preview",
                    "hero_image_alt",
                    "featured_releases",
                    "featured_enterprises",
                ]
            },
        ),
        (
            _("Footer"),
            {
                "fields": [
                    "address",
                    "phone",
                    "email",
                    "wechat_qr",
                    "weibo_url",
                    "linkedin_url",
                    "facebook_url",
                    "youtube_url",
                    "icp_number",
                    "privacy_page",
                ]
            },
        ),
        (_("History"), {"fields": ["updated_at"]}),
    ]

    @admin.display(description=_("Image as shown on the site"))
    def hero_preview(self, site_settings):
        return image_preview(
            site_settings.hero_image,
            site_settings.hero_large,
            site_settings.hero_image_alt,
            320,
        )

    @admin.display(description=_("featured enterprises"))
    def featured_enterprises(self, site_settings):
        # One list of featured enterprises, kept in the directory (spreadsheets
        # set it too); this says where.
        return format_html(
            '{} <a href="{}?is_featured__exact=1">{}</a>',
            _("Chosen in the enterprise directory (“featured”)."),
            reverse_lazy("admin:enterprises_enterprise_changelist"),
            _("See or change them"),
        )
