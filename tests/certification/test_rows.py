"""The items of the lists that fill a page as the data grows, written in Python (`views.rows`) and kept per value
and language, are the markup the templates wrote, character for character, in both languages: the public
registry's rows, the operator's lists' rows (the review queue, the certifications stuck in a step, the marks
about to expire, the ongoing ones), and a certification page's history, guidance meetings, review comments and
the comments that still need the organisation (with their answer forms)."""

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from balanse.certification import queries
from balanse.certification.forms import AnswerForm
from balanse.certification.models import Certification, StateChange
from balanse.certification.views import operator, rows
from balanse.certification.views.organisation import _give_answer_forms
from balanse.core.models import User

S = Certification.State

NAMES = ['O\'Brien & <Søn> "AS"', "Ås kulturhus", "Dans <i>"]

# The registry's row of _registry_table.html before it was written in Python (the loop of core/_table.html).
REGISTRY_ROWS = """{% for row in rows %}
    
    <tr>
      <th scope="row"><a class="ds-link" href="{% url 'certification:verify' row.certificate_number %}">{{ row.name }}</a></th>
      <td>{{ row.art_fields }}</td>
      <td>{{ row.municipality|default:"–" }}</td>
      <td>{{ row.valid_until|as_date }}</td>
    </tr>

  {% endfor %}"""  # noqa: E501, W293


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_registry_rows_are_the_templates_rows(language):
    registry = [
        queries.RegistryRow(1, "BM-2026-001", NAMES[0], "Ås & 'Co'", date(2026, 12, 31), "Musikk, Film"),
        queries.RegistryRow(2, "BM-2026-002", NAMES[1], "", date(2027, 1, 1), ""),
        queries.RegistryRow(3, "BM 2026 æ&x", NAMES[2], "Bodø", None, "Scenekunst & <dans>"),
    ]
    with translation.override(language):
        expected = Template("{% load site %}" + REGISTRY_ROWS).render(Context({"rows": registry}))
        assert rows.registry_rows(registry) == expected
        assert rows.registry_rows(registry) == expected  # kept
    assert rows.registry_rows([]) == ""
    assert "O&#x27;Brien &amp; &lt;Søn&gt; &quot;AS&quot;" in expected


# The operator's lists' rows before they were written in Python, as each table's row block wrote them.
LINE_ROWS = {
    operator.QUEUE: """
    <tr>
      <th scope="row"><a class="ds-link" href="{{ row.url }}#review-heading">{{ row.name }}</a></th>
      <td>{{ row.since_text }}</td>
      <td>{{ row.waiting_text }}</td>
    </tr>
""",
    operator.STUCK: """
    <tr>
      <th scope="row"><a class="ds-link" href="{{ row.url }}">{{ row.name }}</a></th>
      <td>{{ row.state_label }}</td>
      <td>{% if row.holder == "balansekunst" %}{% translate "Balansekunst" %}{% else %}{% translate "The organisation" %}{% endif %}</td>
      <td>{{ row.in_state_text }}</td>
    </tr>
""",  # noqa: E501
    operator.EXPIRING: """
    <tr>
      <th scope="row"><a class="ds-link" href="{{ row.url }}">{{ row.name }}</a></th>
      <td>{{ row.state_label }}</td>
      <td>{{ row.valid_until_text }}</td>
    </tr>
""",
    "": """
    <tr>
      <th scope="row"><a class="ds-link" href="{{ row.url }}">{{ row.name }}</a></th>
      <td>{{ row.state_label }}</td>
      <td>{{ row.changed_text }}</td>
      <td>{{ row.valid_until_text|default:"–" }}</td>
    </tr>
""",
}


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("view", list(LINE_ROWS))
def test_the_operators_list_rows_are_the_templates_rows(language, view):
    now = timezone.now()
    lines = [
        queries.Line(1, NAMES[0], S.MEASURES, now - timedelta(days=100), None, now - timedelta(days=100)),
        queries.Line(2, NAMES[1], S.IN_REVIEW, now - timedelta(days=1), date(2027, 1, 1), now),
        queries.Line(22, NAMES[2], S.CERTIFIED, now - timedelta(days=3), date(2026, 12, 24), now),
    ]
    template = Template("{% for row in rows %}\n    " + LINE_ROWS[view] + "\n  {% endfor %}")
    with translation.override(language):
        found = operator._rows(lines, now, view)
        assert [row["name"] for row in found] == NAMES
        expected = template.render(Context({"rows": found}))
        assert rows.rows_html(found) == expected
        assert rows.rows_html(operator._rows(lines, now, view)) == expected  # kept
        if view == operator.STUCK:
            assert {row["holder"] for row in found} == {"organisation", "balansekunst", None}
    assert rows.rows_html([]) == ""


# A certification page's lists before they were written in Python.
HISTORY_ROWS = """{% for row in rows %}
    
    <tr>
      <td>{{ row.at|as_datetime }}</td>
      <td>{% if row.from_state %}{{ row.get_from_state_display }} → {% endif %}{{ row.get_to_state_display }}</td>
      <td>{{ row.by|default_if_none:_("the system") }}</td>
      <td>{{ row.reason|default:"–" }}</td>
    </tr>

  {% endfor %}"""  # noqa: W293
MEETINGS = """{% for meeting in meetings %}
  <li><strong>{{ meeting.date|as_date }}</strong>: {{ meeting.notes|linebreaksbr }}{% if meeting.next_step %}<br>{% translate "Next step:" %} {{ meeting.next_step }}{% endif %}</li>
{% endfor %}"""  # noqa: E501
COMMENTS = """{% for comment in comments %}<p class="ds-paragraph comment" data-size="sm">{% blocktranslate with date=comment.created|as_date %}Comment from the review ({{ date }}):{% endblocktranslate %} {{ comment.text }}</p>{% if comment.reply %}<p class="ds-paragraph answer" data-size="sm">{% blocktranslate with date=comment.replied_at|as_date %}The organisation answered ({{ date }}):{% endblocktranslate %} {{ comment.reply }}</p>{% endif %}{% endfor %}"""  # noqa: E501
OPEN_COMMENTS = """{% for comment in open_comments %}
    <li id="comment-{{ comment.pk }}">
      <h3 class="ds-heading" data-size="xs">{{ comment.label }} <span class="ds-tag" data-color="danger">{% translate "Must be changed" %}</span></h3>
      <p class="ds-paragraph comment">{% blocktranslate with date=comment.created|as_date %}Comment from the review ({{ date }}):{% endblocktranslate %} {{ comment.text }}</p>
      {% if may_answer %}
      <details>
        <summary>{% translate "Answer the comment" %}</summary>
        <form method="post" action="{% url 'certification:answer' certification.pk comment.pk %}" novalidate>{% csrf_token %}
          {{ comment.answer_form }}
          <div class="form-actions"><button class="ds-button" data-variant="secondary" type="submit">{% translate "Save the answer" %}</button></div>
        </form>
      </details>
      {% endif %}
    </li>
    {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_certification_pages_history_is_the_templates_rows(language):
    people = [User(full_name="Kari <Nord> & co", email="k@example.org"), User(full_name="", email="o@x.no")]
    at = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # the next day in Oslo
    changes = [
        StateChange(from_state="", to_state=S.APPLIED, at=at, by=None, reason=""),
        StateChange(from_state=S.APPLIED, to_state=S.COURSE, at=at, by=people[0], reason="Fordi <b> & 'så'"),
        StateChange(from_state=S.IN_REVIEW, to_state=S.MEASURES, at=at + timedelta(days=40), by=people[1]),
    ]
    with translation.override(language):
        expected = Template("{% load site %}" + HISTORY_ROWS).render(Context({"rows": changes}))
        assert rows.history_rows(changes) == expected
        assert rows.history_rows(changes) == expected  # kept
    assert "Kari &lt;Nord&gt; &amp; co" in expected


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_certification_pages_meetings_and_comments_are_the_templates(language):
    meetings = [
        SimpleNamespace(
            date=date(2026, 3, 1), notes="Gikk gjennom <alt>\r\nog & mer\n", next_step="Skrive <regler>"
        ),
        SimpleNamespace(date=date(2026, 4, 1), notes="Kort", next_step=""),
    ]
    created = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    comments = [
        SimpleNamespace(created=created, text="Må <gjelde> & 'alle'", reply="", replied_at=None),
        SimpleNamespace(created=created, text="Mer", reply="Vi <beholder> det", replied_at=created),
    ]
    with translation.override(language):
        expected = Template("{% load site %}" + MEETINGS).render(Context({"meetings": meetings}))
        assert rows.meeting_items(meetings) == expected
        expected = Template("{% load site %}" + COMMENTS).render(Context({"comments": comments}))
        assert rows.comment_paragraphs(comments) == expected
        assert rows.comment_paragraphs(comments) == expected  # kept
    assert rows.meeting_items([]) == rows.comment_paragraphs([]) == ""


def unmasked(html: str) -> str:
    """The markup with each CSRF field's token unmasked (a request's token is masked anew each time it is
    written)."""
    return re.sub(
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        lambda found: f'name="csrfmiddlewaretoken" value="{_unmask_cipher_token(found[1])}"',
        html,
    )


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("may_answer", [True, False])
def test_the_open_comments_are_the_templates_items(language, may_answer):
    created = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    comments = [
        SimpleNamespace(pk=7, label="Kontraktsklausul & <mer>", created=created, text="Må <gjelde> & 'alle'"),
        SimpleNamespace(pk=42, label="Rutiner", created=created, text="Mer"),
    ]
    certification = SimpleNamespace(pk=13)
    request = RequestFactory().get("/")
    with translation.override(language):
        _give_answer_forms(comments)
        assert comments[1].answer_form == str(AnswerForm(prefix="c42"))
        context = {"open_comments": comments, "may_answer": may_answer, "certification": certification}
        expected = unmasked(Template(OPEN_COMMENTS).render(RequestContext(request, context)))
        found = Template(
            "{% load certification_rows %}{% open_comment_items open_comments may_answer certification %}"
        )
        assert unmasked(found.render(RequestContext(request, context))) == expected
        assert unmasked(found.render(RequestContext(request, context))) == expected  # kept, with the field
    assert expected.count('name="csrfmiddlewaretoken"') == (2 if may_answer else 0)
    if may_answer:
        assert f'value="{_unmask_cipher_token(get_token(request))}"' in expected
        assert "/virksomhet/merket/13/kommentar/42/svar/" in expected
    assert rows.open_comment_items([], True, 13, lambda: 1 / 0) == ""
