"""Supporting members: sign up, confirm by e-mail (double opt-in), leave by a link in any e-mail; leaving erases
the personal data and the counts of past years stay right."""

import re
from datetime import date, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from balanse.core.models import AuditEntry
from balanse.core.privacy import declarations
from balanse.members import privacy, queries, services
from balanse.members.models import Member, MembershipApplication, Payment, SupportingMember
from tests.members.factories import SupportingMemberFactory

pytestmark = pytest.mark.django_db


def link(kind: str) -> str:
    body = mail.outbox[-1].body
    return re.search(rf"https?://\S+/stottemedlem/{kind}/\S+/", body).group(0)


def test_sign_up_confirm_and_leave(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:supporting_signup"),
            {"name": "Oda Oppdiktet", "email": "Oda@Example.org", "municipality": "Bodø"},
        )
    assert response.url == reverse("members:supporting_sent")
    member = SupportingMember.objects.get()
    assert (member.email, member.joined) == ("oda@example.org", None)
    assert (
        queries.supporting_figures(timezone.localdate().year)["total"] == 0
    )  # nothing counts before confirmation
    assert mail.outbox[-1].subject == "Bekreft at du vil være støttemedlem i Balansekunst"
    confirm = link("bekreft")
    assert "/stottemedlem/meld-ut/" in mail.outbox[-1].body

    page = client.get(confirm)  # a mail scanner following the link changes nothing
    assert "Ja, jeg vil være støttemedlem" in page.content.decode()
    member.refresh_from_db()
    assert member.joined is None
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(confirm)
    member.refresh_from_db()
    assert member.joined == timezone.localdate()
    assert "Velkommen som støttemedlem" in page.content.decode()
    assert mail.outbox[-1].subject == "Velkommen som støttemedlem i Balansekunst"
    leave = link("meld-ut")

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(leave)
    assert "Du har meldt deg ut" in page.content.decode()
    member.refresh_from_db()
    assert (member.name, member.email, member.municipality, member.left) == (
        f"(slettet #{member.pk})",
        "",
        "",
        timezone.localdate(),
    )
    assert member.erased_at is not None
    assert mail.outbox[-1].subject == "Du har meldt deg ut som støttemedlem i Balansekunst"
    assert "Oda" not in str(list(AuditEntry.objects.values_list("object_repr", "details")))
    again = client.get(leave)
    assert again.status_code == 400
    assert "Du er ikke lenger støttemedlem" in again.content.decode()


def test_leaving_keeps_the_counts_of_past_years():
    members = [SupportingMemberFactory(joined=date(2019, 3, 1)) for _ in range(3)]
    SupportingMemberFactory(joined=date(2020, 3, 1))
    before = (queries.supporting_figures(2019), queries.supporting_figures(2020))
    services.leave_supporting_member(member=members[0], today=date(2021, 2, 1))
    assert (queries.supporting_figures(2019), queries.supporting_figures(2020)) == before
    assert before == ({"total": 3, "new": 3}, {"total": 4, "new": 1})
    assert queries.supporting_figures(2021) == {"total": 4, "new": 0}
    assert queries.supporting_figures(2022) == {"total": 3, "new": 0}


def test_signing_up_twice_does_not_reveal_membership_or_make_a_second_row(
    client, django_capture_on_commit_callbacks
):
    SupportingMemberFactory(name="Kari", email="kari@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:supporting_signup"), {"name": "Kari", "email": "kari@example.org"}
        )
    assert response.url == reverse("members:supporting_sent")
    assert SupportingMember.objects.count() == 1
    assert mail.outbox[-1].subject == "Du er allerede støttemedlem i Balansekunst"


def test_a_confirmation_link_that_is_tampered_with_or_old_is_refused(client, settings):
    member = SupportingMember.objects.create(name="Per", email="per@example.org")
    token = services.supporting.confirm_token(member)
    response = client.get(reverse("members:supporting_confirm", args=[token + "x"]))
    assert response.status_code == 400
    assert "Denne lenken er ikke gyldig" in response.content.decode()
    import time_machine

    with time_machine.travel("2099-01-01"):
        response = client.get(reverse("members:supporting_confirm", args=[token]))
    assert "Denne bekreftelseslenken har gått ut" in response.content.decode()


def test_a_sign_up_never_confirmed_is_deleted_when_leaving():
    member = SupportingMember.objects.create(name="Per", email="per@example.org")
    services.leave_supporting_member(member=member)
    assert not SupportingMember.objects.exists()


def test_signup_form_states_what_is_kept_and_keeps_what_was_typed(client):
    page = client.get(reverse("members:supporting_signup")).content.decode()
    assert "Hva vi lagrer, og hvorfor" in page
    response = client.post(reverse("members:supporting_signup"), {"name": "Liv", "email": "ikke en adresse"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Liv"' in page and 'value="ikke en adresse"' in page
    assert not SupportingMember.objects.exists()


def test_personal_data_is_declared_with_its_retention():
    declared = {d.model: d for d in declarations()}
    assert {SupportingMember, Member, MembershipApplication, Payment} <= set(declared)
    supporting = declared[SupportingMember]
    assert supporting.email_field == "email"
    old = SupportingMember.objects.create(name="Gammel", email="gammel@example.org")
    SupportingMember.objects.filter(pk=old.pk).update(created=timezone.make_aware(datetime(2020, 1, 1)))
    SupportingMemberFactory()
    assert list(supporting.expires()) == [old]
    assert supporting.erase(SupportingMember.objects.filter(email="gammel@example.org")) == 1
    assert not SupportingMember.objects.filter(email="gammel@example.org").exists()
    assert privacy.unconfirmed_sign_ups().count() == 0
