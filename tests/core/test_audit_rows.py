"""An audit table's rows are written in Python (`core.audit.rows`, the `audit_rows` filter of
core/_audit_table.html): the table is the markup the row block wrote before, character for character, in both
languages, for an entry by a person, by a deleted person (the pseudonym) and by the system, with names and
objects that need escaping, an action with a label and one without; the audit log's page reads the same number
of queries however many entries there are."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from balanse.core.audit import entries_for, record
from balanse.core.models import AuditEntry
from tests.factories import OperatorFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# core/_audit_table.html before its rows were written in Python.
OLD_TABLE = """{% extends "core/_table.html" %}
{% block region %} tabindex="0" role="region" aria-label="{% translate "Audit log" %}"{% endblock %}
{% block caption %}{% translate "Audit log" %}{% endblock %}
{% block head %}<tr><th scope="col">{% translate "When" %}</th><th scope="col">{% translate "Who" %}</th><th scope="col">{% translate "Action" %}</th></tr>{% endblock %}
{% block row %}<tr><td>{{ row.at|as_datetime }}</td><td>{% if row.actor %}{{ row.actor }}{% elif row.actor_pseudonym %}{{ row.actor_pseudonym }}{% else %}{% translate "the system" %}{% endif %}</td><td>{{ row.readable }}</td></tr>{% endblock %}
{% block empty %}{% translate "Nothing has been recorded yet." %}{% endblock %}
"""  # noqa: E501


def _entries():
    organisation = OrganisationFactory(name='<i>"Teater" & co</i>')
    person = UserFactory(full_name="Åse <b>Ødegård</b>")
    gone = UserFactory(full_name="Slettet Person")
    record(actor=person, action="organisations.updated", obj=organisation)
    record(actor=None, action="no.label.for.this", obj=organisation)
    record(actor=gone, action="organisations.updated", obj=organisation)
    AuditEntry.objects.filter(actor=gone).update(actor=None, actor_pseudonym="Slettet person 7")
    record(actor=OperatorFactory(full_name=""), action="organisations.updated", obj=organisation)
    return list(entries_for(organisation))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_are_the_old_row_blocks_markup(language):
    entries = _entries()
    assert len(entries) == 4
    django = engines["django"]
    with translation.override(language):
        new = django.get_template("core/_audit_table.html").render({"rows": entries})
        old = django.from_string(OLD_TABLE).render({"rows": entries})
    assert new == old
    assert "&lt;i&gt;&quot;Teater&quot; &amp; co&lt;/i&gt;" in new and "<i>" not in new
    assert "Åse &lt;b&gt;Ødegård&lt;/b&gt;" in new and "Slettet person 7" in new


def test_the_audit_log_reads_the_same_queries_however_many_entries(operator_client):
    url = reverse("core:audit_log")
    organisation = OrganisationFactory()
    record(actor=None, action="organisations.updated", obj=organisation)
    operator_client.get(url)
    with CaptureQueriesContext(connection) as few:
        operator_client.get(url)
    for number in range(60):
        record(
            actor=UserFactory(), action="organisations.updated", obj=OrganisationFactory(name=f"Org {number}")
        )
    with CaptureQueriesContext(connection) as many:
        body = operator_client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert body.count("\n    <tr><td>") == 50  # a page of 50


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_logs_empty_filter_is_the_forms_own_markup(operator_client, settings, language):
    """Without a filter the page writes the empty form's markup kept per process and language: the same as the
    form bound to empty values writes, in the page's language, with the actions in the order of their labels."""

    def filter_form(params) -> str:
        page = operator_client.get(reverse("core:audit_log"), params)
        html = page.content.decode()
        return html[html.index('<form method="get" class="filters"') :].split('<div class="form-actions')[0]

    operator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    blank, bound = filter_form({}), filter_form({"who": "", "what": ""})
    assert blank == bound
    assert ("Hvem" if language == "nb" else "Who") in blank
    labels = [part.split(">")[1].split("<")[0] for part in blank.split('<option value="')[2:]]
    assert len(labels) > 20 and labels == sorted(labels, key=str.casefold)
