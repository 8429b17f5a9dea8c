from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TranslationAdmin

from core.admin import (
    SiteAdminMixin,
    SiteModelAdmin,
    SiteTabularInline,
    image_preview,
    update_action,
)
from core.i18n import localized_fieldnames
from core.spreadsheets import TextOnlyCSV, TextOnlyXLSX
from core.versions import VersionedAdmin

from . import import_queue, imports
from .forms import DirectoryExportForm, DirectoryImportForm
from .models import (
    MAX_PHOTOS,
    Certification,
    DirectoryImport,
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
class CertificationAdmin(SiteAdminMixin, TranslationAdmin):
    """The scheme's description is written in English and in Chinese."""

    list_display = ["name", "name_zh", "full_name", "slug"]
    search_fields = ["name", "name_zh", *localized_fieldnames("full_name"), "slug"]
    prepopulated_fields = {"slug": ["name"]}


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
class EnterpriseAdmin(
    SiteAdminMixin, ImportExportModelAdmin, VersionedAdmin, TranslationAdmin
):
    """Editors write the description in English and in Chinese, side by side."""

    resource_classes = [EnterpriseResource]
    # Exported cells are text that Excel never runs as a formula.
    formats = [TextOnlyCSV, TextOnlyXLSX]
    export_form_class = DirectoryExportForm
    # Excel reads a CSV as UTF-8 only when it starts with a byte-order mark.
    to_encoding = "utf-8-sig"
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

    # An import writes enterprises and replaces their markets and certificates.
    IMPORT_PERMISSIONS = {
        Enterprise: ("add", "change"),
        ExportMarket: ("add", "change", "delete"),
        HeldCertificate: ("add", "change", "delete"),
    }

    def has_import_permission(self, request):
        """Only staff who may write everything an import writes may import."""
        return request.user.has_perms(
            f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}"
            for model, actions in self.IMPORT_PERMISSIONS.items()
            for action in actions
        )

    def has_export_permission(self, request):
        """An export is a read of every entry, unpublished ones included."""
        return self.has_view_permission(request)

    # Imports run in task workers (enterprises/imports.py): the upload page
    # stores the file and shows its check, its progress and then its report.
    own_views = [
        ("import/<int:import_id>/", "import_status_view", "import_status"),
        ("import/<int:import_id>/confirm/", "import_confirm_view", "import_confirm"),
    ]

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = self.get_import_formats()
        form = DirectoryImportForm(
            formats,
            self.get_import_resource_classes(request),
            data=request.POST or None,
            files=request.FILES or None,
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            upload.seek(0)
            file_format = formats[int(form.cleaned_data["format"])]
            try:
                job = import_queue.directory_import_start(
                    editor=request.user,
                    file_name=upload.name,
                    file_format=file_format().get_title().lower(),
                    data=upload.read(),
                    language=get_language(),
                )
            except import_queue.ImportRunning as busy:
                self.message_user(
                    request,
                    _(
                        "One import at a time: finish or wait for the one below "
                        "before starting another."
                    ),
                    messages.ERROR,
                )
                job = busy.running
            return HttpResponseRedirect(self._import_status_url(job))
        return self._import_page(request, form=form)

    def import_status_view(self, request, import_id):
        job = self._own_import(request, import_id)
        return self._import_page(request, job=job)

    def import_confirm_view(self, request, import_id):
        job = self._own_import(request, import_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._import_status_url(job))
        if not import_queue.directory_import_confirm(job):
            self.message_user(
                request,
                _(
                    "This import was already done or has been replaced, so nothing "
                    "more was imported."
                ),
                messages.ERROR,
            )
        return HttpResponseRedirect(self._import_status_url(job))

    def process_import(self, request, **kwargs):
        # The library's confirm step: imports are confirmed on their own page now.
        return HttpResponseRedirect(reverse("admin:enterprises_enterprise_import"))

    def _own_import(self, request, import_id) -> DirectoryImport:
        if not self.has_import_permission(request):
            raise PermissionDenied
        return get_object_or_404(DirectoryImport, pk=import_id, editor=request.user)

    @staticmethod
    def _import_status_url(job) -> str:
        return reverse("admin:enterprises_enterprise_import_status", args=[job.pk])

    def _import_page(self, request, *, form=None, job=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import enterprises"),
            "form": form,
            "job": job,
            "rows_done": imports.rows_done(job) if job and job.is_running else None,
            # Named as on the export screen, in the language the editor reads now.
            "import_columns": [
                EnterpriseResource.column_label(column)
                for column in (job.report.get("columns", []) if job else [])
            ],
            "Status": DirectoryImport.Status,
        }
        response = TemplateResponse(
            request, "admin/enterprises/directory_import.html", context
        )
        if job is not None and job.is_running:
            add_never_cache_headers(response)
        return response

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
