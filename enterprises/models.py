import datetime
import re
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

from caching.coalesce import CoalescedWork
from core.i18n import is_chinese, localized_fieldnames
from core.images import UploadedImageField, described_image, jpeg_rendition
from core.models import TimestampedModel
from core.phone import validate_phone_number
from search.engine import SearchIndexedModel, SearchQuerySet, index_text

from .validators import normalize_credit_code, validate_credit_code

# Paths under /enterprises/ that are pages of their own, not enterprise slugs.
RESERVED_SLUGS = frozenset({"overview"})
# A page shows a few product photos, not a catalogue.
MAX_PHOTOS = 6
# The placeholder of an enterprise without a logo takes one of these brand tones.
MONOGRAM_TONES = 4
# "[Synthetic] Foo Lighting": the marker is not part of the firm's initials.
NAME_MARKER = re.compile(r"^[\[【][^\]】]*[\]】]\s*")
# The place a Chinese firm's name starts with (province, city, town or district),
# before its trade name.
CHINESE_PLACE = re.compile(r"^(广东省?)?(中山市?)?([\u4e00-\u9fff]{1,3}?[镇区])?")
HAN = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"\w+")


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of another page; choose another slug."),
            code="slug_reserved",
            params={"slug": value},
        )


class ListEntry(TimestampedModel):
    """An entry of an editable list: a name in English and Chinese, and a slug."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_zh = models.CharField(_("name in Chinese"), max_length=100, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in filter addresses; letters, digits, dashes."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        """The Chinese name on Chinese pages when there is one, else the name."""
        return localized_name(self.name, self.name_zh)


def localized_name(name: str, name_zh: str, chinese: bool | None = None) -> str:
    """The Chinese name for a reader of Chinese (`chinese`, by default the active
    language's) when there is one, else the name."""
    if chinese is None:
        chinese = is_chinese()
    return name_zh if name_zh and chinese else name


def other_name(name: str, name_zh: str, chinese: bool | None = None) -> tuple[str, str]:
    """The name shown after the leading one and its language ("", "" when there
    is none)."""
    leading = localized_name(name, name_zh, chinese)
    other = name if leading == name_zh else name_zh
    if other == leading:
        return "", ""
    return other, "en" if other == name else "zh-hans"


class Town(ListEntry):
    """A town of Zhongshan where lighting enterprises are registered."""

    class Meta(ListEntry.Meta):
        verbose_name = _("town")
        verbose_name_plural = _("towns")


class ProductCategory(ListEntry):
    """A kind of lighting product (LED, chandeliers, outdoor...)."""

    class Meta(ListEntry.Meta):
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")


class Certification(ListEntry):
    """A certification scheme an enterprise may hold (CCC, CE, UL, ISO 9001...)."""

    full_name = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_("What the scheme is, e.g. “CE marking (European Economic Area)”."),
    )

    class Meta(ListEntry.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


def enterprise_key(related_name: str) -> models.ForeignKey:
    """The enterprise a row is about (photo, certificate, claim, inquiry...): the
    row is deleted with it."""
    return models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


class EnterpriseQuerySet(SearchQuerySet):
    def published(self):
        """Enterprises the public may see: the only definition of public."""
        return self.filter(is_published=True)

    def for_cards(self):
        """With what a card shows (town, categories, certificates) in three queries."""
        return self.select_related("town").prefetch_related(
            "categories",
            models.Prefetch(
                "held_certificates",
                queryset=HeldCertificate.objects.select_related("certification"),
            ),
        )


class Enterprise(SearchIndexedModel, TimestampedModel):
    """A lighting enterprise of the cluster, as listed in the directory."""

    # A firm that makes what was searched for first, then one so named.
    search_weights = {"search_products": 2, "search_title": 1}

    class StaffSize(models.TextChoices):
        MICRO = "1-19", _("1–19 staff")
        SMALL = "20-99", _("20–99 staff")
        MEDIUM = "100-299", _("100–299 staff")
        LARGE = "300-999", _("300–999 staff")
        VERY_LARGE = "1000+", _("1,000 staff or more")

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("name in Chinese"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        validators=[validate_not_reserved],
        help_text=_(
            "The last part of the enterprise's address. Letters, digits, dashes."
        ),
    )
    credit_code = models.CharField(
        _("Unified Social Credit Code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("The 18-character registration number (统一社会信用代码)."),
    )
    town = models.ForeignKey(
        Town,
        verbose_name=_("town"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True
    )
    staff_size = models.CharField(
        _("staff size"), max_length=10, choices=StaffSize, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    main_products = models.CharField(
        _("main products"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the firm mainly makes, in the words a buyer would use, e.g. "
            "“100 W IP65 LED floodlights, crystal chandeliers”."
        ),
    )
    logo = UploadedImageField(
        _("logo"),
        folder="logos",
        blank=True,
        help_text=_("JPEG, PNG or WebP. Pages show a resized copy."),
    )
    # Contact details are shown only as far as the firm agreed to publish them.
    website = models.URLField(
        _("website"),
        blank=True,
        help_text=_("Published on the page. Leave empty unless the firm agreed."),
    )
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_(
            "Published on the page, and where staff forward buyers' messages. "
            "Leave empty unless the firm agreed."
        ),
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[validate_phone_number],
        help_text=_(
            "Published on the page, with the country code, e.g. +86 760 2222 3333. "
            "Leave empty unless the firm agreed."
        ),
    )
    categories = models.ManyToManyField(
        ProductCategory,
        verbose_name=_("product categories"),
        related_name="enterprises",
        blank=True,
    )
    certifications = models.ManyToManyField(
        Certification,
        verbose_name=_("certifications"),
        through="HeldCertificate",
        related_name="enterprises",
        blank=True,
    )
    # The link lives here so that news never needs to know about the directory.
    releases = models.ManyToManyField(
        "news.Release",
        verbose_name=_("releases that mention it"),
        related_name="enterprises",
        blank=True,
    )
    is_member = models.BooleanField(
        _("member of the demonstration area"),
        default=False,
        help_text=_(
            "Member of the export lighting quality and safety demonstration area."
        ),
    )
    verified_on = models.DateField(
        _("last verified on"),
        null=True,
        blank=True,
        help_text=_("When staff last checked this entry with the enterprise."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the home page.")
    )
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_("Made up for demonstrations and benchmarks; not a real firm."),
    )

    # What the firm makes, as the search index holds it (categories and main
    # products, both languages): a match here ranks a firm above one that
    # matches only in its description or lists.
    search_products = models.TextField(
        _("search index: products"), blank=True, default="", editable=False
    )

    logo_small = ImageSpecField(
        source="logo",
        processors=[ResizeToFit(160, 160, upscale=False)],
        format="PNG",
        options={"optimize": True},
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        indexes = [
            # The directory's two sort orders and its member filter, each within
            # the published rows that every public query starts from.
            models.Index(fields=["is_published", "name"]),
            models.Index(fields=["is_published", "-created_at"]),
            models.Index(fields=["is_published", "is_member"]),
            models.Index(fields=["is_published", "is_featured"]),
            # The home page's featured entries in name order. Django writes a
            # boolean filter as the bare column, which SQLite matches only to a
            # partial index with the same condition (else it scans the table).
            models.Index(
                fields=["name", "id"],
                condition=models.Q(is_published=True, is_featured=True),
                name="enterprise_featured_by_name",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="enterprise_credit_code_unique_when_given",
                violation_error_message=_(
                    "Another enterprise has this Unified Social Credit Code."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = normalize_credit_code(self.credit_code)
        if not self.slug:
            self.slug = default_slug(self.name, self.credit_code)
        indexed_later = search_index_updates.active()
        if not indexed_later:
            self.update_search_index()
            if update_fields := kwargs.get("update_fields"):
                kwargs["update_fields"] = {*update_fields, *SEARCH_INDEX_FIELDS}
        super().save(*args, **kwargs)
        if indexed_later:
            search_index_updates.request(self.pk)

    def get_absolute_url(self):
        return reverse("enterprises:enterprise_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Whether visitors can see it (the Python twin of `published()`)."""
        return self.is_published

    def validate_constraints(self, exclude=None):
        # Without a credit code the one constraint (unique when given) cannot
        # be broken; skipping it spares an import a query per such row.
        if not normalize_credit_code(self.credit_code):
            exclude = {*(exclude or ()), "credit_code"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        self.credit_code = normalize_credit_code(self.credit_code)
        if self.founded_year and self.founded_year > timezone.localdate().year:
            raise ValidationError(
                {"founded_year": _("The year founded cannot be in the future.")}
            )

    @property
    def monogram(self) -> str:
        """The placeholder shown without a logo, in the reader's language: on a
        Chinese page the first two characters of the Chinese name's trade name
        (after the place: 中山市古镇明星灯饰 gives 明星), else up to two
        initials of the name."""
        if is_chinese() and self.name_zh:
            trade_name = CHINESE_PLACE.sub("", NAME_MARKER.sub("", self.name_zh))
            if characters := HAN.findall(trade_name):
                return "".join(characters[:2])
        words = WORD.findall(NAME_MARKER.sub("", self.name)) or ["?"]
        return "".join(word[0] for word in words[:2]).upper()

    @property
    def monogram_tone(self) -> int:
        """A tone that stays the same for a firm, so neighbouring cards differ."""
        return zlib.crc32(self.slug.encode()) % MONOGRAM_TONES

    @property
    def display_name(self) -> str:
        """The name that leads: the Chinese name on Chinese pages, when there is
        one, else the English name."""
        return localized_name(self.name, self.name_zh)

    @property
    def second_name(self) -> str:
        """The other name, shown after the leading one ("" when there is none)."""
        return other_name(self.name, self.name_zh)[0]

    @property
    def second_name_language(self) -> str:
        return other_name(self.name, self.name_zh)[1]

    def product_documents(self) -> list[str]:
        """What the firm makes: main products and product categories, each in
        both languages."""
        products = [
            getattr(self, name) for name in localized_fieldnames("main_products")
        ]
        if self.pk:
            for category in self.categories.all():
                products += [category.name, category.name_zh]
        return products

    def search_documents(self) -> tuple[list[str], list[str]]:
        """Both names first; then descriptions, town, products (main products and
        categories) and certifications, each in both languages (a buyer types
        either)."""
        others = [getattr(self, name) for name in localized_fieldnames("description")]
        if self.town_id:
            others += [self.town.name, self.town.name_zh]
        others += self.product_documents()
        if self.pk:
            for held in self.held_certificates.all():
                certification = held.certification
                others += [
                    certification.name,
                    certification.name_zh,
                    *(
                        getattr(certification, name)
                        for name in localized_fieldnames("full_name")
                    ),
                ]
        return [self.name, self.name_zh], others

    def update_search_index(self) -> None:
        super().update_search_index()
        self.search_products = index_text(self.product_documents())


SEARCH_INDEX_FIELDS = ["search_title", "search_text", "search_products"]


def reindex_enterprises(enterprises: models.QuerySet) -> int:
    """Refresh the search index of these enterprises after their town, product
    categories or certificates changed (saving an enterprise does it itself)."""
    enterprises = enterprises.select_related("town").prefetch_related(
        "categories", "held_certificates__certification"
    )
    changed = []
    for enterprise in enterprises.iterator(chunk_size=500):
        enterprise.update_search_index()
        changed.append(enterprise)
    Enterprise.objects.bulk_update(changed, SEARCH_INDEX_FIELDS, batch_size=500)
    return len(changed)


def _reindex_requested(pks: set) -> None:
    # A row that failed inside its savepoint is being rolled back: nothing to index.
    if connection.in_atomic_block and connection.needs_rollback:
        return
    reindex_enterprises(Enterprise.objects.filter(pk__in=pks))


# Inside `search_index_updates.once()` (a directory import) an enterprise's
# index is refreshed once, after its row's fields and lists are all saved, not
# at its save and again at each change of a list; `flush()` indexes the rows
# gathered so far. With `once(discard=True)` (a dry run, rolled back) nothing is.
search_index_updates = CoalescedWork(_reindex_requested)


def reindex_enterprises_soon(*pks: int) -> None:
    """Refresh the index of these enterprises now, or at the end of the
    `search_index_updates.once()` block the thread is in."""
    if not search_index_updates.request(*pks):
        reindex_enterprises(Enterprise.objects.filter(pk__in=pks))


def default_slug(name: str, credit_code: str = "") -> str:
    """A slug from the Latin name, else from the credit code; may be empty."""
    return slugify(name)[:200] or credit_code.lower()


class EnterprisePhoto(TimestampedModel):
    """A product photo on an enterprise's page, uploaded by a directory editor."""

    enterprise = enterprise_key("photos")
    image, image_alt = described_image(
        _("photo"),
        folder="enterprise-photos",
        help_text=_("JPEG, PNG or WebP. Pages show resized copies."),
        description=_("photo description"),
        description_help=_("What the photo shows, for readers who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )

    image_thumbnail = jpeg_rendition("image", ResizeToFill(480, 360), quality=82)
    image_large = jpeg_rendition(
        "image", ResizeToFit(1200, 900, upscale=False), quality=85
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(image_alt=""),
                name="enterprise_photo_has_alt_text",
                violation_error_message=_("Describe the photo for readers."),
            ),
        ]

    def __str__(self):
        return self.image_alt


class HeldCertificateQuerySet(models.QuerySet):
    def current(self):
        """Certificates still valid today (or with no end date recorded)."""
        return self.filter(
            models.Q(valid_until__isnull=True)
            | models.Q(valid_until__gte=timezone.localdate())
        )


class HeldCertificate(TimestampedModel):
    """A certificate an enterprise holds: which scheme, its number, until when."""

    enterprise = enterprise_key("held_certificates")
    certification = models.ForeignKey(
        Certification,
        verbose_name=_("certification"),
        on_delete=models.PROTECT,
        related_name="held_certificates",
    )
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = HeldCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["certification__name"]
        verbose_name = _("held certificate")
        verbose_name_plural = _("held certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "certification"],
                name="held_certificate_once_per_enterprise",
            ),
        ]
        indexes = [models.Index(fields=["certification", "valid_until"])]

    def __str__(self):
        return f"{self.certification} {self.number}".strip()

    @property
    def is_expired(self) -> bool:
        return has_expired(self.valid_until)


def has_expired(
    valid_until: datetime.date | None, today: datetime.date | None = None
) -> bool:
    """Whether a certificate valid until that day has run out (None: no end)."""
    return valid_until is not None and valid_until < (today or timezone.localdate())


class ExportMarket(TimestampedModel):
    """A country an enterprise exports to; one row each, so filters use an index."""

    enterprise = enterprise_key("export_markets")
    country = CountryField(_("country"), db_index=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("export market")
        verbose_name_plural = _("export markets")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "country"], name="export_market_once"
            ),
        ]

    def __str__(self):
        return str(self.country.name)


class DirectoryImport(TimestampedModel):
    """A spreadsheet an editor uploaded, checked and imported by task workers.

    The file is kept in the database, so any worker on any machine reads it.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked, waiting for confirmation")
        REFUSED = "refused", _("refused: the file has errors")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed: nothing was imported")
        DISCARDED = "discarded", _("discarded")

    # An editor's import being checked or imported holds the directory for them.
    RUNNING = (Status.CHECKING, Status.IMPORTING)

    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        on_delete=models.CASCADE,
        related_name="directory_imports",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    data = models.BinaryField(_("file"))
    # Messages about rows are written in the editor's admin language.
    language = models.CharField(_("language"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.CHECKING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")
        constraints = [
            models.UniqueConstraint(
                fields=["editor"],
                condition=models.Q(status__in=["checking", "importing"]),
                name="one_running_directory_import_per_editor",
                violation_error_message=_(
                    "You already have an import being checked or imported."
                ),
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING
