"""The Unified Social Credit Code (统一社会信用代码) of GB 32100-2015."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The standard's 31 characters: digits and capitals without I, O, S, V and Z.
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_LENGTH = 18
# Position i (0-based) of the first 17 characters weighs 3**i mod 31.
_WEIGHTS = [pow(3, i, 31) for i in range(CREDIT_CODE_LENGTH - 1)]


def normalize_credit_code(value: str) -> str:
    """Upper-case and drop the spaces people type or spreadsheets keep."""
    return "".join(value.split()).upper()


def credit_code_check_character(first17: str) -> str:
    """The 18th character that GB 32100-2015 computes from the first 17."""
    total = sum(
        CREDIT_CODE_CHARACTERS.index(character) * weight
        for character, weight in zip(first17, _WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Accept only an 18-character code whose check character is right."""
    code = normalize_credit_code(value)
    if len(code) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            _("A Unified Social Credit Code has 18 characters; this one has %(n)d."),
            code="credit_code_length",
            params={"n": len(code)},
        )
    wrong = sorted({c for c in code if c not in CREDIT_CODE_CHARACTERS})
    if wrong:
        raise ValidationError(
            _("A Unified Social Credit Code cannot contain “%(characters)s”."),
            code="credit_code_characters",
            params={"characters": "".join(wrong)},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _(
                "Characters 3 to 8 of a Unified Social Credit Code are the "
                "six-digit administrative division code."
            ),
            code="credit_code_division",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "This Unified Social Credit Code is mistyped: its last "
                "character does not match the others."
            ),
            code="credit_code_check",
        )
