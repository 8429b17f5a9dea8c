from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TranslationAdmin

from cluster_cms.admin import (
    SiteAdminMixin,
    SiteModelAdmin,
    SiteTabularInline,
    image_preview,
    update_action,
)
from cluster_cms.i18n import localized_fieldnames

from .forms import DirectoryImportForm
from .import_storage import SharedCacheStorage
from .models import (
    MAX_PHOTOS,
    Certification,
    Enterprise,
    EnterprisePhoto,
    ExportMarket,
    HeldCertificate,
    ProductCategory,
    Town,
)
from .resources import EnterpriseResource

ENTERPRISES_CHANGED = ngettext_lazy(
    "%(count)d enterprise changed.", "%(count)d enterprises changed.", "count"
)


class ListEntryAdmin(SiteModelAdmin):
    list_display = ["name", "name_zh", "slug"]
    search_fields = ["name", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(Town, ListEntryAdmin)
admin.site.register(ProductCategory, ListEntryAdmin)


@admin.register(Certification)
class CertificationAdmin(ListEntryAdmin):
    list_display = ["name", "full_name", "slug"]
    search_fields = ["name", "name_zh", "full_name", "slug"]


class HeldCertificateInline(SiteTabularInline):
    model = HeldCertificate
    extra = 0
    autocomplete_fields = ["certification"]
    fields = ["certification", "number", "valid_until"]


class PhotoFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form)
        ]
        if len(kept) > MAX_PHOTOS:
            raise ValidationError(
                _("A page shows at most %(count)d product photos.")
                % {"count": MAX_PHOTOS},
                code="too_many_photos",
            )


class EnterprisePhotoInline(SiteTabularInline):
    model = EnterprisePhoto
    formset = PhotoFormSet
    extra = 0
    max_num = MAX_PHOTOS
    fields = ["image", "preview", "image_alt", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("As shown on the site"))
    def preview(self, photo):
        return image_preview(photo.image, photo.image_thumbnail, photo.image_alt, 160)


class ExportMarketInline(SiteTabularInline):
    model = ExportMarket
    extra = 0
    fields = ["country"]


@admin.register(Enterprise)
class EnterpriseAdmin(SiteAdminMixin, ImportExportModelAdmin, TranslationAdmin):
    """Editors write the description in English and in Chinese, side by side."""

    resource_classes = [EnterpriseResource]
    formats = [CSV, XLSX]
    import_form_class = DirectoryImportForm
    # Excel reads a CSV as UTF-8 only when it starts with a byte-order mark.
    to_encoding = "utf-8-sig"
    import_error_display = ("message", "row")
    tmp_storage_class = SharedCacheStorage
    # Editors paste bare domains; most enterprise sites answer on HTTPS.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    list_display = [
        "name",
        "town",
        "category_list",
        "is_member",
        "is_published",
        "is_featured",
        "verified_on",
    ]
    list_filter = [
        "is_published",
        "is_member",
        "is_featured",
        "is_synthetic",
        "town",
        "categories",
        "certifications",
    ]
    search_fields = [
        "name",
        "name_zh",
        "credit_code",
        "slug",
        *localized_fieldnames("description"),
    ]
    list_select_related = ["town"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["town", "categories", "releases"]
    readonly_fields = ["logo_preview", "is_synthetic", "created_at", "updated_at"]
    inlines = [EnterprisePhotoInline, HeldCertificateInline, ExportMarketInline]
    actions = [
        update_action(
            "publish",
            _("Publish the selected enterprises"),
            ENTERPRISES_CHANGED,
            is_published=True,
        ),
        update_action(
            "unpublish",
            _("Unpublish the selected enterprises"),
            ENTERPRISES_CHANGED,
            is_published=False,
        ),
    ]
    fieldsets = [
        (None, {"fields": ["name", "name_zh", "slug", "credit_code", "town"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "description",
                    "main_products",
                    "categories",
                    "founded_year",
                    "staff_size",
                    "logo",
                    "logo_preview",
                ]
            },
        ),
        (_("Contact"), {"fields": ["address", "website", "email", "phone"]}),
        (
            _("Directory"),
            {
                "fields": [
                    "is_published",
                    "is_featured",
                    "is_member",
                    "verified_on",
                    "releases",
                ]
            },
        ),
        (_("History"), {"fields": ["is_synthetic", "created_at", "updated_at"]}),
    ]

    def process_result(self, result, request):
        # The library reports "Import finished" even when the transaction was
        # rolled back; say plainly that nothing changed, and where it failed.
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        rows = sorted(
            {number for number, _ in result.row_errors()}
            | {row.number for row in result.invalid_rows}
        )
        self.message_user(
            request,
            _("Nothing was imported: the file failed at row(s) %(rows)s.")
            % {"rows": ", ".join(map(str, rows)) or "-"},
            messages.ERROR,
        )
        return HttpResponseRedirect(reverse("admin:enterprises_enterprise_changelist"))

    def process_import(self, request, **kwargs):
        # The previewed file is removed once imported: a second "Confirm" (double
        # click, back button) found nothing and raised, as did a forged format.
        choice = request.POST.get("format", "")
        known_format = choice.isdecimal() and int(choice) < len(
            self.get_import_formats()
        )
        try:
            if known_format or "import_file_name" not in request.POST:
                return super().process_import(request, **kwargs)
        except FileNotFoundError:
            pass
        self.message_user(
            request,
            _(
                "This import was already done or has expired, so nothing was "
                "imported. Upload the file again to import it."
            ),
            messages.ERROR,
        )
        return HttpResponseRedirect(reverse("admin:enterprises_enterprise_import"))

    def export_action(self, request):
        # The export applies the list's filters from its address; one the list
        # does not know (a stale bookmark, an edited address) raised, where the
        # list itself answers with a page.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            self.message_user(
                request,
                _(
                    "The filters in this export's address are not understood. "
                    "Choose them again in the list, then export."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse("admin:enterprises_enterprise_changelist")
            )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    def get_export_queryset(self, request):
        return (
            super()
            .get_export_queryset(request)
            .prefetch_related("certifications", "export_markets")
        )

    @admin.display(description=_("product categories"))
    def category_list(self, enterprise):
        # In the editor's language, as the rest of the admin.
        return ", ".join(
            category.display_name for category in enterprise.categories.all()
        )

    @admin.display(description=_("Logo as shown on the site"))
    def logo_preview(self, enterprise):
        return image_preview(
            enterprise.logo,
            enterprise.logo_small,
            _("Logo of %(name)s") % {"name": enterprise.name},
            160,
        )
