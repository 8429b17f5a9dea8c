import datetime
import logging
import time

from django import forms
from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.phone import validate_phone_number

from .identifying_code import IdentifyingCodeField
from .models import VISITOR_FIELDS, Message
from .services import public_objects

logger = logging.getLogger(__name__)

ABOUT_SALT = "cluster_cms.message.about"
# How long a page's reference names its object: long enough to write a message
# on a page opened yesterday; a copied reference is worth nothing after it.
ABOUT_MAX_AGE = datetime.timedelta(days=2)


class HourlySigner(signing.TimestampSigner):
    """Stamps the hour rather than the second, so that every page drawn within
    an hour carries the same reference and stays the same for caches."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) // 3600 * 3600)


def about_max_age() -> datetime.timedelta:
    # A cached page is served for up to CLUSTER_PAGE_CACHE_SECONDS after it was
    # drawn: its reference must outlive that.
    cached = datetime.timedelta(seconds=2 * settings.CLUSTER_PAGE_CACHE_SECONDS)
    return max(ABOUT_MAX_AGE, cached)


def sign_about(instance: models.Model) -> str:
    """A tamper-proof, dated reference to the page's object, for the form's
    hidden field."""
    return HourlySigner(salt=ABOUT_SALT).sign(
        f"{instance._meta.label_lower}:{instance.pk}"
    )


def unsign_about(value: str) -> tuple[type[models.Model], int] | None:
    """The (model, pk) a signed value names, or None when it is missing, forged
    or older than `about_max_age()`."""
    if not value:
        return None
    try:
        signed = HourlySigner(salt=ABOUT_SALT).unsign(value, max_age=about_max_age())
        label, pk = signed.rsplit(":", 1)
        return apps.get_model(label), int(pk)
    except (signing.BadSignature, LookupError, ValueError):
        # Never refuse a message over it: the visitor cannot fix a hidden value.
        logger.warning("Ignored a forged or stale page reference on a message.")
        return None


def public_about(value: str) -> models.Model | None:
    """The object a signed value names, if the public may see it (its model's
    `published()` when it has one), to say on the form what a message is about."""
    found = unsign_about(value)
    if found is None:
        return None
    model, pk = found
    return public_objects(model).filter(pk=pk).first()


def local_path(url: str) -> str:
    """`url` when it is a path on this site, to send a visitor back to; else ""."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return ""


class QuietHiddenField(forms.Field):
    """A value the site wrote itself: a bad one is dropped, never shown as an error."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return str(value or "").replace("\x00", "")[:1000]


class LengthAsSeen(MaxLengthValidator):
    """The limit on the message as the visitor sees it: a line break counts as
    one character, as the page's counter counts it (browsers send each as CR LF)."""

    def clean(self, x):
        return len(x.replace("\r\n", "\n"))


class MessageText(forms.CharField):
    """The message, stored as sent, its length counted as the visitor sees it."""

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.limit = max_length
        if max_length is not None:
            self.validators.append(LengthAsSeen(max_length))


class MessageForm(forms.ModelForm):
    """The "Leave a message" form; the footer variant leaves out the code."""

    captcha = IdentifyingCodeField(label=_("Identifying code"))
    # The honeypot: hidden from people (CSS, aria-hidden), filled by naive bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    next = QuietHiddenField()
    about = QuietHiddenField()

    class Meta:
        model = Message
        fields = VISITOR_FIELDS
        labels = {
            # A person's name: Chinese words it differently from a thing's name.
            "name": pgettext_lazy("a person's name", "Name"),
            "country": _("Country or region"),
        }
        help_texts = {
            "email": _("An email address or a phone number is needed."),
            "phone": _("With the country code, e.g. +86 760 2222 3333."),
            "body": _("Up to 3,000 characters."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
            "body": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"body": MessageText}
        error_messages = {
            "body": {
                "max_length": _(
                    "Your message is %(show_value)s characters long and the limit "
                    "is %(limit_value)s. Nothing was cut: shorten it, then send it "
                    "again."
                ),
            },
        }

    def __init__(self, *args, with_code: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.fields["body"].widget.attrs
        # A browser would cut a long paste at `maxlength` without a word: the
        # text is kept whole, the page's counter (contact.js) says how much is
        # left or too much, and the server refuses it with a clear message.
        body["data-max-length"] = self.fields["body"].limit
        body["data-left"] = _("%(count)s characters left")
        body["data-over"] = _(
            "%(count)s characters too many: nothing is cut, please shorten it"
        )
        if not with_code:
            del self.fields["captcha"]

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        validate_phone_number(phone)
        # Stored as typed: staff call the number the visitor wrote.
        return phone

    def clean_website(self):
        # Kept so the view can tell spam; never an error, which would teach bots.
        return self.cleaned_data["website"]

    def clean_next(self):
        return local_path(self.cleaned_data["next"])

    def clean_about(self):
        return unsign_about(self.cleaned_data["about"])

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("email") and not cleaned_data.get("phone"):
            if "email" not in self.errors and "phone" not in self.errors:
                message = _("Give an email address or a phone number (or both).")
                self.add_error("email", message)
                self.add_error("phone", message)
        return cleaned_data

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
