"""The applicant's way: a draft by an e-mailed link, sending with a receipt, the report by a link; and the
staff's: scores, decision with the letter, payout and postponement."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from balanse.core.models import AuditEntry
from balanse.grants import services
from balanse.grants.models import Application, DecisionLetter, GrantCall, LetterKind, Score, Status
from tests.factories import OperatorFactory, OrganisationFactory
from tests.grants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

FULL = {
    "applicant_kind": "organisation",
    "applicant": "Kystkoret",
    "project": "Kurs for dirigenter",
    "description": "Et kurs om makt og ledelse.",
    "project_budget": "60 000",
    "amount_applied": "25 000",
    "contact_name": "Kari Kor",
    "contact_email": "kari@kystkoret.example",
    "contact_phone": "",
}


def test_a_draft_is_saved_with_little_and_its_link_is_e_mailed(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("grants:apply"),
            {
                "applicant_kind": "organisation",
                "contact_name": "Kari",
                "contact_email": "kari@kor.example",
                "save": "1",
            },
        )
    application = Application.objects.get()
    assert application.status == Status.DRAFT
    assert response.url.startswith("/balansepotten/soknad/")
    token = services.draft_token(application)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kari@kor.example"]
    link = re.search(r"/balansepotten/soknad/(\S+)/", mail.outbox[0].body).group(1)
    assert services.application_for_draft_token(link) == application
    # Saving again sends no second link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("grants:draft", args=[token]), {**FULL, "contact_email": "kari@kor.example", "save": "1"}
        )
    application.refresh_from_db()
    assert application.project == "Kurs for dirigenter" and application.status == Status.DRAFT
    assert len(mail.outbox) == 1


def test_sending_needs_every_field_and_gives_a_receipt(client, open_call, django_capture_on_commit_callbacks):
    response = client.post(reverse("grants:apply"), {**FULL, "project": "", "send": "1"})
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert "project" in response.context["form"].errors
    OrganisationFactory(name="Kystkoret")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:apply"), {**FULL, "send": "1"})
    application = Application.objects.get()
    assert application.status == Status.SUBMITTED and application.submitted_at
    assert application.amount_applied == 25000 and application.organisation.name == "Kystkoret"
    assert mail.outbox[-1].subject == "Vi har mottatt søknaden «Kurs for dirigenter»"
    page = client.get(response.url)
    assert "Søknaden er sendt" in page.content.decode()
    # A sent application cannot be changed through the link.
    client.post(response.url, {**FULL, "project": "Noe annet", "send": "1"})
    application.refresh_from_db()
    assert application.project == "Kurs for dirigenter"


def test_amount_over_budget_and_bad_numbers_are_refused_in_norwegian(client, open_call):
    response = client.post(reverse("grants:apply"), {**FULL, "amount_applied": "70 000", "send": "1"})
    assert "Beløpet du søker om kan ikke være mer enn budsjettet." in response.content.decode()
    response = client.post(reverse("grants:apply"), {**FULL, "project_budget": "mye", "send": "1"})
    assert "Skriv beløpet i hele kroner" in response.content.decode()
    assert not Application.objects.exists()


def test_a_closed_call_takes_no_applications_and_a_bad_link_says_so(client, open_call):
    draft = ApplicationFactory(call=open_call, status=Status.DRAFT)
    open_call.closes_on = timezone.localdate() - timedelta(days=1)
    open_call.save()
    assert "Utlysningen er stengt" in client.get(reverse("grants:apply")).content.decode()
    assert client.get(reverse("grants:draft", args=[services.draft_token(draft)])).status_code == 410
    assert client.post(reverse("grants:apply"), {**FULL, "send": "1"}).status_code == 200
    assert Application.objects.count() == 1
    response = client.get(reverse("grants:draft", args=["tull"]))
    assert response.status_code == 400 and "Lenken er ikke gyldig" in response.content.decode()


def test_staff_score_grant_pay_and_the_letter_goes_out(open_call, django_capture_on_commit_callbacks):
    operator = OperatorFactory()
    application = ApplicationFactory(call=open_call)
    criteria = list(open_call.criteria.all())
    services.review(
        application=application, notes="Godt", scores={criteria[0].pk: 5, criteria[1].pk: 3}, by=operator
    )
    assert sorted(Score.objects.values_list("score", flat=True)) == [3, 5]
    with pytest.raises(services.GrantError):
        services.review(application=application, notes="", scores={criteria[0].pk: 9}, by=operator)
    with pytest.raises(ValidationError):
        services.decide(application=application, granted=True, amount=None, reason="", by=operator)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(application=application, granted=True, amount=18000, reason="", by=operator)
    application.refresh_from_db()
    assert application.status == Status.GRANTED and application.amount_granted == 18000
    letter = mail.outbox[-1]
    assert letter.subject == f"Balansepotten {open_call.year}: {application.project} får støtte"
    assert "18\u00a0000 kroner" in letter.body
    link = re.search(r"/balansepotten/rapport/(\S+)/", letter.body).group(1)
    assert services.application_for_report_token(link) == application
    with pytest.raises(services.GrantError):  # decided once
        services.decide(application=application, granted=False, amount=None, reason="Nei", by=operator)
    services.postpone(application=application, reason="Pandemien", by=operator)
    application.refresh_from_db()
    assert (application.status, application.postponed_to) == (Status.POSTPONED, open_call.year + 1)
    services.pay(application=application, paid_on=date(2021, 3, 1), by=operator)
    application.refresh_from_db()
    assert application.status == Status.PAID
    with pytest.raises(services.GrantError):
        services.postpone(application=application, reason="Igjen", by=operator)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"grants.reviewed", "grants.innvilget", "grants.postponed", "grants.paid"} <= actions


def test_declining_needs_a_reason_and_uses_the_operators_letter(
    open_call, django_capture_on_commit_callbacks
):
    operator = OperatorFactory()
    DecisionLetter.objects.filter(kind=LetterKind.DECLINED).update(
        subject="Svar til {søker}", body="Beklager, {kontakt}. {begrunnelse}"
    )
    application = ApplicationFactory(call=open_call, applicant="Kystkoret")
    with pytest.raises(ValidationError):
        services.decide(application=application, granted=False, amount=None, reason=" ", by=operator)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=application, granted=False, amount=None, reason="Utenfor formålet.", by=operator
        )
    assert mail.outbox[-1].subject == "Svar til Kystkoret"
    assert mail.outbox[-1].body.strip() == "Beklager, Kari Kontakt. Utenfor formålet."


def test_the_grantee_reports_once_by_the_link(client, open_call):
    application = ApplicationFactory(call=open_call)
    token = services.report_token(application)
    assert client.get(reverse("grants:report", args=[token])).status_code == 400  # not granted yet
    Application.objects.filter(pk=application.pk).update(status=Status.PAID, amount_granted=1000)
    response = client.post(reverse("grants:report", args=[token]), {"text": "Det gikk bra."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.report == "Det gikk bra." and application.report_received_at
    assert "Takk for rapporten" in client.get(reverse("grants:report", args=[token])).content.decode()


def test_the_call_form_saves_criteria_and_refuses_closing_before_opening(operator_client):
    url = reverse("grants:call_edit", args=[2031])
    data = {
        "budget": "100 000",
        "opens_on": "2031-03-01",
        "closes_on": "2031-02-01",
        "intro_nb": "Søk!",
        "intro_en": "",
        "criteria_nb": "Likestilling\nGjennomførbart",
        "criteria_en": "Equality",
    }
    response = operator_client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Utlysningen kan ikke stenge før den åpner." in body
    assert not GrantCall.objects.filter(year=2031).exists()
    operator_client.post(url, {**data, "closes_on": "2031-04-01", "criteria_en": "Equality\nFeasible"})
    call = GrantCall.objects.get(year=2031)
    assert call.budget == 100000 and [c.text_en for c in call.criteria.all()] == ["Equality", "Feasible"]
    form = operator_client.get(url).context["form"]  # the form opened again shows them, in their order
    assert form.initial["criteria_nb"] == "Likestilling\nGjennomførbart"
    assert form.initial["criteria_en"] == "Equality\nFeasible"


def test_the_letter_form_refuses_unknown_placeholders(operator_client):
    data = {
        "granted-subject": "Ja",
        "granted-body": "Hei {navn}",
        "declined-subject": "Nei",
        "declined-body": "Hei {søker}",
    }
    response = operator_client.post(reverse("grants:letters"), data)
    assert response.status_code == 400 and "Ukjent plassholder: {navn}" in response.content.decode()
    operator_client.post(reverse("grants:letters"), {**data, "granted-body": "Hei {søker}"})
    assert DecisionLetter.objects.get(kind="granted").body == "Hei {søker}"


def test_the_operator_steps_through_the_pages(operator_client, open_call, django_capture_on_commit_callbacks):
    application = ApplicationFactory(call=open_call)
    url = reverse("grants:application", args=[application.pk])
    criterion = open_call.criteria.first()
    assert operator_client.post(url, {"notes": "Fint", f"score_{criterion.pk}": "4"}).status_code == 302
    assert (
        operator_client.post(
            reverse("grants:decide", args=[application.pk]), {"decision": "grant"}
        ).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(
            reverse("grants:decide", args=[application.pk]), {"decision": "grant", "amount": "15 000"}
        )
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert (
        operator_client.post(reverse("grants:pay", args=[application.pk]), {"paid_on": future}).status_code
        == 400
    )
    operator_client.post(reverse("grants:postpone", args=[application.pk]), {"reason": "Utsatt"})
    operator_client.post(reverse("grants:resume", args=[application.pk]))
    operator_client.post(
        reverse("grants:pay", args=[application.pk]), {"paid_on": timezone.localdate().isoformat()}
    )
    application.refresh_from_db()
    assert application.status == Status.PAID and application.amount_granted == 15000
    history = operator_client.get(url).content.decode()
    assert "innvilget, brev sendt" in history and "utbetaling utsatt" in history
    overview = operator_client.get(reverse("grants:overview") + f"?ar={open_call.year}")
    assert overview.context["figures"]["paid_amount"] == 15000
    assert overview.context["figures"]["remaining"] == 85000


def test_granting_over_the_budget_warns(operator_client, open_call, django_capture_on_commit_callbacks):
    open_call.budget = 10000
    open_call.save()
    application = ApplicationFactory(call=open_call)
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            reverse("grants:decide", args=[application.pk]),
            {"decision": "grant", "amount": "12 500"},
            follow=True,
        )
    assert (
        "Tilskuddene for" in response.content.decode()
        and "2\u00a0500 kr over budsjettet" in response.content.decode()
    )


def test_the_privacy_register_deletes_old_drafts_and_old_contact_details(open_call):
    from balanse.core.privacy import declarations

    declared = {d.model: d for d in declarations()}[Application]
    draft = ApplicationFactory(call=open_call, status=Status.DRAFT)
    Application.objects.filter(pk=draft.pk).update(created_at=timezone.now() - timedelta(days=200))
    old = ApplicationFactory(year=2015, status=Status.PAID, amount_granted=1000)
    fresh = ApplicationFactory(call=open_call)
    assert set(declared.expires()) == {draft, old}
    assert declared.erase(declared.expires()) == 2
    assert not Application.objects.filter(pk=draft.pk).exists()
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.amount_granted) == ("", "", 1000)
    fresh.refresh_from_db()
    assert fresh.contact_email


def test_the_staff_list_shows_the_years_sent_applications_with_their_average_score(
    operator_client, open_call
):
    from balanse.grants.queries import application_list
    from tests.grants.factories import CriterionFactory

    criteria = [open_call.criteria.order_by("position").first(), CriterionFactory(call=open_call)]
    member = OrganisationFactory(name="Kystkoret")
    scored = ApplicationFactory(
        call=open_call, project="B-prosjekt", organisation=member, amount_applied=30000
    )
    services.review(
        application=scored, notes="", scores={criteria[0].pk: 4, criteria[1].pk: 1}, by=OperatorFactory()
    )
    granted = ApplicationFactory(
        call=open_call, project="A-prosjekt", status=Status.GRANTED, amount_granted=9000
    )
    ApplicationFactory(call=open_call, project="Utkast", status=Status.DRAFT)  # not sent: not listed
    ApplicationFactory(year=open_call.year - 1, project="I fjor")

    rows = application_list(open_call.year)
    assert [(row.pk, row.status, row.average_score) for row in rows] == [
        (granted.pk, Status.GRANTED, None),
        (scored.pk, Status.SUBMITTED, 2.5),
    ]
    assert rows[1].organisation_id == member.pk and rows[1].get_status_display() == "sendt inn"
    assert [row.pk for row in application_list(open_call.year, Status.GRANTED)] == [granted.pk]
    assert application_list(open_call.year, Status.PAID) == []

    page = operator_client.get(
        reverse("grants:overview") + f"?ar={open_call.year}&status={Status.GRANTED.value}"
    )
    html = page.content.decode()
    assert "A-prosjekt" in html and "B-prosjekt" not in html and "9\xa0000" in html
    html = operator_client.get(reverse("grants:overview") + f"?ar={open_call.year}").content.decode()
    assert (
        "2,5" in html
        and "medlem" in html
        and "None" not in html
        and "Utkast" not in html
        and "I fjor" not in html
    )
