"""How the live exercise plugs into the main menu."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from balanse.core.links import path_of
from balanse.core.privacy import LegalBasis, PersonalData, authorship
from balanse.core.signals import MenuItem, load_default_content, menu_items, personal_data_requested
from balanse.exercise import content, services
from balanse.exercise.models import ExerciseSession, ExerciseTemplate


@receiver(menu_items)
def exercise_menu(sender, *, request, **kwargs) -> list[MenuItem]:
    match = request.resolver_match
    items = [
        MenuItem(
            url=path_of("exercise:join"),
            label=_("Join an exercise"),
            active=match is not None and match.view_name in ("exercise:join", "exercise:participate"),
            public=True,
            order=30,
        )
    ]
    if request.user.has_perm("exercise.facilitate"):
        items.append(
            MenuItem(
                url=path_of("exercise:facilitate"),
                label=_("OK or not OK"),
                active=match is not None and match.app_name == "exercise",
                order=50,
            )
        )
    return items


@receiver(load_default_content)
def exercise_default_content(sender, *, stdout, **kwargs) -> None:
    content.load_default_content(stdout)


def _sessions_past_retention():
    limit = timezone.now() - timedelta(days=settings.EXERCISE_RETENTION_DAYS)
    return ExerciseSession.objects.filter(votes_deleted_at__isnull=True).filter(
        Q(ended_at__lt=limit) | Q(ended_at__isnull=True, created_at__lt=limit)
    )


def _delete_votes(sessions) -> int:
    # The exercise's own rule (services.cleanup_expired) deletes exactly these sessions' votes and
    # participants, keeps the sessions, and writes the audit log.
    return services.cleanup_expired()


@receiver(personal_data_requested)
def exercise_personal_data(sender, **kwargs):
    return [
        PersonalData(
            model=ExerciseSession,
            subjects=gettext_lazy("people who vote in a live exercise, and the facilitator"),
            categories=gettext_lazy(
                "anonymous votes (a random code in a cookie, no name, no IP address); who ran the session"
            ),
            purpose=gettext_lazy("to show the room's answers while the exercise runs"),
            legal_basis=LegalBasis.LEGITIMATE_INTEREST,
            retention=gettext_lazy("votes are deleted %(days)s days after the session ended")
            % {"days": settings.EXERCISE_RETENTION_DAYS},
            expires=_sessions_past_retention,
            retention_period=timedelta(days=settings.EXERCISE_RETENTION_DAYS),
            user_fields=("created_by",),
            erase=_delete_votes,
        ),
        authorship(
            ExerciseTemplate,
            "created_by",
            categories=gettext_lazy("who made an exercise"),
            purpose=gettext_lazy("to let the facilitator find and edit their exercises"),
        ),
    ]
