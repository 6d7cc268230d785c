"""What the certification views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from balanse.certification.models import Certification
from balanse.core.views_helpers import get_object_with_perm


def _get_certification_for_user(request, pk: int, perm: str) -> Certification:
    """The certification `pk` with its organisation and application (if any) read along, if the user has
    `perm` on it (404 if there is none, 403 if not allowed)."""
    return get_object_with_perm(
        request, Certification.objects.select_related("organisation", "application"), perm, pk=pk
    )


def show_error(request, exc: ValidationError) -> None:
    """A refused change (a `ValidationError` from a service) as a message on the next page."""
    messages.error(request, " ".join(exc.messages))
