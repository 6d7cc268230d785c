"""The public calendar of upcoming public activities: the page, the iCalendar feed, registration and
cancelling by the link in the e-mails."""

from datetime import datetime, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from icalendar import Calendar, Event

from balanse.activities import forms, queries, services
from balanse.activities.models import Activity, Registration, RegistrationState
from balanse.activities.views import rows
from balanse.core import stamps
from balanse.core.kept_pages import kept_public_page
from balanse.core.links import absolute_url
from balanse.core.ratelimit import limit_posts

CALENDAR_LIMIT = 200


@kept_public_page
def calendar(request):
    activities = queries.calendar_rows(CALENDAR_LIMIT)
    return render(
        request,
        "activities/public/calendar.html",
        {"activities": activities, "activities_html": rows.calendar_rows(activities)},  # once per row
    )


def _public_activity(pk: int) -> Activity:
    activity = queries.public_activity(pk)
    if activity is None:
        raise Http404
    return activity


def _message(code: str) -> str:
    return {
        "closed": _("Registration for this activity is closed."),
        "duplicate": _("This e-mail address is already registered for the activity. Look for our e-mail."),
        "over": _("The activity is over; the registration can no longer be cancelled."),
    }[code]


@require_http_methods(["GET", "POST"])
@limit_posts("activities-register", "ACTIVITY_REGISTRATION_RATE")
@kept_public_page
def calendar_detail(request, pk: int):
    activity = _public_activity(pk)
    open_ = services.is_open_for_registration(activity)
    if not activity.is_over:
        stamps.holds_until(activity.ends_at)  # its registration closes then
    form = forms.RegistrationForm(request.POST or None) if open_ else None
    if request.method == "POST":
        if form is None:
            return render(
                request,
                "activities/public/detail.html",
                {"activity": activity, "error": _message("closed")},
                status=400,
            )
        if form.is_valid():
            try:
                registration = services.register(activity=activity, request=request, **form.cleaned_data)
            except services.RegistrationError as exc:
                form.add_error("email", _message(str(exc)))
            else:
                return render(
                    request,
                    "activities/public/registered.html",
                    {"activity": activity, "registration": registration},
                )
    return render(
        request,
        "activities/public/detail.html",
        {
            "activity": activity,
            "form": form,
            "places_left": services.places_left(activity) if open_ else None,
        },
    )


@require_http_methods(["GET", "POST"])
def cancel_registration(request, token: str):
    """GET shows a button (mail scanners follow links); POST cancels."""
    registration = Registration.objects.select_related("activity").filter(token=token).first()
    if registration is None:
        return render(request, "activities/public/link_invalid.html", status=404)
    context = {"registration": registration, "activity": registration.activity}
    if request.method == "POST" and registration.state != RegistrationState.CANCELLED:
        try:
            services.cancel_registration(registration=registration, request=request)
        except services.RegistrationError as exc:
            return render(
                request, "activities/public/cancel.html", context | {"error": _message(str(exc))}, status=400
            )
        return redirect("activities:cancel_registration", token=token)
    return render(request, "activities/public/cancel.html", context)


def _as_local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def calendar_feed(request):
    """The upcoming public activities as an iCalendar feed (RFC 5545)."""
    cal = Calendar()
    cal.add("prodid", "-//Balansekunst//Balanse//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Balansekunst's activities"))
    host = request.get_host().split(":")[0]
    now = timezone.now()
    for activity in queries.upcoming_public(CALENDAR_LIMIT):
        event = Event()
        event.add("uid", f"activity-{activity.pk}@{host}")
        event.add("dtstamp", now)
        event.add("summary", activity.title)
        if activity.start_time:
            event.add("dtstart", _as_local(activity.starts_at))
            event.add("dtend", _as_local(activity.ends_at))
        else:
            event.add("dtstart", activity.date)
            event.add("dtend", activity.date + timedelta(days=1))
        location = activity.place or (_("Digital") if activity.digital else "")
        if location:
            event.add("location", location)
        if activity.description:
            event.add("description", activity.description)
        event.add("url", absolute_url("activities:calendar_detail", request=request, args=[activity.pk]))
        event.add("last-modified", activity.updated)
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="balansekunst.ics"'
    return response
