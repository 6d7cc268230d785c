"""Every step of the lifecycle e-mails the people who must act next, once, with a link and what to do."""

from datetime import date

import pytest
from django.core import mail
from django.test import TestCase

from balanse.certification import notifications, services
from balanse.certification.models import Certification, StateChange
from balanse.core.models import SentEmail
from tests.certification.conftest import tick_all
from tests.factories import make_org_admin, make_org_member

S = Certification.State
pytestmark = pytest.mark.django_db
OPERATOR_ADDRESS = "drift@balansekunst.example"


@pytest.fixture(autouse=True)
def _operator_address(settings):
    settings.CERTIFICATION_OPERATOR_EMAIL = OPERATOR_ADDRESS
    settings.SITE_URL = "https://balanse.test"


@pytest.fixture
def admins(organisation):
    first = make_org_admin(organisation, user__email="leder@teater.example")
    second = make_org_admin(organisation, user__email="nestleder@teater.example", user__language="en")
    make_org_member(organisation, user__email="medlem@teater.example")  # not an admin: hears nothing
    return first, second


def _sent(action):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = action()
    return result, list(mail.outbox)


def _only_norwegian(messages):
    (message,) = [m for m in messages if "leder@teater.example" in m.to]
    return message


def test_every_step_sends_one_email_to_who_acts_next(organisation, admins, operator):
    name = organisation.name
    cert, sent = _sent(lambda: services.apply(organisation=organisation, by=admins[0]))
    assert [(m.to, m.subject) for m in sent] == [([OPERATOR_ADDRESS], f"Ny søknad om Balansemerket: {name}")]
    assert f"https://balanse.test/drift/merket/{cert.pk}/" in sent[0].body

    _, sent = _sent(
        lambda: services.book_course(
            certification=cert, by=operator, date=date(2026, 3, 2), facilitator="Kari", place="Scenen"
        )
    )
    # One message per language: the admin who chose English gets it in English.
    assert sorted(m.to[0] for m in sent) == ["leder@teater.example", "nestleder@teater.example"]
    norwegian = _only_norwegian(sent)
    assert norwegian.subject == f"Kurset for {name} er booket"
    assert "2. mars 2026" in norwegian.body and "Scenen" in norwegian.body and "Kari" in norwegian.body
    assert f"https://balanse.test/virksomhet/{organisation.pk}/merket/" in norwegian.body
    (english,) = [m for m in sent if m.to == ["nestleder@teater.example"]]
    assert english.subject == f"The course for {name} is booked"

    _, sent = _sent(lambda: services.mark_course_held(certification=cert, by=operator))
    assert _only_norwegian(sent).subject == f"{name}: kurset er holdt – nå er det tiltakene"

    tick_all(cert)
    _, sent = _sent(lambda: services.submit_for_review(certification=cert, by=admins[0]))
    assert [(m.to, m.subject) for m in sent] == [
        ([OPERATOR_ADDRESS], f"{name} har sendt inn tiltakene til vurdering")
    ]

    _, sent = _sent(
        lambda: services.send_back(
            certification=cert, by=operator, comments={"rules": "Ta med alkohol.", "routines": " "}
        )
    )
    message = _only_norwegian(sent)
    assert message.subject == f"{name}: noen tiltak må endres"
    assert "Regler:\nTa med alkohol." in message.body
    assert "Rutiner" not in message.body
    (english,) = [m for m in sent if m.to == ["nestleder@teater.example"]]
    assert "Rules:\nTa med alkohol." in english.body  # the measure's name in the recipient's language

    tick_all(cert)
    services.submit_for_review(certification=cert, by=admins[0])
    cert, sent = _sent(
        lambda: services.award_mark(certification=cert, decided_by=operator, valid_from=date(2026, 6, 10))
    )
    message = _only_norwegian(sent)
    number = cert.certificate_number
    assert message.subject == f"{name} har fått Balansemerket"
    for link in (f"/merket/{number}/", f"/merket/{number}/diplom.pdf", f"/merket/{number}/merke.svg"):
        assert f"https://balanse.test{link}" in message.body
    assert "9. juni 2027" in message.body

    _, sent = _sent(lambda: services.start_follow_up(certification=cert, by=operator, date=date(2027, 5, 1)))
    assert _only_norwegian(sent).subject == f"{name}: oppfølgingen for neste år har startet"
    tick_all(cert)
    _, sent = _sent(lambda: services.renew(certification=cert, decided_by=operator))
    assert _only_norwegian(sent).subject == f"Balansemerket for {name} er fornyet"

    _, sent = _sent(lambda: services.withdraw(certification=cert, by=operator, reason="Brudd på avtalen"))
    message = _only_norwegian(sent)
    assert message.subject == f"Balansemerket for {name} er trukket tilbake"
    assert "Brudd på avtalen" in message.body
    # Every recorded step sent exactly one round (one message per language).
    changes = StateChange.objects.filter(certification=cert)
    assert changes.count() == 10
    keys = set(SentEmail.objects.values_list("key", flat=True))
    assert {notifications.once_key(change) for change in changes} <= keys


def test_expiry_tells_the_admins(organisation, admins, operator, make_certification):
    cert = make_certification(organisation, S.CERTIFIED)
    Certification.objects.filter(pk=cert.pk).update(valid_until=date(2020, 1, 1))
    cert.refresh_from_db()
    _, sent = _sent(lambda: services.expire(certification=cert, by=None))
    assert _only_norwegian(sent).subject == f"Balansemerket for {organisation.name} er utløpt"


def test_a_step_sends_once_even_when_run_twice(organisation, admins, operator, make_certification):
    cert = make_certification(organisation, S.IN_REVIEW)
    _, sent = _sent(lambda: services.send_back(certification=cert, by=operator, comments={"rules": "Mer."}))
    assert len(sent) == 2  # two languages
    change = cert.history.last()
    # The step's e-mail task runs again (a retry): nothing more is sent.
    again, sent = _sent(lambda: notifications.notify(certification=cert, change=change, step="send_back"))
    assert (again, sent) == (False, [])
    # The step itself run again is refused by the state machine, and sends nothing either.
    with pytest.raises(services.TransitionError):
        _sent(lambda: services.send_back(certification=cert, by=operator, comments={"rules": "Mer."}))
    assert mail.outbox == []


def test_no_admins_no_email_and_no_error(organisation, operator, make_certification):
    cert = make_certification(organisation, S.COURSE)
    _, sent = _sent(lambda: services.mark_course_held(certification=cert, by=operator))
    assert sent == []
