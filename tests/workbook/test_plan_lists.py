"""The plan's lists (the rules, the contact persons) are written by one tag (list_items) instead of a loop
of the template, so that a plan ten times as long costs little more (issue 19): the markup stays the loop's,
every entry escaped, and every rule and contact person is on the page."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from balanse.workbook.models import Section, SectionKey
from tests.workbook.conftest import fill_workbook

HOSTILE = "\"'><script>alert(1)</script> & co"
LOOP = "{% for entry in value %}<li>{{ entry }}</li>{% endfor %}"
TAG = "{% load workbook_tags %}{% list_items value %}"


@pytest.mark.parametrize("autoescape", ["on", "off"])
def test_list_items_writes_what_the_templates_loop_wrote(autoescape):
    value = [
        HOSTILE,
        "Vi kommenterer ikke hverandres utseende.",
        mark_safe("<em>trygg</em>"),  # noqa: S308 - a marked safe entry is written as it is, as by the loop
        1234567,
        datetime.date(2026, 12, 1),
        "",
    ]
    with translation.override("nb"):
        for source in (LOOP, TAG):
            wrapped = f"{{% autoescape {autoescape} %}}{source}{{% endautoescape %}}"
            if source == LOOP:
                expected = Template(wrapped).render(Context({"value": value}))
            else:
                written = Template(wrapped).render(Context({"value": value}))
    assert written == expected
    if autoescape == "on":
        assert "<script>" not in written
        assert "&lt;script&gt;" in written
        assert "<em>trygg</em>" in written


@pytest.mark.django_db
def test_a_long_plan_shows_every_rule_and_contact_escaped(client_for, workbook):
    fill_workbook(workbook)
    rules = Section.objects.get(workbook=workbook, key=SectionKey.RULES)
    rules.data = rules.data | {"rules": [{"text": f"Regel {n} {HOSTILE}", "factors": []} for n in range(60)]}
    rules.save()
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/plan/").content.decode()
    for n in range(60):
        assert f"<li>Regel {n} &quot;&#x27;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</li>" in page
    assert "<script>alert" not in page
