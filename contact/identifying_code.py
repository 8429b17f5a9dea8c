"""The "Identifying code": django-simple-captcha, used once per code."""

import secrets

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: visitors read the code on small, noisy images.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def challenge() -> tuple[str, str]:
    """A (shown, expected) pair of random characters: CAPTCHA_CHALLENGE_FUNCT."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(settings.CAPTCHA_LENGTH))
    return code, code.lower()


def retire_code(key: str) -> None:
    """Use up a code, so that its image can never be answered again."""
    # NUL is refused by the field, and by PostgreSQL in a query.
    if key and "\x00" not in key:
        CaptchaStore.objects.filter(hashkey=key[:40]).delete()


def new_code(*, replaces: str = "") -> dict[str, str]:
    """Draw a fresh code (one row) and retire the one it replaces, if any."""
    retire_code(replaces)
    key = CaptchaStore.generate_key()
    return {"key": key, "image_url": reverse("captcha-image", kwargs={"key": key})}


class IdentifyingCodeInput(CaptchaTextInput):
    # The field's label then names the answer box itself, not a group around it.
    use_fieldset = False


class IdentifyingCodeField(CaptchaField):
    """A captcha field whose code is used up by any attempt, even an incomplete one.

    The library burns the code on a wrong answer, but not when the answer is left
    empty; a bot could then keep the image and guess later.
    """

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
        try:
            return super().clean(value)
        finally:
            retire_code(value[0] if value and isinstance(value[0], str) else "")
