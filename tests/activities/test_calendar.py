"""The public calendar: the page and the iCalendar feed (parsed back with `icalendar`), registration with
capacity, the waiting list that moves up by itself, the e-mails, cancelling by the link, the registrations
becoming the participants after the event, and their deletion a set time after it."""

import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from balanse.activities import services
from balanse.activities.models import Activity, Registration, RegistrationState
from balanse.core.privacy import declarations
from tests.activities.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def upcoming(**kwargs) -> Activity:
    defaults = {
        "date": timezone.localdate() + timedelta(days=7),
        "start_time": time(18, 0),
        "end_time": time(20, 0),
        "registration": True,
        "capacity": 2,
        "public": True,
        "participants": None,
    }
    return ActivityFactory(**(defaults | kwargs))


def register(client, activity, name, email):
    return client.post(
        reverse("activities:calendar_detail", args=[activity.pk]), {"name": name, "email": email}
    )


def cancel_link(body: str) -> str:
    return re.search(r"https?://\S+(/kalender/avmeld/\S+/)", body).group(1)


def test_calendar_shows_upcoming_public_activities_only(client):
    shown = upcoming(title="Åpent seminar")
    upcoming(title="Lukket kurs", public=False)
    ActivityFactory(title="Gammelt", date=timezone.localdate() - timedelta(days=1))
    upcoming(title="Avlyst", cancelled=True)
    response = client.get(reverse("activities:calendar"))
    assert [a.title for a in response.context["activities"]] == [shown.title]


def test_the_calendar_is_kept_until_an_activity_changes_and_shows_a_change_at_once(client):
    """The calendar's rows are kept (balanse.core.stamps): a second view reads no activity, and a change of
    any kind (a bulk update here, as an import would make) shows on the next view."""
    shown = upcoming(title="Åpent seminar")
    assert "Åpent seminar" in client.get(reverse("activities:calendar")).content.decode()
    with CaptureQueriesContext(connection) as kept:
        assert "Åpent seminar" in client.get(reverse("activities:calendar")).content.decode()
    assert not any('"activities_activity"' in query["sql"] for query in kept.captured_queries)
    Activity.objects.filter(pk=shown.pk).update(cancelled=True)
    assert "Åpent seminar" not in client.get(reverse("activities:calendar")).content.decode()


def test_an_activity_page_is_kept_until_a_registration_and_no_longer_than_the_activity_lasts():
    """A public activity's page is kept for visitors (balanse.core.kept_pages): a registration shows at once (one
    place fewer), and when the activity is over the kept page is not given: the registration is closed."""
    oslo = timezone.get_default_timezone()
    with time_machine.travel(datetime(2026, 12, 10, 19, 58, tzinfo=oslo), tick=False) as traveller:
        activity = upcoming(date=date(2026, 12, 10), capacity=2)  # 18:00–20:00
        url = reverse("activities:calendar_detail", args=[activity.pk])

        def page():
            with CaptureQueriesContext(connection) as captured:
                html = Client().get(url).content.decode()
            return html, any('"activities_activity"' in query["sql"] for query in captured.captured_queries)

        html, read = page()
        assert "2 plasser igjen." in html and read
        html, read = page()
        assert "2 plasser igjen." in html and not read  # kept
        register(Client(), activity, "Ada", "ada@example.org")
        html, read = page()
        assert "1 plass igjen." in html and read
        traveller.move_to(datetime(2026, 12, 10, 19, 59, 59, tzinfo=oslo))
        html, read = page()
        assert "1 plass igjen." in html and not read
        traveller.move_to(datetime(2026, 12, 10, 20, 0, tzinfo=oslo))
        html, read = page()
        assert "Påmeldingen er stengt." in html and "plass igjen" not in html and read
        assert register(Client(), activity, "Bo", "bo@example.org").status_code == 400


def test_the_ical_feed_parses_back_with_the_events(client):
    timed = upcoming(title="Seminar, med komma; og semikolon", description="Linje 1\nLinje 2", place="Bodø")
    all_day = upcoming(title="Heldagskurs", start_time=None, end_time=None, digital=True, place="")
    upcoming(title="Lukket", public=False)
    response = client.get(reverse("activities:calendar_feed"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {timed.title, all_day.title}
    event = events[timed.title]
    assert event.decoded("dtstart") == timezone.localtime(timed.starts_at)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=2)
    assert str(event["location"]) == "Bodø"
    assert str(event["description"]) == "Linje 1\nLinje 2"
    assert str(event["uid"]).startswith(f"activity-{timed.pk}@")
    assert str(event["url"]).endswith(reverse("activities:calendar_detail", args=[timed.pk]))
    day = events[all_day.title]
    assert day.decoded("dtstart") == all_day.date
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]


def test_register_fill_up_wait_and_move_up_when_someone_cancels(client, django_capture_on_commit_callbacks):
    activity = upcoming(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, activity, "Ada", "ada@example.org")
        register(client, activity, "Bo", "bo@example.org")
        response = register(client, activity, "Cia", "CIA@example.org")
    assert "waiting" in response.content.decode() or response.context["registration"].state == "waiting"
    states = dict(Registration.objects.values_list("email", "state"))
    assert states == {
        "ada@example.org": "confirmed",
        "bo@example.org": "confirmed",
        "cia@example.org": "waiting",
    }
    cia_mail = [m for m in mail.outbox if m.to == ["cia@example.org"]][-1]
    assert "venteliste" in cia_mail.subject.lower() or "waiting" in cia_mail.subject.lower()
    ada_mail = [m for m in mail.outbox if m.to == ["ada@example.org"]][-1]
    link = cancel_link(ada_mail.body)
    assert client.get(link).status_code == 200
    assert Registration.objects.get(email="ada@example.org").state == "confirmed"  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    states = dict(Registration.objects.values_list("email", "state"))
    assert states == {
        "ada@example.org": "cancelled",
        "bo@example.org": "confirmed",
        "cia@example.org": "confirmed",
    }
    moved = [m for m in mail.outbox if m.to == ["cia@example.org"]]
    assert len(moved) == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)  # the link again: nothing more happens
    assert len(mail.outbox) == 4  # three registrations, one moved up


def test_the_same_address_cannot_register_twice_and_bad_input_is_refused(client):
    activity = upcoming()
    register(client, activity, "Ada", "ada@example.org")
    response = register(client, activity, "Ada igjen", "ADA@example.org")
    assert "email" in response.context["form"].errors
    response = register(client, activity, "", "ikke-en-adresse")
    assert {"name", "email"} <= set(response.context["form"].errors)
    assert Registration.objects.count() == 1


def test_no_registration_when_closed_over_or_not_taking_registrations(client):
    closed = upcoming(registration=False)
    response = register(client, closed, "Ada", "ada@example.org")
    assert response.status_code == 400
    over = upcoming(date=timezone.localdate() - timedelta(days=1))
    assert register(client, over, "Ada", "ada@example.org").status_code == 400
    assert not Registration.objects.exists()


def test_raising_the_capacity_moves_the_waiting_list_up(operator):
    activity = upcoming(capacity=1)
    services.register(activity=activity, name="A", email="a@example.org")
    waiting = services.register(activity=activity, name="B", email="b@example.org")
    assert waiting.state == RegistrationState.WAITING
    services.save_activity(activity=Activity.objects.get(pk=activity.pk), by=operator, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.state == RegistrationState.CONFIRMED


def test_reminders_go_once(django_capture_on_commit_callbacks):
    activity = upcoming(date=timezone.localdate() + timedelta(days=1))
    services.register(activity=activity, name="A", email="a@example.org")
    later = upcoming(date=timezone.localdate() + timedelta(days=10))
    services.register(activity=later, name="B", email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0
    assert [m.to for m in mail.outbox if "Påminnelse" in m.subject or "Reminder" in m.subject] == [
        ["a@example.org"]
    ]


def test_registrations_become_the_participants_then_are_deleted(operator, settings):
    settings.ACTIVITY_REGISTRATION_DAYS = 30
    activity = upcoming(capacity=5)
    for n in range(3):
        services.register(activity=activity, name=f"P{n}", email=f"p{n}@example.org")
    services.cancel_registration(registration=Registration.objects.first())
    after = timezone.make_aware(datetime.combine(activity.date, time(21, 0)))
    assert services.count_registrations_as_participants(now=after) == 1
    activity.refresh_from_db()
    assert (activity.participants, activity.participants_from_registrations) == (2, True)
    assert services.count_registrations_as_participants(now=after) == 0  # idempotent
    # The staff correct the figure: it stays.
    services.save_activity(activity=activity, by=operator, data={"participants": 3})
    assert services.count_registrations_as_participants(now=after) == 0
    activity.refresh_from_db()
    assert activity.participants == 3
    # Deleted a set time after the activity; the figure stays.
    assert services.delete_expired_registrations(now=after + timedelta(days=29)) == 0
    assert services.delete_expired_registrations(now=after + timedelta(days=31)) == 3
    assert services.delete_expired_registrations(now=after + timedelta(days=32)) == 0
    activity.refresh_from_db()
    assert activity.participants == 3 and not activity.registrations.exists()


def test_the_command_is_idempotent(capsys):
    activity = upcoming(date=timezone.localdate() - timedelta(days=1), capacity=None)
    Registration.objects.create(activity=activity, name="A", email="a@example.org", state="confirmed")
    call_command("activities_daily")
    assert "counted=1 deleted=0" in capsys.readouterr().out
    call_command("activities_daily")
    assert "counted=0 deleted=0" in capsys.readouterr().out
    Activity.objects.filter(pk=activity.pk).update(date=timezone.localdate() - timedelta(days=40))
    call_command("activities_daily")
    assert "counted=0 deleted=1" in capsys.readouterr().out
    call_command("activities_daily")
    assert "counted=0 deleted=0" in capsys.readouterr().out
    activity.refresh_from_db()
    assert activity.participants == 1


def test_registrations_are_declared_as_personal_data():
    declaration = next(d for d in declarations() if d.model is Registration)
    assert declaration.email_field == "email"
    assert declaration.expires is not None and declaration.retention_period == timedelta(days=30)


def test_cancelling_the_activity_tells_everyone_registered_once(operator, django_capture_on_commit_callbacks):
    activity = upcoming(capacity=1)
    services.register(activity=activity, name="A", email="a@example.org")
    services.register(activity=activity, name="B", email="b@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_activity(
            activity=Activity.objects.get(pk=activity.pk), by=operator, data={"cancelled": True}
        )
        services.save_activity(
            activity=Activity.objects.get(pk=activity.pk), by=operator, data={"title": "Nytt"}
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all(m.subject.startswith("Avlyst:") for m in mail.outbox)
    assert "/kalender/" in mail.outbox[0].body


def test_the_calendar_and_an_event_show_the_type_the_order_and_the_places_left(client):
    """Read from SQL compiled once: the calendar's activities soonest first (today's included) with their type's
    label; an event page with its places left as registrations come; no page for an activity not public."""
    later = upcoming(title="Seminar", date=timezone.localdate() + timedelta(days=9))
    today = upcoming(
        title="I dag", date=timezone.localdate(), start_time=time(23, 59), end_time=None, capacity=2
    )
    client.cookies["balanse_language"] = "en"
    response = client.get(reverse("activities:calendar"))
    assert [a.title for a in response.context["activities"]] == ["I dag", "Seminar"]
    assert f" · {later.type}</p>" in response.content.decode() and str(later.type)
    page = client.get(reverse("activities:calendar_detail", args=[today.pk]))
    assert page.context["places_left"] == 2 and "2 places left." in page.content.decode()
    assert f"<dd>{today.type}</dd>" in page.content.decode()
    register(client, today, "Kari", "kari@example.org")
    page = client.get(reverse("activities:calendar_detail", args=[today.pk]))
    assert page.context["places_left"] == 1 and "1 place left." in page.content.decode()
    closed = upcoming(title="Lukket", public=False)
    assert client.get(reverse("activities:calendar_detail", args=[closed.pk])).status_code == 404
    assert client.get(reverse("activities:calendar_detail", args=[999999])).status_code == 404
