"""The "Identifying code": django-simple-captcha's store, used once per code.

Each code is one CaptchaStore row. Drawing one is limited per client (the
rate limit CODES), and expired codes are deleted as new ones are drawn, so the
table stays small without a scheduled job. A code is used up by a single
atomic DELETE: of any number of submissions racing with one code, one wins.
"""

import secrets

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import MultiValueField
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import ratelimit

# Characters people tell apart even drawn askew and crossed by a line: none of
# 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, and no C, F, G, U or V, which pass for 6, E, V
# or U.
ALPHABET = "ADEHJKMNPRTWXY34679"


def challenge() -> tuple[str, str]:
    """A (shown, expected) pair of random characters: CAPTCHA_CHALLENGE_FUNCT."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(settings.CAPTCHA_LENGTH))
    return code, code.lower()


def retire_code(key: str) -> None:
    """Use up a code, so that its image can never be answered again."""
    # NUL is refused by the field, and by PostgreSQL in a query.
    if key and "\x00" not in key:
        CaptchaStore.objects.filter(hashkey=key[:40]).delete()


def use_code(key: str, answer: str) -> bool:
    """Use up a code; True if `answer` was its answer and it had not expired.

    One DELETE both checks and removes it: when several requests race with the
    same code, the database lets exactly one of them delete the row.
    """
    if not key or "\x00" in key:
        return False
    used, _by_model = CaptchaStore.objects.filter(
        hashkey=key[:40], response=answer, expiration__gt=timezone.now()
    ).delete()
    retire_code(key)  # a wrong answer uses the code up too
    return used > 0


class TooManyCodes(Exception):
    """This client drew more codes than the rate limit allows."""

    def __init__(self, retry_at):
        super().__init__(retry_at)
        self.retry_at = retry_at


def draw_key(network: str | None) -> str:
    """Draw a fresh code for this client (one row); raises TooManyCodes."""
    with transaction.atomic(savepoint=False):
        refused_until = ratelimit.take(ratelimit.CODES, network)
        if refused_until is None:
            CaptchaStore.remove_expired()
            key = CaptchaStore.generate_key()
    # Raised outside the transaction, which then keeps the count it updated.
    if refused_until is not None:
        raise TooManyCodes(refused_until)
    return key


def audio_url(key: str, language: str | None) -> str:
    """Where the code is heard, spoken in the page's language."""
    address = reverse("captcha-audio", kwargs={"key": key})
    return f"{address}?{urlencode({'lang': language or settings.LANGUAGE_CODE})}"


def code_urls(key: str, language: str | None) -> dict[str, str]:
    return {
        "key": key,
        "image_url": reverse("captcha-image", kwargs={"key": key}),
        "audio_url": audio_url(key, language),
    }


def new_code(
    *, network: str | None, replaces: str = "", language: str | None = None
) -> dict[str, str]:
    """Draw a fresh code and retire the one it replaces, if any."""
    retire_code(replaces)
    return code_urls(draw_key(network), language)


class IdentifyingCodeInput(CaptchaTextInput):
    """The code's image, its audio, and the answer box.

    The view sets `network` (the visitor's); drawing the code counts against
    it. Over the limit, the widget says so instead of showing an image.
    """

    # The field's label then names the answer box itself, not a group around it.
    use_fieldset = False
    network = None

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        self.id_ = self.build_attrs(attrs).get("id", None)
        try:
            self._key = draw_key(self.network)
        except TooManyCodes as refusal:
            self._key, self.retry_at = "", refusal.retry_at
        self._value = [self._key, ""]

    def get_context(self, name, value, attrs):
        if not self._key:
            context = super(CaptchaTextInput, self).get_context(name, value, attrs)
            context["retry_at"] = self.retry_at
            return context
        context = super().get_context(name, value, attrs)
        context["audio"] = audio_url(self._key, get_language())
        return context


class IdentifyingCodeField(CaptchaField):
    """A captcha field whose code is used up, atomically, by any attempt."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Type the identifying code shown in the image."),
                "incomplete": _("Type the identifying code shown in the image."),
                "invalid": _(
                    "The identifying code was wrong or has expired. A new code is "
                    "shown: please type it."
                ),
            },
        )
        kwargs.setdefault("widget", IdentifyingCodeInput())
        super().__init__(**kwargs)

    def clean(self, value):
        key = value[0] if value and isinstance(value[0], str) else ""
        try:
            MultiValueField.clean(self, value)
        except ValidationError:
            # An incomplete attempt (no answer typed) uses the code up too; a
            # bot could otherwise keep the image and guess later.
            retire_code(key)
            raise
        answer = (value[1] or "").strip().lower()
        if captcha_settings.CAPTCHA_TEST_MODE and answer == "passed":
            retire_code(key)
        elif not use_code(key, answer):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value
