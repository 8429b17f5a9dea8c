"""Spreadsheet import and export of the directory (django-import-export)."""

import functools
import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries import countries
from import_export import fields, resources, widgets

from core.spreadsheets import unescape_csv_cell

from .models import (
    Certification,
    Enterprise,
    ExportMarket,
    ProductCategory,
    Town,
    default_slug,
    search_index_updates,
)
from .validators import normalize_credit_code

# Spreadsheets from Chinese offices separate lists with full-width punctuation too.
LIST_SEPARATORS = re.compile(r"[,;|，；、\n]+")
EXPORT_SEPARATOR = "; "
# An import indexes its enterprises for the search this many rows at a time:
# each batch reads its rows' lists in a few queries, and the last rows wait
# for the end of the import no longer than one batch takes.
INDEX_BATCH = 200


def split_list(value) -> list[str]:
    if value in (None, ""):
        return []
    return [part.strip() for part in LIST_SEPARATORS.split(str(value)) if part.strip()]


class ListEntryLookup:
    """Finds towns, categories or certifications by name, Chinese name or slug.

    The whole list is read once per import, since every row looks entries up.
    """

    def __init__(self, model):
        self.model = model
        self._by_key = None

    def find(self, text: str):
        if self._by_key is None:
            self._by_key = {}
            for entry in self.model.objects.all():
                for key in (entry.name, entry.name_zh, entry.slug):
                    if key:
                        self._by_key.setdefault(key.casefold(), entry)
        return self._by_key.get(text.strip().casefold())

    def unknown_error(self, texts: list[str]) -> ValueError:
        return ValueError(
            _("Unknown %(list)s: %(values)s. Use a name or slug from the admin list.")
            % {
                "list": self.model._meta.verbose_name,
                "values": ", ".join(f"“{text}”" for text in texts),
            }
        )


class ListEntryWidget(widgets.ForeignKeyWidget):
    """One entry of an editable list, by name, Chinese name or slug."""

    def __init__(self, model, **kwargs):
        super().__init__(model, field="name", **kwargs)
        self.lookup = ListEntryLookup(model)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        entry = self.lookup.find(str(value))
        if entry is None:
            raise self.lookup.unknown_error([str(value)])
        return entry


class ListEntriesWidget(widgets.ManyToManyWidget):
    """Several entries in one cell, separated by commas, semicolons or 、."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator=EXPORT_SEPARATOR, field="name", **kwargs)
        self.lookup = ListEntryLookup(model)

    def clean(self, value, row=None, **kwargs):
        texts = split_list(value)
        found = {text: self.lookup.find(text) for text in texts}
        unknown = [text for text, entry in found.items() if entry is None]
        if unknown:
            raise self.lookup.unknown_error(unknown)
        return list(dict.fromkeys(found.values()))


class YesNoWidget(widgets.BooleanWidget):
    """Yes/no as editors type it in English or Chinese; blank means no."""

    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "yes", "Yes", "YES", "y", "是"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "no", "No", "NO", "n", "否"]

    def clean(self, value, row=None, **kwargs):
        value = value.strip() if isinstance(value, str) else value
        if value in self.NULL_VALUES:
            return False
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise ValueError(_("Write yes or no (or 1 or 0)."))

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class YearWidget(widgets.IntegerWidget):
    """A year such as 2005; spreadsheets may hand it over as 2005.0."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, "") or str(value).strip() in ("", "None"):
            return None
        try:
            number = float(str(value).strip())
        except ValueError:
            raise ValueError(_("Write a year such as 2005.")) from None
        if not number.is_integer():
            raise ValueError(_("Write a year such as 2005."))
        return int(number)


@functools.lru_cache(maxsize=1024)
def country_code(text: str) -> str:
    """The ISO code of a country written as its code, English or Chinese name
    ("" if none). Kept: a name is looked up through every country's name (a
    Chinese one in about 1.5 ms), and a spreadsheet repeats the same few."""
    return (
        countries.alpha2(text)
        or countries.by_name(text)
        or countries.by_name(text, language="zh-hans")
    )


def parse_countries(value) -> list[str]:
    """Country codes from a cell of ISO codes, English or Chinese names."""
    codes, unknown = [], []
    for text in split_list(value):
        code = country_code(text)
        if code:
            codes.append(code)
        else:
            unknown.append(text)
    if unknown:
        raise ValueError(
            _("Unknown countries: %(values)s. Use two-letter codes such as DE, US.")
            % {"values": ", ".join(f"“{text}”" for text in unknown)}
        )
    return list(dict.fromkeys(codes))


class ExportMarketsField(fields.Field):
    """The export markets as ISO codes in one cell ("DE; US"), read by every
    export of a row (import-export's diff reads fields, not `dehydrate_*`)."""

    def export(self, instance, **kwargs):
        if instance is None or instance.pk is None:
            return ""
        return EXPORT_SEPARATOR.join(
            market.country.code for market in instance.export_markets.all()
        )


class EnterpriseResource(resources.ModelResource):
    """Rows of the directory spreadsheet: one enterprise each."""

    town = fields.Field(
        attribute="town", column_name="town", widget=ListEntryWidget(Town)
    )
    categories = fields.Field(
        attribute="categories",
        column_name="categories",
        widget=ListEntriesWidget(ProductCategory),
    )
    certifications = fields.Field(
        attribute="certifications",
        column_name="certifications",
        widget=ListEntriesWidget(Certification),
    )
    export_markets = ExportMarketsField(column_name="export_markets")
    # Each language its own column, named explicitly: `description` alone would
    # read and write whichever language the editor's admin happens to be in.
    description = fields.Field(
        attribute="description_en",
        column_name="description",
        widget=widgets.CharWidget(allow_blank=True),
    )
    main_products = fields.Field(
        attribute="main_products_en",
        column_name="main_products",
        widget=widgets.CharWidget(allow_blank=True),
    )
    founded_year = fields.Field(
        attribute="founded_year", column_name="founded_year", widget=YearWidget()
    )
    is_member = fields.Field(
        attribute="is_member", column_name="is_member", widget=YesNoWidget()
    )
    is_published = fields.Field(
        attribute="is_published", column_name="is_published", widget=YesNoWidget()
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "name_zh",
            "slug",
            "credit_code",
            "town",
            "address",
            "founded_year",
            "staff_size",
            "description",
            "description_zh_hans",
            "main_products",
            "main_products_zh_hans",
            "website",
            "email",
            "phone",
            "categories",
            "certifications",
            "export_markets",
            "is_member",
            "verified_on",
            "is_published",
        ]
        import_order = fields
        export_order = fields
        clean_model_instances = True
        skip_unchanged = False
        # The editor's report is built from each row's cells and type
        # (imports._report); a diff of every field before and after, which
        # reads each row's lists twice more, would never be shown.
        skip_diff = True
        use_transactions = True
        # Rows are matched in get_instance(), on the credit code or else the slug.
        import_id_fields = ["id"]

    REQUIRED_COLUMNS = ("name", "town")

    def before_import(self, dataset, **kwargs):
        headers = [str(header or "").strip() for header in (dataset.headers or [])]
        known = set(self._meta.fields)
        unknown = [header for header in headers if header not in known]
        missing = [column for column in self.REQUIRED_COLUMNS if column not in headers]
        if unknown or missing:
            problems = []
            if missing:
                problems.append(_("missing columns: %s") % ", ".join(missing))
            if unknown:
                problems.append(_("unknown columns: %s") % ", ".join(unknown))
            dataset.wipe()
            raise ValidationError(
                _("This file's columns do not fit (%(problems)s). Expected: %(known)s.")
                % {"problems": "; ".join(problems), "known": ", ".join(known)}
            )
        dataset.headers = headers
        # Spreadsheets often end in blank lines; they are not enterprises. Each
        # row kept remembers its row in the sheet (the header is row 1), so that
        # a message names the row the editor sees in Excel.
        blank = [not any(str(cell or "").strip() for cell in row) for row in dataset]
        self.sheet_rows = [
            index + 2 for index, is_blank in enumerate(blank) if not is_blank
        ]
        for index in reversed(range(len(dataset))):
            if blank[index]:
                del dataset[index]

    @classmethod
    def column_label(cls, column: str) -> str:
        """A column in people's words, with its name in the file:
        "Name in Chinese (name_zh)" / "中文名称（name_zh）"."""
        field = cls.fields.get(column)
        attribute = (field.attribute if field else None) or column
        try:
            # A reverse relation (export_markets) has no verbose name of its own.
            label = getattr(Enterprise._meta.get_field(attribute), "verbose_name", "")
        except FieldDoesNotExist:
            label = ""
        label = label or ExportMarket._meta.verbose_name_plural
        return _("%(label)s (%(column)s)") % {
            "label": capfirst(label),
            "column": column,
        }

    def before_import_row(self, row, **kwargs):
        # Empty spreadsheet cells arrive as None; text fields store "" instead.
        for column, value in row.items():
            if value is None:
                row[column] = ""
            elif isinstance(value, str):
                row[column] = unescape_csv_cell(value.strip())
        # Spreadsheets hold bare domains ("www.example.com"), as editors type
        # them in the admin, which reads them as HTTPS too.
        website = row.get("website")
        if website and "://" not in website:
            row["website"] = f"https://{website}"
        # No database column may hold NUL (PostgreSQL refuses it in any query):
        # the row is refused before it is looked up.
        with_nul = [
            column
            for column, value in row.items()
            if isinstance(value, str) and "\x00" in value
        ]
        if with_nul:
            raise ValidationError(
                {
                    column: _("This cell holds a NUL character; remove it.")
                    for column in with_nul
                }
            )

    def import_data(self, dataset, **kwargs):
        # Each enterprise is indexed once, after its row's lists are saved too,
        # INDEX_BATCH rows together; a dry run is rolled back unread.
        with search_index_updates.once(discard=kwargs.get("dry_run", False)):
            return super().import_data(dataset, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if kwargs["row_number"] % INDEX_BATCH == 0:
            search_index_updates.flush()
        if progress := kwargs.get("progress"):
            progress(kwargs["row_number"])

    def get_instance(self, instance_loader, row):
        code = normalize_credit_code(str(row.get("credit_code") or ""))
        if code:
            found = Enterprise.objects.filter(credit_code=code).first()
            if found:
                return found
        slug = str(row.get("slug") or "").strip() or default_slug(
            str(row.get("name") or ""), code
        )
        return Enterprise.objects.filter(slug=slug).first() if slug else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Check the lists before saving, so a bad cell names its row and column
        # instead of failing half-way through the save.
        for name in ("categories", "certifications"):
            if name in row:
                try:
                    self.fields[name].clean(row)
                except ValueError as error:
                    errors[name] = ValidationError(str(error))
        if "export_markets" in row:
            try:
                parse_countries(row["export_markets"])
            except ValueError as error:
                errors["export_markets"] = ValidationError(str(error))
        if not instance.slug:
            instance.slug = default_slug(instance.name, instance.credit_code)
            if not instance.slug:
                errors.setdefault(
                    "slug",
                    ValidationError(
                        _("Give a slug (Latin letters) or a credit code for this row.")
                    ),
                )
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if "export_markets" not in row:
            return
        if not kwargs.get("using_transactions") and kwargs.get("dry_run"):
            return
        codes = parse_countries(row["export_markets"])
        instance.export_markets.exclude(country__in=codes).delete()
        present = set(instance.export_markets.values_list("country", flat=True))
        ExportMarket.objects.bulk_create(
            ExportMarket(enterprise=instance, country=code)
            for code in codes
            if code not in present
        )

    def export_field(self, field, instance, **kwargs):
        # An empty cell, not the word "None", for what is not recorded.
        value = super().export_field(field, instance, **kwargs)
        return "" if value is None else value
