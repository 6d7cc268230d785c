"""The overview's tables and the inquiry forms are written in Python or kept per value (`advisory.rows`,
`views.log`): the inquiry table and the figure tables are the markup the templates they replaced wrote, character
for character, in both languages, with text that needs escaping; the figures come from one query and equal what
the queries per table they replaced gave; the list pages through the year's inquiries in a fixed number of
queries; the empty and the edit form are the forms' own markup, notes included."""

from datetime import date, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from balanse.advisory import forms, queries, rows, services
from balanse.advisory.models import CallerRole, Channel, Help, Inquiry, Topic
from balanse.advisory.views.log import _tables
from balanse.core import compiled
from tests.organisations.factories import ArtFieldFactory

pytestmark = pytest.mark.django_db

# advisory/_inquiry_table.html before its rows were written in Python (its rows: Inquiries).
OLD_INQUIRY_TABLE = """{% extends "core/_table.html" %}
{% block region %} tabindex="0" role="region" aria-labelledby="inquiry-list"{% endblock %}
{% block caption_attrs %} id="inquiry-list" class="visually-hidden"{% endblock %}
{% block caption %}{% translate "Inquiries" %}{% endblock %}
{% block head %}<tr><th scope="col">{% translate "Date" %}</th><th scope="col">{% translate "Topic" %}</th><th scope="col">{% translate "Channel" %}</th><th scope="col">{% translate "Who" %}</th><th scope="col">{% translate "Follow-up" %}</th></tr>{% endblock %}
{% block row %}
    <tr>
      <th scope="row"><a class="ds-link" href="{% url 'advisory:inquiry' row.pk %}">{{ row.date|as_short_date }}{% if row.ref %} ({{ row.ref }}){% endif %}</a></th>
      <td>{{ row.get_topic_display }}</td>
      <td>{{ row.get_channel_display }}</td>
      <td>{{ row.get_caller_role_display|default:"–" }}</td>
      <td>{% if row.follow_up %}<span class="ds-tag" data-color="warning" data-size="sm">{% translate "yes" %}</span>{% else %}–{% endif %}</td>
    </tr>
{% endblock %}
{% block after %}{% include "core/_pagination.html" %}{% endblock %}
{% block empty %}{% translate "No inquiries this year." %}{% endblock %}
"""  # noqa: E501

# The loop over the figure tables in advisory/overview.html before they were written in Python.
OLD_FIGURE_TABLES = """{% for table in tables %}
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="fig-{{ table.key }}">
<table class="ds-table" data-size="sm">
  <caption id="fig-{{ table.key }}">{{ table.title }}</caption>
  <thead><tr><th scope="col">{% translate "Category" %}</th><th scope="col" class="amount">{% translate "Number" %}</th></tr></thead>
  <tbody>
  {% for label, value in table.rows %}
    <tr><th scope="row">{{ label }}</th><td class="amount">{% if value is None %}&lt;3{% else %}{{ value }}{% endif %}</td></tr>
  {% endfor %}
  </tbody>
</table>
</div>
{% endfor %}"""  # noqa: E501


def _render(text: str, context: dict) -> str:
    return engines["django"].from_string(text).render(context)


def _old_figures(year: int, *, suppressed: bool) -> dict:
    """`queries.figures` as it was: a query per table."""

    def by(rows, field, choices):
        counted = dict(rows.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
        return {value: counted.get(value, 0) for value, _label in choices}

    rows = Inquiry.objects.filter(date__year=year)
    totals = rows.aggregate(total=Count("pk"), follow_up=Count("pk", filter=Q(follow_up=True)))
    help_given = {code: 0 for code, _label in Help.choices}
    for codes in rows.values_list("help_given", flat=True):
        for code in codes or []:
            if code in help_given:
                help_given[code] += 1
    roles = by(rows, "caller_role", CallerRole.choices)
    roles[""] = rows.filter(caller_role="").count()
    tables = {
        "by_topic": by(rows, "topic", Topic.choices),
        "by_channel": by(rows, "channel", Channel.choices),
        "by_role": roles,
        "by_help": help_given,
    }
    if suppressed:
        tables = {name: queries.suppress(table) for name, table in tables.items()}
        follow_up = {"yes": totals["follow_up"], "no": totals["total"] - totals["follow_up"]}
        totals["follow_up"] = queries.suppress(follow_up)["yes"]
        if 0 < totals["total"] < queries.THRESHOLD:
            totals["total"] = None
    return {"inquiries": totals["total"], "follow_up": totals["follow_up"], **tables}


def _make(n: int, year: int = 2020) -> None:
    roles = ["", *CallerRole.values]
    helps = [[], ["LDO"], ["politiet", "annet", "politiet"], ["ukjent"]]
    Inquiry.objects.bulk_create(
        [
            Inquiry(
                date=date(year, 1 + i % 12, 1 + i % 28),
                ref=f"R<{i}>&'\"" if i % 3 else "",
                channel=Channel.values[i % 3],
                topic=Topic.values[i % 5],
                caller_role=roles[i % len(roles)],
                help_given=helps[i % 4],
                follow_up=i % 4 == 0,
            )
            for i in range(n)
        ]
    )


def test_the_figures_from_one_query_equal_the_queries_per_table():
    compiled.forget()
    _make(37)
    _make(2, year=2021)  # under the threshold
    Inquiry.objects.create(date=date(2019, 12, 31), channel="telefon", topic="annet")  # another year
    for year in (2020, 2021, 2022):
        for suppressed in (True, False):
            with CaptureQueriesContext(connection) as asked:
                found = queries.figures(year, suppressed=suppressed)
            assert found == _old_figures(year, suppressed=suppressed)
            assert len(asked) == 1
    assert queries.figures(2020, suppressed=False)["by_help"]["politiet"] == 18  # 9 rows name it twice


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_tables_are_the_templates_tables(language):
    compiled.forget()
    _make(61)
    with translation.override(language):
        for suppressed in (True, False):
            tables = _tables(queries.figures(2020, suppressed=suppressed))
            assert rows.figure_tables(tables) == _render(OLD_FIGURE_TABLES, {"tables": tables})
        instances = Paginator(Inquiry.objects.filter(date__year=2020).order_by("-date", "-pk"), 50)
        tuples = Paginator(queries.page_rows(2020), 50)
        for number in (1, 2):
            old, new = instances.page(number), tuples.page(number)
            expected = _render(OLD_INQUIRY_TABLE, {"rows": old.object_list, "page": old})
            html = rows.inquiry_rows(new.object_list)
            found = (
                engines["django"]
                .get_template("advisory/_inquiry_table.html")
                .render({"rows": new.object_list, "rows_html": html, "page": new})
            )
            assert found == expected
        empty = engines["django"].get_template("advisory/_inquiry_table.html").render({"rows": []})
        assert empty == _render(OLD_INQUIRY_TABLE, {"rows": []})
    assert "R&lt;1&gt;&amp;&#x27;&quot;" in rows.inquiry_rows(queries.page_rows(2020))


def test_the_list_shows_the_right_page_and_count_in_a_fixed_number_of_queries(adviser_client):
    compiled.forget()
    url = reverse("advisory:overview") + "?ar=2020"
    _make(10)
    adviser_client.get(url)
    with CaptureQueriesContext(connection) as small:
        adviser_client.get(url)
    _make(110)
    with CaptureQueriesContext(connection) as large:
        response = adviser_client.get(url + "&side=3")
    assert len(large) == len(small)
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (3, 3, 120)
    newest_first = list(Inquiry.objects.filter(date__year=2020).order_by("-date", "-pk").values_list("pk"))
    assert [row[0] for row in page.object_list] == [pk for (pk,) in newest_first[100:]]
    assert response.content.decode().count('<tr><th scope="row">') > 0
    assert (
        response.content.decode().count('<th scope="row"><a class="ds-link" href="/drift/radgivning/') == 20
    )
    # The page links keep the year: page 2 of 2020 is 2020's, not this year's.
    assert 'href="?ar=2020&amp;side=2">' in response.content.decode()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_empty_form_is_the_forms_own_and_follows_the_art_fields(adviser_client, settings, language):
    compiled.forget()
    ArtFieldFactory(code="music")
    url = reverse("advisory:new")
    adviser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override(language):
        today = timezone.localdate()
        assert str(forms.InquiryForm(initial={"date": today})) in adviser_client.get(url).content.decode()
        ArtFieldFactory(code="film")
        body = adviser_client.get(url).content.decode()
        assert str(forms.InquiryForm(initial={"date": today})) in body
    with CaptureQueriesContext(connection) as asked:
        adviser_client.get(url)
    assert len(asked) <= 6


NOTES = "Første linje\n<b>Ola</b> & \"Kari\" sa 'nei'"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_edit_form_is_the_forms_own_with_its_notes(adviser_client, adviser, settings, tmp_path, language):
    compiled.forget()
    field = ArtFieldFactory(code="music")
    data = {
        "date": date(2020, 5, 4),
        "channel": "telefon",
        "topic": "rasisme",
        "caller_role": "",
        "field": field,
        "help_given": ["LDO", "annet"],
        "follow_up": True,
        "ref": "A&<1>",
    }
    adviser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with_notes = services.log_inquiry(data=data, notes=NOTES, by=adviser)
    without = services.log_inquiry(data={**data, "ref": "", "field": None}, notes="", by=adviser)
    deleted = services.log_inquiry(data={**data, "ref": "B"}, notes="", by=adviser)
    Inquiry.objects.filter(pk=deleted.pk).update(notes_deleted_at=timezone.now() - timedelta(days=1))
    with translation.override(language):
        bodies = []
        for inquiry, notes in ((with_notes, NOTES), (without, ""), (deleted, "")):
            inquiry = Inquiry.objects.get(pk=inquiry.pk)
            bodies.append(adviser_client.get(reverse("advisory:edit", args=[inquiry.pk])).content.decode())
            assert str(forms.InquiryForm(instance=inquiry, notes=notes)) in bodies[-1]
        assert "&lt;b&gt;Ola&lt;/b&gt; &amp; &#34;Kari&#34; sa &#39;nei&#39;" in bodies[0]
        assert "NotesStandIn" not in "".join(bodies)
        # Without the key the notes are disabled and empty, as the form writes them so.
        settings.ADVISORY_KEY_PATH = tmp_path / "elsewhere" / "none.key"
        inquiry = Inquiry.objects.get(pk=with_notes.pk)
        body = adviser_client.get(reverse("advisory:edit", args=[inquiry.pk])).content.decode()
        form = forms.InquiryForm(instance=inquiry, notes="")
        form.fields["notes"].disabled = True
        assert str(form) in body


def test_the_edit_form_of_help_given_that_is_not_a_list_of_codes_is_the_forms_own(adviser_client):
    inquiry = Inquiry.objects.create(
        date=date(2020, 5, 4), channel="telefon", topic="annet", help_given=[{"odd": ["x"]}, "LDO"]
    )
    body = adviser_client.get(reverse("advisory:edit", args=[inquiry.pk])).content.decode()
    assert str(forms.InquiryForm(instance=Inquiry.objects.get(pk=inquiry.pk), notes="")) in body
