from io import StringIO

import pytest
from django.core.management import call_command

from balanse.certification import queries
from balanse.certification.models import Certification, YearTarget

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_the_2020_figures():
    call_command("load_demo", stdout=StringIO())
    states = set(Certification.objects.values_list("state", flat=True))
    assert states == set(Certification.State.values)
    assert queries.year_figures(2020) == {"awarded": 5, "course_only": 7, "through_course": 12, "renewed": 0}
    assert YearTarget.objects.get(year=2020).target == 20
    assert queries.expiring_within(60).filter(organisation__name="Mandaljazz").exists()
    assert queries.stuck(90).filter(organisation__name="AKKS Norge").exists()
    oslo = Certification.objects.get(organisation__name="NOPA")
    assert oslo.certificate_number == "BM-2020-001"
    assert oslo.has_valid_mark
    assert oslo.periods.count() == oslo.cycle
    count = Certification.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Certification.objects.count() == count
