import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise_org_number(value: str) -> str:
    """Strip spaces and dots people type ("923 609 016", "923.609.016")."""
    return re.sub(r"[\s.\-]", "", value or "")


def org_number_is_valid(value: str) -> bool:
    """A Norwegian organisation number: 9 digits, the last a MOD11 check digit."""
    if not re.fullmatch(r"\d{9}", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], ORG_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[8])


def validate_org_number(value: str) -> None:
    if not value:
        return
    if not re.fullmatch(r"\d{9}", value):
        raise ValidationError(
            _("An organisation number has exactly 9 digits, for example 923 609 016."),
            code="org_number_format",
        )
    if not org_number_is_valid(value):
        raise ValidationError(
            _("This is not a valid organisation number: the last digit does not match. Check for typos."),
            code="org_number_checksum",
        )
