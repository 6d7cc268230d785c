"""The log's rows and the figures page's lists (key figures, totals without rows) are written in Python
(`communication.rows`), the log's empty filter form kept per language and the figures page's two empty forms per
year and language: the rows and lists are the markup the templates wrote, character for character, in both
languages, with text that needs escaping; the forms are the forms' own markup; the figures page reads
its counts once (not again for the annual report's section), in a fixed number of queries however many totals and
figures the year has, and shows the same figures as the section."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from balanse.communication import forms, queries, rows
from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount
from balanse.core import compiled

pytestmark = pytest.mark.django_db

# The loops of communication/figures.html before they were written in Python (key_figures, supplements: the
# year's model instances).
OLD_KEY_FIGURES = """{% for figure in key_figures %}<li><a class="ds-link" href="{% url 'communication:key_figure_edit' figure.pk %}">{{ figure.name }}</a>: {{ figure.display_value }}{% if figure.unit %} {{ figure.unit }}{% endif %}</li>{% endfor %}"""  # noqa: E501
OLD_SUPPLEMENTS = """{% for count in supplements %}<li>{{ count.get_type_display }}: {{ count.count }} – {{ count.note }}
  <form method="post" action="{% url 'communication:supplement_delete' count.pk %}" class="inline-form">{% csrf_token %}<button class="ds-button" data-variant="tertiary" data-color="danger" data-size="sm" type="submit">{% translate "Delete" %}<span class="visually-hidden"> {{ count }}</span></button></form></li>{% endfor %}"""  # noqa: E501


# communication/_list_table.html before its rows were written in Python (its rows: Entries).
OLD_LIST_TABLE = """{% extends "core/_table.html" %}
{% block region %} tabindex="0" role="region" aria-labelledby="communication-table"{% endblock %}
{% block caption_attrs %} id="communication-table" class="visually-hidden"{% endblock %}
{% block caption %}{% blocktranslate %}Communication {{ year }}{% endblocktranslate %}{% endblock %}
{% block head %}<tr><th scope="col">{% translate "Date" %}</th><th scope="col">{% translate "Title" %}</th><th scope="col">{% translate "Type" %}</th><th scope="col">{% translate "Outlet or body" %}</th></tr>{% endblock %}
{% block row %}
    <tr>
      <td class="nowrap">{{ row.date|as_short_date }}</td>
      <th scope="row"><a class="ds-link" href="{% url 'communication:edit' row.pk %}">{{ row.title }}</a>{% if row.link %} · <a class="ds-link" href="{{ row.link }}" rel="noopener noreferrer">{% translate "open" %}<span class="visually-hidden"> {{ row.title }}</span></a>{% endif %}</th>
      <td>{{ row.get_type_display }}</td>
      <td>{{ row.outlet|default:"–" }}</td>
    </tr>
{% endblock %}
{% block after %}{% include "core/_pagination.html" %}{% endblock %}
{% block empty %}{% translate "Nothing is logged for this choice. Totals without rows are on the figures page." %}{% endblock %}
"""  # noqa: E501


def _render(text: str, context: dict) -> str:
    return engines["django"].from_string(text).render(context)


def _make(year: int, n: int, start: int = 0) -> None:
    SupplementaryCount.objects.bulk_create(
        [
            SupplementaryCount(
                year=year, type=EntryType.values[i % 4], count=i, note=f"Note <{i}> & 'co' \"x\""
            )
            for i in range(start, start + n)
        ]
    )
    KeyFigure.objects.bulk_create(
        [
            KeyFigure(
                year=year,
                name=f"Figure {i} <&>",
                value=Decimal(i) + (Decimal("0.5") if i % 2 else 0),
                unit=["", "%", "<b>"][i % 3],
            )
            for i in range(start, start + n)
        ]
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_lists_are_the_templates_lists(language):
    compiled.forget()
    _make(2020, 7)
    token = "Ab3" * 16
    with translation.override(language):
        for year in (2020, 2021):
            page = queries.figures_page(year)
            key_figures = KeyFigure.objects.filter(year=year)
            supplements = SupplementaryCount.objects.filter(year=year)
            assert rows.key_figure_items(page["key_figures"]) == _render(
                OLD_KEY_FIGURES, {"key_figures": key_figures}
            )
            assert rows.supplement_items(page["supplements"], token) == _render(
                OLD_SUPPLEMENTS, {"supplements": supplements, "csrf_token": token}
            )
    assert "Figure 5 &lt;&amp;&gt;</a>: 5.5 &lt;b&gt;" in rows.key_figure_items(
        queries.figures_page(2020)["key_figures"]
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_empty_forms_are_the_forms_own(operator_client, settings, language):
    operator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for year in (2020, 2021):
        body = operator_client.get(reverse("communication:figures") + f"?ar={year}").content.decode()
        with translation.override(language):
            assert str(forms.SupplementaryCountForm(initial={"year": year}, prefix="total")) in body
            assert str(forms.KeyFigureForm(initial={"year": year}, prefix="figure")) in body


def test_the_page_reads_its_figures_once_in_a_fixed_number_of_queries(operator_client):
    compiled.forget()
    url = reverse("communication:figures") + "?ar=2020"
    Entry.objects.create(date=date(2020, 3, 1), type=EntryType.OP_ED, title="Kronikk")
    _make(2020, 1)
    operator_client.get(url)
    Entry.objects.filter(type=EntryType.OP_ED).update(
        title="Kronikken"
    )  # a write: counted again (core.stamps)
    with CaptureQueriesContext(connection) as few:
        operator_client.get(url)
    _make(2020, 30, start=1)
    with CaptureQueriesContext(connection) as many:
        response = operator_client.get(url)
    assert len(many) == len(few)
    assert sum("communication_entry" in query["sql"] for query in many.captured_queries) == 1
    with CaptureQueriesContext(connection) as kept:  # no write since: the figures are kept
        assert operator_client.get(url).context["figures"] == response.context["figures"]
    assert len(kept) < len(many)
    assert not any("communication_entry" in query["sql"] for query in kept.captured_queries)
    assert response.context["figures"] == queries.annual_figures(2020)["communication"]
    assert response.content.decode().count('class="inline-form"') == 31
    assert response.content.decode().count("/drift/kommunikasjon/nokkeltall/") == 31


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_log_is_the_templates_log(operator_client, settings, language):
    compiled.forget()
    Entry.objects.bulk_create(
        [
            Entry(
                date=date(2020, 1 + i % 12, 1 + i % 28),
                type=EntryType.values[i % 4],
                title=f"Sak <{i}> & 'co' \"x\"",
                outlet="" if i % 3 else f"Avis & <{i}>",
                link=f"https://example.org/?a={i}&b=<x>" if i % 2 else "",
            )
            for i in range(73)
        ]
    )
    operator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    template = engines["django"].get_template("communication/_list_table.html")
    with translation.override(language):
        for query, number in (
            ("?ar=2020", 1),
            ("?ar=2020&side=2", 2),
            ("?ar=2020&type=kronikk", 1),
            ("?ar=2019", 1),
        ):
            response = operator_client.get(reverse("communication:list") + query)
            page = response.context["page"]
            year = response.context["year"]
            old = Paginator(queries.entry_list(year=year, type="kronikk" if "type" in query else ""), 50)
            expected = _render(
                OLD_LIST_TABLE,
                {
                    "rows": old.page(number).object_list,
                    "page": old.page(number),
                    "year": year,
                    "query": response.context["query"],
                },
            )
            found = template.render(
                {
                    "rows": page.object_list,
                    "rows_html": response.context["rows_html"],
                    "page": page,
                    "year": year,
                    "query": response.context["query"],
                }
            )
            assert found == expected
            assert expected in response.content.decode()
        body = operator_client.get(reverse("communication:list")).content.decode()
        assert str(forms.EntryFilterForm()) in body


def test_the_log_pages_in_a_fixed_number_of_queries(operator_client):
    url = reverse("communication:list") + "?ar=2020&side=2"
    Entry.objects.bulk_create(
        [Entry(date=date(2020, 5, 1), type=EntryType.MEDIA, title=f"Sak {i}") for i in range(60)]
    )
    with CaptureQueriesContext(connection) as few:
        response = operator_client.get(url)
    assert (response.context["total"], len(response.context["page"].object_list)) == (60, 10)
    Entry.objects.bulk_create(
        [Entry(date=date(2020, 5, 2), type=EntryType.MEDIA, title=f"Ny {i}") for i in range(500)]
    )
    with CaptureQueriesContext(connection) as many:
        response = operator_client.get(url)
    assert len(many) == len(few)
    assert response.content.decode().count('<td class="nowrap">') == 50
