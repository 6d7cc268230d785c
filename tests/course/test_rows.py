"""The course's rows written in Python (`views.rows`) are the markup the templates wrote, character for
character, in both languages: the organisation's learners (with names that need escaping, no name, each
status) and the operator's steps (of a published version and of a draft, with its edit links)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from balanse.course.queries import STATUS_LABELS, OutlineModule
from balanse.course.views.rows import learner_rows, step_items

# The row of course/_learners_table.html (in core/_table.html's loop) before it was written in Python, as
# the view prepared its learners.
LEARNER_TEMPLATE = """{% for row in rows %}
    <tr><th scope="row">{{ row.user.full_name|default:row.user.email }}</th><td>{{ row.user.email }}</td><td>{{ row.status_label }}</td></tr>
  {% endfor %}"""  # noqa: E501

# The steps of course/operator/course.html before they were written in Python.
STEP_TEMPLATE = """{% for step in module.steps.all %}
    <li>{{ step.title }} ({{ step.get_kind_display }}, <code>{{ step.key }}</code>) –
      <a class="ds-link" href="{% url 'course:operator_preview' course.slug step.pk %}">{% translate "Preview" %}<span class="visually-hidden"> {{ step.title }}</span></a>
      {% if draft %} · <a class="ds-link" href="{% url 'course:operator_step' course.slug step.pk %}">{% translate "Edit" %}<span class="visually-hidden"> {{ step.title }}</span></a>{% endif %}</li>
  {% endfor %}"""  # noqa: E501

LEARNERS = [
    ("", "ingen.navn@example.org", "invited"),
    ('O\'Brien & <Søn> "AS"', "o&b@example.org", "started"),
    ("Kari Nordmann", "kari@example.org", "completed"),
]


class Learner:
    """An enrollment as the view gave it to the template."""

    def __init__(self, full_name, email, status):
        self.user = type("User", (), {"full_name": full_name, "email": email})()
        self.status_label = STATUS_LABELS[status]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_learner_rows_are_the_templates_rows(language):
    with translation.override(language):
        expected = Template(LEARNER_TEMPLATE).render(Context({"rows": [Learner(*row) for row in LEARNERS]}))
        assert learner_rows(LEARNERS) == expected
    assert learner_rows([]) == ""


class Steps:
    def __init__(self, steps):
        self.steps = steps

    def all(self):
        return self.steps


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("draft", [False, True])
def test_the_step_items_are_the_templates_items(language, draft):
    from balanse.course.models import Step

    steps = [
        (7, "Definisjonen & <loven>", "text", "definisjonen"),
        (8, 'Sjekk "forståelsen"', "quiz", "quiz-definisjon"),
        (9, "Video", "video", "video-1"),
        (10, "Tanker", "reflection", "tanker"),
        (11, "Case", "case", "case-1"),
    ]
    course = type("Course", (), {"slug": "trygt-kulturliv"})()
    with translation.override(language):
        module = OutlineModule(pk=1, title="Modul", steps=steps)
        step_items(course, [module], draft=draft)
        instances = [Step(pk=pk, title=title, kind=kind, key=key) for pk, title, kind, key in steps]
        expected = Template(STEP_TEMPLATE).render(
            Context({"module": {"steps": Steps(instances)}, "course": course, "draft": draft})
        )
        assert module.steps_html == expected
        assert ("Edit" in expected or "Rediger" in expected) is draft
