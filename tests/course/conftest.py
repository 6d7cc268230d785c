import pytest

from balanse.course import services
from balanse.course.models import Course


@pytest.fixture
def course(db):
    """The default course, loaded by load_content."""
    return Course.objects.get(slug="trygt-kulturliv")


@pytest.fixture
def learner(course, organisation, org_admin):
    from tests.factories import UserFactory

    user = UserFactory(email="laerer@example.org", full_name="Lise Lærling")
    services.invite_learners(organisation=organisation, course=course, emails=[user.email], by=org_admin)
    return user


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def step_url(course, key):
    from django.urls import reverse

    return reverse("course:step", args=[course.slug, key])
