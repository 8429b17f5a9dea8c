from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit
from solo.models import SingletonModel

from core.i18n import (
    fill_slug,
    localized_fieldnames,
    site_name,
)
from core.images import UploadedImageField, described_image, jpeg_rendition
from core.models import ScheduledQuerySet
from core.publication import Publication, slug_field, summary_field
from core.rich_text import sanitize_translated, written_text_errors

# First path segments a page can never take, whatever the URL map says today:
# the language prefix and where files are served.
RESERVED_SLUGS = {"zh-hans", "en", "static", "media"}


class PageQuerySet(ScheduledQuerySet):
    def in_menus(self):
        """Public pages shown in the header or footer menu, in the editors' order."""
        return (
            self.published()
            .filter(models.Q(in_header_menu=True) | models.Q(in_footer_menu=True))
            .order_by("menu_order", "title")
        )


class Page(Publication):
    """A page editors write (About the cluster, Privacy notice...) at /<slug>/."""

    publication_time_field = "publish_time"

    slug = slug_field(
        max_length=100,
        help_text=_(
            "The page's address after the site's name, e.g. “about” for /about/. "
            "Letters, digits, dashes. Left empty, it is made from the title "
            "(a Chinese title as pinyin)."
        ),
    )
    summary = summary_field(
        _("One or two sentences for search engines and link previews.")
    )
    publish_time = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_("A page with a future publish time stays hidden until then."),
    )
    in_header_menu = models.BooleanField(_("in the header menu"), default=False)
    in_footer_menu = models.BooleanField(_("in the footer menu"), default=False)
    menu_order = models.PositiveSmallIntegerField(
        _("menu order"),
        default=0,
        help_text=_("Smaller numbers come first in the menus."),
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]
        get_latest_by = "publish_time"
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        indexes = [models.Index(fields=["status", "publish_time"])]

    def clean(self):
        errors = written_text_errors(self)
        if self.slug and not self.slug_is_free(self.slug):
            errors["slug"] = ValidationError(
                _("Another part of the site already uses /%(slug)s/; choose another."),
                params={"slug": self.slug},
                code="slug_taken_by_site",
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        sanitize_translated(self, "body")
        fill_slug(self, *localized_fieldnames("title"))  # loaders, the shell
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page_detail", kwargs={"slug": self.slug})

    @staticmethod
    def slug_is_free(slug: str) -> bool:
        """Whether /<slug>/ would reach this page rather than another route."""
        if slug.lower() in RESERVED_SLUGS:
            return False
        if f"{slug}/".startswith(settings.CLUSTER_ADMIN_PATH):
            return False
        try:
            # English addresses have no prefix; a Chinese-speaking editor's
            # request would otherwise resolve /<slug>/ against /zh-hans/ routes.
            with translation.override(settings.LANGUAGE_CODE):
                match = resolve(f"/{slug}/")
        except Resolver404:
            return False
        return match.view_name == "pages:page_detail"


class SiteSettings(SingletonModel):
    """What editors change for the whole site: its name, the home page's hero,
    the featured releases and the footer's contacts. There is one row."""

    site_name = models.CharField(
        _("site name"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to use the name the site was installed with."),
    )
    hero_title = models.CharField(
        _("home page title"),
        max_length=200,
        blank=True,
        help_text=_("The large title of the home page; the site name when empty."),
    )
    hero_text = models.TextField(_("home page introduction"), blank=True)
    hero_image, hero_image_alt = described_image(
        _("home page image"),
        folder="site",
        required=False,
        help_text=_("JPEG, PNG or WebP. The home page shows a resized copy."),
        description=_("home page image description"),
    )
    featured_releases = models.ManyToManyField(
        "news.Release",
        verbose_name=_("featured releases"),
        blank=True,
        related_name="+",
        help_text=_("Shown at the top of the home page once they are public."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    wechat_qr = UploadedImageField(
        _("WeChat QR code"),
        folder="site",
        blank=True,
    )
    weibo_url = models.URLField(_("Weibo"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    icp_number = models.CharField(
        _("ICP number"),
        max_length=100,
        blank=True,
        help_text=_(
            "The ICP filing number shown in the footer. The CLUSTER_ICP_NUMBER "
            "environment variable, when set, is shown instead."
        ),
    )
    privacy_page = models.ForeignKey(
        Page,
        verbose_name=_("privacy notice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The page every message form links to."),
    )
    # Review (review/): on unless a one-person site switches it off.
    is_review_required = models.BooleanField(
        _("releases and pages are reviewed before they go live"),
        default=True,
        help_text=_(
            "A writer submits each new version; a reviewer approves it or sends "
            "it back. Off: every save of a release or page goes live at once."
        ),
    )
    may_approve_own = models.BooleanField(
        _("a reviewer may approve a version they wrote"),
        default=False,
        help_text=_("For small teams, where the one who writes also signs off."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    hero_large = jpeg_rendition(
        "hero_image", ResizeToFit(1600, 900, upscale=False), quality=85
    )
    wechat_qr_small = ImageSpecField(
        source="wechat_qr",
        processors=[ResizeToFit(200, 200, upscale=False)],
        format="PNG",
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hero_image="") | ~models.Q(hero_image_alt=""),
                name="site_settings_hero_has_alt_text",
                violation_error_message=_("Describe the home page image for readers."),
            ),
        ]

    def __str__(self):
        return str(_("Site settings"))

    def clean(self):
        if self.hero_image and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the home page image for readers.")}
            )

    @classmethod
    def saved_or_default(cls) -> "SiteSettings":
        """The saved settings or the defaults; database errors are the caller's."""
        found = (
            cls.objects.select_related("privacy_page")
            .filter(pk=cls.singleton_instance_id)
            .first()
        )
        return found or cls.default()

    @classmethod
    def default(cls) -> "SiteSettings":
        """The settings until an editor first saves them (not saved by this)."""
        return cls(pk=cls.singleton_instance_id)

    def featured_release_pks(self) -> list[int]:
        """The keys of the featured releases, public or not yet."""
        if self._state.adding:
            return []  # not saved yet: none chosen
        return list(self.featured_releases.values_list("pk", flat=True))

    @property
    def social_links(self) -> list[tuple[str, str]]:
        """(name, address) of each social network the site has an address on."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in ("weibo_url", "linkedin_url", "facebook_url", "youtube_url")
            if getattr(self, name)
        ]

    @property
    def privacy_url(self) -> str:
        """The privacy notice's address while the public can read it, else ""."""
        page = self.privacy_page
        return page.get_absolute_url() if page is not None and page.is_public else ""

    @property
    def shown_site_name(self) -> str:
        """The editors' name for the site, else the name it was installed with."""
        return self.site_name or site_name()

    @property
    def shown_icp_number(self) -> str:
        """The environment's ICP number when set, else the editors'."""
        return settings.CLUSTER_ICP_NUMBER or self.icp_number
