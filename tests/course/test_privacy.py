"""No operator or organisation page shows a reflection answer; reflections are linked only to the learner."""

import pytest
from django.urls import reverse

from balanse.course import services
from balanse.course.models import Reflection, Step

pytestmark = pytest.mark.django_db

SECRET = "Hemmelig refleksjon om sjefen 7391"


def test_reflection_never_shown_on_operator_or_organisation_pages(
    client, operator_client, course, organisation, org_admin, learner
):
    version = services.published_version(course)
    for step in Step.objects.filter(module__version=version, kind="reflection"):
        services.save_reflection(user=learner, course=course, step=step, text=SECRET)
    services.schedule_meeting(
        offer=services.get_offer(organisation=organisation, course=course),
        by=None,
        meeting_at="2026-12-01T10:00Z",
        meeting_link="https://meet.example/x",
    )
    step = Step.objects.filter(module__version=version).first()
    operator_pages = [
        reverse("core:dashboard"),
        reverse("core:audit_log"),
        reverse("organisations:detail", args=[organisation.pk]),
        reverse("course:operator_courses"),
        reverse("course:operator_course", args=[course.slug]),
        reverse("course:operator_preview", args=[course.slug, step.pk]),
        reverse("course:organisation_course", args=[organisation.pk, course.slug]),
        reverse("course:operator_meeting", args=[course.slug, organisation.pk]),
    ]
    for url in operator_pages:
        response = operator_client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    operator_client.logout()
    client.force_login(org_admin)
    for url in [
        reverse("organisations:detail", args=[organisation.pk]),
        reverse("course:organisation_course", args=[organisation.pk, course.slug]),
        reverse("course:invite", args=[organisation.pk, course.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    # The learner sees their own text.
    client.force_login(learner)
    assert (
        SECRET
        in client.get(reverse("course:step", args=[course.slug, "refleksjon-grenser"])).content.decode()
    )


def test_reflection_is_linked_only_to_the_learner():
    relations = {f.name: f.related_model for f in Reflection._meta.get_fields() if f.is_relation}
    from balanse.core.models import User
    from balanse.course.models import Course

    assert relations == {"user": User, "course": Course}


def test_reflection_not_in_admin_site():
    from django.contrib import admin

    assert Reflection not in admin.site._registry


def test_audit_log_holds_no_answers(client, course, learner):
    """A learner writes the reflections (through the page) that complete the course: what they do is
    audited — the invitation, the completed course — but no entry holds what they wrote."""
    from balanse.core.models import AuditEntry

    version = services.published_version(course)
    reflections = list(Step.objects.filter(module__version=version, kind="reflection"))
    for step in Step.objects.filter(module__version=version).exclude(kind="reflection"):
        services.complete_step(user=learner, course=course, step=step)
    client.force_login(learner)
    for step in reflections:
        response = client.post(reverse("course:step", args=[course.slug, step.key]), {"text": SECRET})
        assert response.status_code == 302
    assert Reflection.objects.filter(user=learner, text=SECRET).count() == len(reflections) > 0
    entries = list(AuditEntry.objects.order_by("pk"))
    assert ("course.completed", learner) in [(entry.action, entry.actor) for entry in entries]
    assert "course.learner_invited" in [entry.action for entry in entries]
    for entry in entries:
        assert SECRET not in f"{entry.details} {entry.object_repr}", entry.action
