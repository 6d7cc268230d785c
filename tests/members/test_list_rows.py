"""The member list's rows, written in Python (`views.rows.member_rows`), are the markup the list's row template
wrote, character for character, in both languages: with names and places that need escaping, a member new in
the year or gone, and each kind of fee (a tier paid or not, a special agreement, no fee, none set)."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from balanse.core.dates import format_short_date
from balanse.members.models import SupportingMember
from balanse.members.views.rows import detail_link, kroner, member_rows, supporting_rows
from balanse.organisations.models import art_field_label

# The row of members/list.html before it was written in Python, as the view prepared its members.
ROW_TEMPLATE = """{% for member in rows %}
    <tr>
      <th scope="row"><a class="ds-link" href="{{ member.detail_url }}">{{ member.organisation.name }}</a>{% if member.joined.year == year %} <span class="ds-tag" data-color="info" data-size="sm">{% translate "new" %}</span>{% endif %}{% if member.left %} <span class="ds-tag" data-color="warning" data-size="sm">{% translate "left" %}</span>{% endif %}</th>
      <td>{{ member.field_label|default:"–" }}</td>
      <td>{{ member.organisation.municipality|default:"–" }}</td>
      <td class="nowrap">{{ member.joined_text }}</td>
      <td>{% if member.fee_tier %}{{ member.tier_text }} kr{% elif member.fee_agreement %}{% translate "Special agreement" %}{% elif member.has_fee %}{% translate "No fee" %}{% else %}–{% endif %}</td>
      <td class="amount">{% if member.fee_paid %}{{ member.paid_text }} kr{% elif member.fee_tier %}<span class="ds-tag" data-color="danger" data-size="sm">{% translate "not paid" %}</span>{% else %}–{% endif %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


class Row:
    """A member as the view gave it to the template."""

    def __init__(self, row: tuple, year: int):
        pk, name, municipality, joined, left, field_code, tier, agreement, paid, has_fee = row
        self.organisation = type("Organisation", (), {"name": name, "municipality": municipality})()
        self.joined, self.left, self.fee_tier, self.fee_agreement = joined, left, tier, agreement
        self.fee_paid, self.has_fee = paid, has_fee
        self.detail_url = detail_link(year)(pk)
        self.joined_text = format_short_date(joined)
        self.field_label = art_field_label(field_code) if field_code else ""
        self.tier_text, self.paid_text = kroner(tier), kroner(paid)


ROWS = [
    (1, 'O\'Brien & <Søn> "AS"', "Ås & 'Co'", date(2020, 3, 1), None, "music", 15000, "", 15000, True),
    (2, "Teater Nord", "", date(2018, 1, 1), date(2020, 6, 30), None, 5000, "", 0, True),
    (3, "Dans <i>", "Bodø", date(2019, 5, 5), None, "performing_arts", None, "Samarbeid & mer", 0, True),
    (4, "Kor", "Oslo", date(2020, 12, 31), date(2020, 12, 31), "film", None, "", 0, True),
    (5, "Band", "Bergen", date(2017, 2, 2), None, "education", None, "", 0, False),
    (6, "Galleri", "Tromsø", date(2016, 1, 1), None, "visual_arts", 1000, "", 250, True),
]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rows_are_the_templates_rows(language):
    with translation.override(language):
        for year in (2020, 2021):
            expected = Template(ROW_TEMPLATE).render(
                Context({"rows": [Row(row, year) for row in ROWS], "year": year})
            )
            assert member_rows(ROWS, year) == expected
    assert member_rows([], 2020) == ""


def test_the_rows_escape_what_they_show():
    html = member_rows(ROWS[:1], 2020)
    assert "O&#x27;Brien &amp; &lt;Søn&gt; &quot;AS&quot;" in html
    assert "Ås &amp; &#x27;Co&#x27;" in html


# The row of members/supporting.html before it was written in Python.
SUPPORTING_ROW_TEMPLATE = """{% for member in rows %}
    <tr>
      <th scope="row">{% if member.is_erased %}<span class="muted">{% translate "(erased after leaving)" %}</span>{% else %}{{ member.name }}{% endif %}{% if member.joined.year == year %} <span class="ds-tag" data-color="info" data-size="sm">{% translate "new" %}</span>{% endif %}</th>
      <td>{{ member.email|default:"–" }}</td>
      <td>{{ member.municipality|default:"–" }}</td>
      <td class="nowrap">{{ member.joined_text }}</td>
      <td class="nowrap">{{ member.left_text|default:"–" }}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_supporting_rows_are_the_templates_rows(language):
    members = [
        SupportingMember(
            name="Kari <b> & 'Nord'", email="k&n@example.org", municipality="Ås", joined=date(2020, 1, 1)
        ),
        SupportingMember(
            name="Ola", email="", municipality="", joined=date(2019, 5, 1), left=date(2020, 3, 1)
        ),
        SupportingMember(
            name="",
            email="",
            municipality="Bodø",
            joined=date(2018, 1, 1),
            left=date(2019, 1, 1),
            erased_at=datetime(2019, 2, 1, tzinfo=UTC),
        ),
    ]
    with translation.override(language):
        for member in members:  # as the view wrote them, in the page's language
            member.joined_text = format_short_date(member.joined)
            member.left_text = format_short_date(member.left)
        for year in (2019, 2020):
            expected = Template(SUPPORTING_ROW_TEMPLATE).render(Context({"rows": members, "year": year}))
            assert supporting_rows(members, year) == expected


# The collaboration page's member lists before they were written in Python, as the view prepared its rows:
# dicts of the member's link, name and art field's label (None without one); with the kinds, sorted labels.
NOT_REACHED_TEMPLATE = """{% for member in rows %}<li><a class="ds-link" href="{{ member.detail_url }}">{{ member.name }}</a> <span class="muted">({{ member.field }})</span></li>{% endfor %}"""  # noqa: E501
REACHED_TEMPLATE = """{% for member, kinds in rows %}<li><a class="ds-link" href="{{ member.detail_url }}">{{ member.name }}</a> – {{ kinds|join:", " }}</li>{% endfor %}"""  # noqa: E501

COLLABORATION_ROWS = [
    (7, 70, 'O\'Brien & <Søn> "AS"', "music"),
    (8, 80, "Teater Nord", None),
    (9, 90, "Dans <i>", "performing_arts"),
]
REACHED = {70: {"contact", "activity"}, 80: {"course"}, 90: {"grant", "unknown & <kind>"}}


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_collaboration_lists_are_the_templates_lists(language):
    from balanse.members.models import REACHED_KIND_LABELS
    from balanse.members.views.rows import collaboration_rows

    with translation.override(language):
        year = 2020
        members = [
            {
                "detail_url": detail_link(year)(pk),
                "name": name,
                "field": art_field_label(code) if code else None,
                "organisation_id": organisation_id,
            }
            for pk, organisation_id, name, code in COLLABORATION_ROWS
        ]
        expected = Template(NOT_REACHED_TEMPLATE).render(Context({"rows": members}))
        assert "(None)" in expected
        assert collaboration_rows(COLLABORATION_ROWS, year) == expected
        reached = [
            (m, sorted(str(REACHED_KIND_LABELS.get(k, k)) for k in REACHED[m["organisation_id"]]))
            for m in members
        ]
        expected = Template(REACHED_TEMPLATE).render(Context({"rows": reached}))
        assert "&lt;kind&gt;" in expected
        assert collaboration_rows(COLLABORATION_ROWS, year, REACHED) == expected
        assert collaboration_rows([], year) == collaboration_rows([], year, REACHED) == ""


# The applications page's waiting applications before they were written in Python.
PENDING_TEMPLATE = """{% for application in pending %}
    <tr><th scope="row"><a class="ds-link" href="{% url 'members:application' application.pk %}">{{ application.name }}</a></th><td>{{ application.field }}</td><td>{{ application.municipality }}</td><td>{{ application.created|as_date }}</td></tr>
  {% endfor %}"""  # noqa: E501


# The applications page's decided applications before they were written in Python.
DECIDED_TEMPLATE = """{% for application in decided %}
    <tr><th scope="row"><a class="ds-link" href="{% url 'members:application' application.pk %}">{{ application.name }}</a></th><td>{{ application.get_state_display }}</td><td>{{ application.decided_at|as_date }}</td><td>{{ application.decided_by|default:"–" }}</td></tr>
  {% endfor %}"""  # noqa: E501


def _pending():
    from balanse.members.models import MembershipApplication
    from balanse.organisations.models import ArtField

    return [
        MembershipApplication(
            pk=3,
            name='O\'Brien & <Søn> "AS"',
            municipality="Ås & 'Co'",
            field=ArtField(pk=1, code="music"),
            created=datetime(2020, 12, 31, 23, 30, tzinfo=UTC),  # 1 January in Oslo
        ),
        MembershipApplication(
            pk=12,
            name="Teater Nord",
            municipality="",
            field=ArtField(pk=2, code="performing_arts"),
            created=datetime(2021, 6, 1, tzinfo=UTC),
        ),
    ]


def _decided():
    from balanse.core.models import User
    from balanse.members.models import ApplicationState, MembershipApplication

    return [
        MembershipApplication(
            pk=4,
            name="<Scene> & 'Co'",
            state=ApplicationState.APPROVED,
            decided_at=datetime(2020, 12, 31, 23, 30, tzinfo=UTC),  # 1 January in Oslo
            decided_by=User(email="drift@example.org", full_name='Kari "K" Nordmann & Co'),
        ),
        MembershipApplication(
            pk=7,
            name="Teater Sør",
            state=ApplicationState.DECLINED,
            decided_at=datetime(2021, 6, 1, tzinfo=UTC),
            decided_by=User(email="ops@example.org", full_name=""),
        ),
        MembershipApplication(pk=9, name="Uten beslutter", state=ApplicationState.DECLINED, decided_at=None),
    ]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    ("name", "template", "make", "shown"),
    [
        ("application_rows", PENDING_TEMPLATE, _pending, ["&lt;Søn&gt;", "<td></td>"]),  # no municipality
        (
            "decided_application_rows",
            DECIDED_TEMPLATE,
            _decided,
            ["&lt;Scene&gt;", "ops@example.org", "<td>–</td>"],
        ),
    ],
)
def test_the_applications_are_the_templates_rows(name, template, make, shown, language):
    """The waiting and the decided applications, written in Python, are the page's loops before, character
    for character, with names that need escaping, a missing place, an account without a name, no decision-maker."""
    from balanse.members.views import rows

    applications, write = make(), getattr(rows, name)
    with translation.override(language):
        expected = Template(template).render(Context({"pending": applications, "decided": applications}))
        assert all(text in expected for text in shown)
        assert write(applications) == expected
        assert write([]) == ""
