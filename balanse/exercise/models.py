"""The live exercise "OK eller ikke OK": exercise templates, sessions, scenarios, anonymous participants, votes."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Easy to read aloud and to type: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G, U/V.
CODE_ALPHABET = "ACDEFHJKMNPQRTWXY3479"
CODE_LENGTH = 6
SCALE = range(1, 11)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


class ExerciseTemplate(models.Model):
    """A set of scenarios, relations and conversation questions a session can start from.

    The default (from the brochure) has no organisation and is_default=True; copies belong to an organisation
    (or to no organisation when an operator made them).
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    scenarios = models.JSONField(_("scenarios"), default=list)
    relations = models.JSONField(_("relations"), default=list)
    questions = models.JSONField(_("conversation questions"), default=list)
    is_default = models.BooleanField(default=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exercise_templates",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "title", "pk"]
        verbose_name = _("exercise template")
        verbose_name_plural = _("exercise templates")

    def __str__(self):
        return self.title


class Mode(models.TextChoices):
    PRESENTER = "presenter", _("Presenter-paced")
    SELF = "self", _("Self-paced")


class SessionState(models.TextChoices):
    RUNNING = "running", _("Running")
    ENDED = "ended", _("Ended")


class Phase(models.TextChoices):
    PENDING = "pending", _("Not started")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Voting closed")
    REVEALED = "revealed", _("Results shown")


PHASE_TRANSITIONS: dict[str, set[str]] = {
    Phase.PENDING: {Phase.OPEN},
    Phase.OPEN: {Phase.CLOSED},
    Phase.CLOSED: {Phase.OPEN, Phase.REVEALED},
    Phase.REVEALED: set(),
}


class SessionQuerySet(models.QuerySet):
    def for_user(self, user):
        from balanse.core.rules import is_operator
        from balanse.organisations.models import Organisation

        if is_operator(user):
            return self
        return self.filter(organisation__in=Organisation.objects.administered_by(user))


class ExerciseSession(models.Model):
    title = models.CharField(_("title"), max_length=200)
    code = models.CharField(_("code"), max_length=12, unique=True)
    mode = models.CharField(_("pace"), max_length=12, choices=Mode.choices, default=Mode.PRESENTER)
    state = models.CharField(max_length=12, choices=SessionState.choices, default=SessionState.RUNNING)
    relations = models.JSONField(default=list)
    questions = models.JSONField(default=list)
    current_index = models.PositiveSmallIntegerField(default=0)
    min_answers = models.PositiveSmallIntegerField(default=5)
    participant_cap = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exercise_sessions",
    )
    template = models.ForeignKey(ExerciseTemplate, on_delete=models.SET_NULL, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    votes_deleted_at = models.DateTimeField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("exercise session")
        verbose_name_plural = _("exercise sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_answers__gte=5), name="exercise_min_answers_at_least_5"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    @property
    def is_running(self) -> bool:
        return self.state == SessionState.RUNNING

    @property
    def display_code(self) -> str:
        return f"{self.code[:3]} {self.code[3:]}"


class Scenario(models.Model):
    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="scenarios")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    phase = models.CharField(max_length=12, choices=Phase.choices, default=Phase.PENDING)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="exercise_scenario_position")
        ]

    def __str__(self):
        return self.text


class Participant(models.Model):
    """An anonymous participant: a random token kept in a cookie. No name, IP address or user agent."""

    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="participants")
    token = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"participant {self.pk}"


class Vote(models.Model):
    """One rating 1–10 of one scenario for one relation. participant is set to NULL when the session ends."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="votes")
    relation = models.PositiveSmallIntegerField()
    value = models.PositiveSmallIntegerField()
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="votes"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "scenario", "relation"], name="exercise_one_vote_per_relation"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=10), name="exercise_vote_1_to_10"
            ),
        ]

    def __str__(self):
        return f"{self.value}"
