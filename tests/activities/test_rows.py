"""The calendar's activities and the operator's list rows, written in Python (`views.rows`), are the markup their
templates wrote, character for character, in both languages: with titles, places, types and organisers that
need escaping, and every branch of a row (digital with and without a place, a start with and without an end,
none, registration, closed, cancelled, members linked or not, figures missing). Their reads (SQL compiled once)
give what the ORM gives; the activity pages' forms are core's markup, written without templates."""

from datetime import date, time, timedelta
from unittest import mock

import pytest
from django.forms.utils import RenderableMixin
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from balanse.activities import forms, queries
from balanse.activities.models import Activity, ActivityType
from balanse.activities.queries import CalendarRow, ListRow
from balanse.activities.views.rows import calendar_rows, list_rows
from balanse.core.forms_rendering import FormRenderer
from tests.activities.factories import ActivityFactory, SupplementaryEntryFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# The loop of activities/public/calendar.html before its items were written in Python.
CALENDAR_TEMPLATE = """{% for activity in activities %}
  <li class="ds-card">
    <h2 class="ds-heading" data-size="sm"><a class="ds-link" href="{% url 'activities:calendar_detail' activity.pk %}">{{ activity.title }}</a></h2>
    <p class="ds-paragraph event-meta">{{ activity.date|as_date }}{% if activity.start_time %}, {{ activity.start_time|time:"H:i" }}{% if activity.end_time %}–{{ activity.end_time|time:"H:i" }}{% endif %}{% endif %} · {% if activity.digital %}{% translate "Digital" %}{% if activity.place %}, {{ activity.place }}{% endif %}{% else %}{{ activity.place }}{% endif %} · {{ activity.type }}</p>
    {% if activity.registration %}<p class="ds-paragraph event-meta">{% translate "Registration required" %}</p>{% endif %}
  </li>
{% endfor %}"""  # noqa: E501

# core/_table.html's loop with the row of activities/_list_table.html, before the rows were written in Python.
LIST_TEMPLATE = """{% for row in rows %}
    
    <tr>
      <td class="nowrap">{{ row.date|as_short_date }}</td>
      <th scope="row"><a class="ds-link" href="{% url 'activities:edit' row.pk %}">{{ row.title }}</a>{% if not row.public %} <span class="ds-tag" data-color="neutral" data-size="sm">{% translate "closed" %}</span>{% endif %}{% if row.cancelled %} <span class="ds-tag" data-color="warning" data-size="sm">{% translate "cancelled" %}</span>{% endif %}</th>
      <td>{{ row.type }}</td>
      <td>{% if row.digital %}{% translate "Digital" %}{% if row.place %} · {{ row.place }}{% endif %}{% else %}{{ row.place|default:"–" }}{% endif %}</td>
      <td>{{ row.organiser_names|default:"–" }}{% if row.member_count %}<br><span class="muted">{% blocktranslate count counter=row.member_count %}{{ counter }} member linked{% plural %}{{ counter }} members linked{% endblocktranslate %}</span>{% endif %}</td>
      <td class="amount">{{ row.participants|default_if_none:"–" }}</td>
      <td class="amount">{{ row.streaming_audience|default_if_none:"–" }}</td>
    </tr>

  {% endfor %}"""  # noqa: E501, W293

HOSTILE = 'O\'Brien & <Søn> "AS"'

CALENDAR = [
    CalendarRow(
        1, HOSTILE, date(2026, 12, 24), time(18, 5), time(20, 0), False, "Ås & 'Co'", "Kurs <1>", True
    ),
    CalendarRow(2, "Nett", date(2026, 1, 1), time(9, 0), None, True, "", "Foredrag", False),
    CalendarRow(3, "Nett og sal", date(2026, 6, 30), None, time(10, 0), True, "Bodø", "Debatt", False),
    CalendarRow(4, "Uten tid", date(2027, 3, 5), None, None, False, "", "", True),
    CalendarRow(
        5, "Sekunder", date(2027, 3, 5), time(7, 30, 59), time(8, 0, 1), False, "Oslo", "Kurs <1>", False
    ),
]

LIST = [
    ListRow(
        1, date(2020, 3, 1), HOSTILE, True, False, "Kurs <1>", False, "Ås & 'Co'", "A & B | <C>", 2, 0, None
    ),
    ListRow(2, date(2020, 1, 2), "Lukket", False, True, "Foredrag", True, "", "", 1, None, 1500),
    ListRow(3, date(2020, 12, 31), "Digitalt", True, True, "Debatt", True, "Tromsø", "Noen", 0, 12000, 0),
    ListRow(4, date(2019, 5, 5), "Uten sted", False, False, "", False, "", "", 0, None, None),
]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_calendar_items_are_the_templates(language):
    with translation.override(language):
        expected = Template(CALENDAR_TEMPLATE).render(Context({"activities": CALENDAR}))
        assert calendar_rows(CALENDAR) == expected
        assert calendar_rows(CALENDAR) == expected  # and again, as kept
    assert calendar_rows([]) == ""


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_list_rows_are_the_templates(language):
    with translation.override(language):
        expected = Template(LIST_TEMPLATE).render(Context({"rows": LIST}))
        assert list_rows(LIST) == expected
        assert list_rows(LIST) == expected
    assert list_rows([]) == ""


def test_the_rows_escape_what_they_show_and_follow_the_language():
    html = calendar_rows(CALENDAR[:1]) + list_rows(LIST[:1])
    assert "O&#x27;Brien &amp; &lt;Søn&gt; &quot;AS&quot;" in html and HOSTILE not in html
    assert "Ås &amp; &#x27;Co&#x27;" in html and "Kurs &lt;1&gt;" in html and "A &amp; B | &lt;C&gt;" in html
    with translation.override("en"):
        assert "Digital, Bodø" in calendar_rows(CALENDAR[2:3])
        assert "1 member linked" in list_rows(LIST[1:2])
    with translation.override("nb"):
        assert "Digitalt, Bodø" in calendar_rows(CALENDAR[2:3])
        assert "1 medlem koblet" in list_rows(LIST[1:2])


def test_the_calendars_read_is_the_orms():
    """The calendar's rows (compiled once) are the ORM's upcoming public activities in their order, each with
    its type as people read it (its label, else its name), today's included and the limit kept."""
    today = timezone.localdate()
    unnamed = ActivityType.objects.create(name="uten-etikett", label="", order=1)
    for days, title, kwargs in [
        (0, "I dag", {"start_time": time(23, 59)}),
        (0, "I dag tidlig", {"start_time": time(8, 0), "end_time": time(9, 0), "registration": True}),
        (3, "Digitalt", {"digital": True, "place": "", "type": unnamed}),
        (3, "Avlyst", {"cancelled": True}),
        (5, "Lukket", {"public": False}),
        (-1, "I går", {}),
        (9, "Uten tid", {"start_time": None}),
    ]:
        ActivityFactory(title=title, date=today + timedelta(days=days), **kwargs)
    for limit in (200, 2):
        expected = [
            CalendarRow(
                a.pk,
                a.title,
                a.date,
                a.start_time,
                a.end_time,
                a.digital,
                a.place,
                str(a.type),
                a.registration,
            )
            for a in Activity.objects.upcoming_public(today)
            .select_related("type")
            .order_by("date", "start_time", "title")[:limit]
        ]
        assert queries.calendar_rows(limit) == expected
    assert [row.title for row in queries.calendar_rows(200)] == [
        "I dag tidlig",
        "I dag",
        "Digitalt",
        "Uten tid",
    ]
    assert queries.calendar_rows(200)[2].type == "uten-etikett"


def test_the_lists_rows_are_the_orms(operator_client):
    """The list's rows, the year's (compiled once, a page at a time) and a filtered list's, are the ORM's
    activities with their type's label and how many member organisations they link; ties in date and title
    in the order of their keys, the same on both."""
    members = [OrganisationFactory(name=f"Medlem {i}", is_member=True) for i in range(3)]
    for i in range(60):
        activity = ActivityFactory(
            title=f"Seminar {i % 7}", date=date(2020, 1, 1) + timedelta(days=i % 5), cancelled=i % 4 == 0
        )
        activity.organisers.set(members[: i % 4])
    expected = [
        ListRow(
            a.pk,
            a.date,
            a.title,
            a.public,
            a.cancelled,
            str(a.type),
            a.digital,
            a.place,
            a.organiser_names,
            a.organisers.count(),
            a.participants,
            a.streaming_audience,
        )
        for a in Activity.objects.filter(date__year=2020).order_by("-date", "title", "-pk")
    ]
    assert queries.year_list(2020)[0:60] == expected
    assert list(queries.listed(queries.activity_list(year=2020))[0:60]) == expected
    shown = [
        operator_client.get(reverse("activities:list") + f"?ar=2020{query}&side={page}").context["page"]
        for query in ("", "&q=Seminar")
        for page in (1, 2)
    ]
    assert [row for page in shown[:2] for row in page.object_list] == expected
    assert [row for page in shown[2:] for row in page.object_list] == expected


def rendered_by_templates(form) -> tuple[str, int]:
    """`str(form)` and how many templates the form renderer rendered for it."""
    with mock.patch.object(FormRenderer, "render", autospec=True, side_effect=FormRenderer.render) as spy:
        html = str(form)
    return html, spy.call_count


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_activity_pages_forms_are_cores_markup(language, operator):
    """Each form of the register's pages as core's renderer writes it (form.html, the field macro, the widgets'
    templates), unbound and bound, valid or not: without a template unless it has errors."""
    activity = ActivityFactory(title=HOSTILE, place="Ås & 'Co'", description="Linje 1\n<linje 2>")
    entry = SupplementaryEntryFactory(note="Turné <sør> & 'nord'", by=operator)
    kurs = ActivityType.objects.get(name="kurs")
    made = [
        forms.ActivityFilterForm(None, places=["Oslo", HOSTILE]),
        forms.ActivityFilterForm(
            {"ar": "2020", "type": str(kurs.pk), "place": HOSTILE, "digital": "yes", "q": HOSTILE},
            places=["Oslo", HOSTILE],
        ),
        forms.ActivityFilterForm({"ar": "abc", "digital": "kanskje"}, places=[]),
        forms.ActivityForm(),
        forms.ActivityForm(instance=activity),
        forms.ActivityForm({"title": "", "date": "x", "capacity": "0"}),
        forms.ActivityTypeForm(),
        forms.ActivityTypeForm(instance=kurs),
        forms.ActivityTypeForm({"name": "kurs", "label": ""}),
        forms.SupplementaryEntryForm(initial={"year": 2020}),
        forms.SupplementaryEntryForm(instance=entry),
        forms.SupplementaryEntryForm({"year": "1800", "type": "", "count": "-1"}),
        forms.RegistrationForm(),
        forms.RegistrationForm({"name": "", "email": "ikke-epost"}),
    ]
    with translation.override(language):
        for form in made:
            valid = form.is_valid()
            html, templates = rendered_by_templates(form)
            assert html == RenderableMixin.render(form), type(form).__name__
            assert (templates == 0) == (not form.is_bound or valid), type(form).__name__
