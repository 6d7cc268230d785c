"""The operator's pages: add and edit with clear messages for bad input, the figures page with its supplementary
entries, the types as editable data, the export of what the list shows."""

from datetime import date

import pytest
from django.urls import reverse

from balanse.activities.models import Activity, ActivityType, SupplementaryEntry
from balanse.core.models import AuditEntry
from tests.activities.factories import ActivityFactory, SupplementaryEntryFactory, activity_type
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def form_data(**changes) -> dict:
    data = {
        "title": "Normkritiske perspektiver",
        "type": activity_type("workshop").pk,
        "date": "2020-03-11",
        "place": "Oslo",
        "participants": "40",
        "organiser_names": "Teaterhøgskolen | NOPA",
        "public": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_operator_adds_an_activity_and_a_member_organiser_is_linked(operator_client):
    nopa = OrganisationFactory(name="NOPA", is_member=True)
    response = operator_client.post(reverse("activities:add"), form_data())
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert list(activity.organisers.all()) == [nopa]
    assert activity.organiser_names == "Teaterhøgskolen | NOPA"
    assert AuditEntry.objects.filter(action="activity.created").exists()


def test_bad_input_gives_norwegian_messages_and_changes_nothing(operator_client):
    response = operator_client.post(
        reverse("activities:add"),
        form_data(date="31.31.2020", place="", participants="-4", start_time="18:00", end_time="17:00"),
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"date", "participants"} <= set(errors)
    assert not Activity.objects.exists()
    response = operator_client.post(
        reverse("activities:add"), form_data(place="", start_time="18:00", end_time="17:00")
    )
    errors = response.context["form"].errors
    assert "place" in errors and "end_time" in errors
    assert not Activity.objects.exists()


def test_registration_needs_a_public_activity_with_a_start_time(operator_client):
    response = operator_client.post(
        reverse("activities:add"), form_data(public=None, registration="on", capacity="0")
    )
    errors = response.context["form"].errors
    assert "start_time" in errors and "capacity" in errors
    assert not Activity.objects.exists()


def test_edit_and_delete(operator_client):
    activity = ActivityFactory()
    response = operator_client.post(
        reverse("activities:edit", args=[activity.pk]), form_data(title="Nytt navn", participants="12")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.participants) == ("Nytt navn", 12)
    operator_client.post(reverse("activities:delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_types_are_editable_data(operator_client):
    operator_client.post(reverse("activities:types"), {"name": "konsert", "label": "Konsert", "order": 5})
    konsert = ActivityType.objects.get(name="konsert")
    operator_client.post(
        reverse("activities:type_edit", args=[konsert.pk]),
        {"name": "konsert", "label": "Konsertsamtale", "order": 6},
    )
    konsert.refresh_from_db()
    assert konsert.label == "Konsertsamtale"
    response = operator_client.post(
        reverse("activities:types"), {"name": "konsert", "label": "Dobbel", "order": 1}
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors


def test_figures_page_adds_supplementary_entries_to_the_figures(operator_client):
    ActivityFactory(date=date(2020, 3, 1), participants=10, streaming_audience=100, place="Bergen")
    ActivityFactory(date=date(2020, 4, 1), participants=5, place="", digital=True)
    response = operator_client.post(
        reverse("activities:figures"),
        {
            "year": 2020,
            "type": activity_type("Balanseprat").pk,
            "count": 5,
            "participants": 50,
            "streaming_audience": 0,
            "note": "Ikke listet",
        },
    )
    assert response.status_code == 302
    figures = operator_client.get(reverse("activities:figures") + "?ar=2020").context["figures"]
    assert figures["total"] == 7
    assert figures["by_type"] == {"workshop": 2, "Balanseprat": 5}
    assert (figures["audience_excl_streaming"], figures["audience_incl_streaming"]) == (65, 165)
    assert figures["places"] == ["Bergen"]
    assert figures["digital_share_percent"] == 50.0
    entry = SupplementaryEntry.objects.get()
    operator_client.post(reverse("activities:supplement_delete", args=[entry.pk]))
    assert operator_client.get(reverse("activities:figures") + "?ar=2020").context["figures"]["total"] == 2


def test_bad_supplementary_entry_is_refused(operator_client):
    response = operator_client.post(
        reverse("activities:figures"), {"year": 20, "type": "", "count": -1, "note": ""}
    )
    assert response.status_code == 200
    assert {"year", "type", "count", "note"} <= set(response.context["form"].errors)
    assert not SupplementaryEntry.objects.exists()


def test_export_has_what_the_list_shows(operator_client):
    ActivityFactory(title="Med", date=date(2020, 3, 1), digital=True, place="")
    ActivityFactory(title="Uten", date=date(2020, 3, 2))
    ActivityFactory(title="Annet år", date=date(2019, 3, 2))
    response = operator_client.get(reverse("activities:export") + "?ar=2020&digital=yes&format=csv")
    text = response.content.decode("utf-8-sig")
    assert "Med" in text and "Uten" not in text and "Annet år" not in text
    response = operator_client.get(reverse("activities:export") + "?ar=2020&format=xlsx")
    assert response.content[:2] == b"PK"


def test_annual_figures_signal_answers_with_every_key():
    from balanse.core.signals import annual_figures_requested

    answers = [r for _receiver, r in annual_figures_requested.send(sender=None, year=2031)]
    mine = next(a for a in answers if a and "activities" in a)
    assert list(mine["activities"])[:5] == [
        "total",
        "by_type",
        "audience_incl_streaming",
        "audience_excl_streaming",
        "places",
    ]
    assert mine["activities"]["total"] == 0 and mine["activities"]["places"] == []


def test_filter_form_refuses_a_bad_year_without_error(operator_client):
    response = operator_client.get(reverse("activities:list") + "?ar=abc&type=999&digital=x")
    assert response.status_code == 200


def test_operator_overview_has_the_panels_and_the_menu_the_items(operator_client):
    from django.test import Client

    ActivityFactory(date=date.today())
    page = operator_client.get(reverse("core:dashboard")).content.decode()
    assert reverse("activities:list") in page and reverse("activities:figures") in page
    assert reverse("communication:list") in page
    public = Client().get("/").content.decode()
    assert reverse("activities:calendar") in public and reverse("activities:list") not in public


def test_the_edit_page_shows_the_registrations_the_organisers_and_the_course(operator_client):
    from balanse.activities import services
    from tests.activities.factories import CourseLinkFactory, RegistrationFactory

    first = RegistrationFactory(name="Kari", activity__capacity=1)
    activity = first.activity
    RegistrationFactory(activity=activity, name="Per")  # on the waiting list
    gone = RegistrationFactory(activity=activity, name="Anne")
    services.cancel_registration(registration=gone)
    activity.organisers.set(
        [
            OrganisationFactory(name="Riksteatret", is_member=True),
            OrganisationFactory(name="NOPA", is_member=True),
        ]
    )
    operator_client.cookies["balanse_language"] = "en"
    response = operator_client.get(reverse("activities:edit", args=[activity.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert [r.name for r in response.context["registrations"]] == ["Kari", "Per"]
    assert response.context["confirmed"] == 1
    assert list(response.context["organisers"]) == ["NOPA", "Riksteatret"]
    assert response.context["course_count"] == 0
    assert "<li>NOPA</li><li>Riksteatret</li>" in html
    assert "1 has a place" in html and "1 places" in html
    assert "Anne" not in html and "On the waiting list" in html
    assert "A certification course recorded" not in html

    course = CourseLinkFactory()
    response = operator_client.get(reverse("activities:edit", args=[course.activity_id]))
    assert response.context["course_count"] == 1
    assert response.context["registrations"] == [] and list(response.context["organisers"]) == []


def test_the_edit_page_of_an_activity_not_there_is_404(operator_client):
    assert operator_client.get(reverse("activities:edit", args=[999999])).status_code == 404


def _type_options(html: str) -> list[str]:
    import re

    select = re.search(r'<select name="type"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_type_choices_follow_the_types_as_they_are_edited(operator_client):
    """The forms' type choices (read from SQL compiled once) are the types in their order, with a type added
    or renamed since the last page shown."""
    before = _type_options(operator_client.get(reverse("activities:add")).content.decode())
    expected = [str(t) for t in ActivityType.objects.all()]
    assert before[1:] == expected and len(expected) > 1
    operator_client.post(reverse("activities:types"), {"name": "konsert", "label": "Konsert", "order": 0})
    konsert = ActivityType.objects.get(name="konsert")
    for url in (reverse("activities:add"), reverse("activities:list"), reverse("activities:figures")):
        assert _type_options(operator_client.get(url).content.decode())[1:] == ["Konsert", *expected]
    operator_client.post(
        reverse("activities:type_edit", args=[konsert.pk]),
        {"name": "konsert", "label": "Samtale", "order": 999},
    )
    options = _type_options(operator_client.get(reverse("activities:add")).content.decode())
    assert options[1:] == [*expected, "Samtale"]


def test_the_figures_page_lists_the_years_entries_in_the_types_order_with_their_labels(operator_client):
    first, second = ActivityType.objects.order_by("order", "name")[:2]
    ActivityType.objects.filter(pk=first.pk).update(label="Første type")
    SupplementaryEntryFactory(year=2020, type=second, count=2, participants=20, note="B")
    SupplementaryEntryFactory(year=2020, type=first, count=3, participants=30, note="A")
    SupplementaryEntryFactory(year=2021, type=first, count=4, participants=40, note="C")
    response = operator_client.get(reverse("activities:figures") + "?ar=2020")
    entries = response.context["entries"]
    assert [(str(e.type), e.count, e.note) for e in entries] == [
        ("Første type", 3, "A"),
        (str(second), 2, "B"),
    ]
    html = response.content.decode()
    assert html.index("Første type</a>") < html.index(f"{second}</a>")
    assert f'href="{reverse("activities:supplement_edit", args=[entries[0].pk])}"' in html
    assert dict(response.context["by_type"]) == {"Første type": 3, str(second): 2}
