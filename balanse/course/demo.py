"""Demo data: learners of the demo organisation in the default course, one of them half-way."""

from balanse.core.demo import DEMO_ORGANISATION
from balanse.course import services
from balanse.course.models import Course, Step
from balanse.organisations.models import Organisation

DEMO_LEARNERS = ["deltaker@blackbox.example", "frilanser@blackbox.example", "frivillig@blackbox.example"]


def load_demo(stdout) -> list[str]:
    course = Course.objects.filter(slug="trygt-kulturliv").first()
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if course is None or organisation is None:
        return []
    enrollments = services.invite_learners(
        organisation=organisation, course=course, emails=DEMO_LEARNERS, by=None, send_email=False
    )
    version = services.published_version(course)
    for step in Step.objects.filter(module__version=version, module__position=0, kind="text"):
        services.complete_step(user=enrollments[1].user, course=course, step=step)
    stdout.write(f"  course: {len(enrollments)} demo learners in {DEMO_ORGANISATION}\n")
    return [f"Learner ({DEMO_ORGANISATION}): {DEMO_LEARNERS[0]} (log-in code by e-mail), course at /kurs/"]
