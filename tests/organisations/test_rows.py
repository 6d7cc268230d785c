"""The operator's list of organisations and an organisation's people are tables whose rows are written in Python
(`organisations.rows`): the tables are the markup the row templates they replaced wrote through core/_table.html,
character for character, in both languages, with text that needs escaping, for an administrator (e-mail
addresses and the forms) and a member; so are an organisation's open invitations and its art fields. The list reads a page of organisations in a fixed number of queries,
however many there are, and gives the same lines, in the same order, as the ORM query it replaced."""

import re

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Lower
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from balanse.core import compiled
from balanse.organisations import queries, rows
from balanse.organisations.models import ArtField, Organisation, Role
from tests.factories import OrganisationFactory, make_org_admin, make_org_member
from tests.organisations.factories import ArtFieldFactory, InvitationFactory

# organisations/_list_table.html before its rows were written in Python.
OLD_LIST_TABLE = """{% extends "core/_table.html" %}
{% block size %}{% endblock %}
{% block caption %}{% translate "Organisations" %}{% endblock %}
{% block head %}<tr><th scope="col">{% translate "Name" %}</th><th scope="col">{% translate "Art fields" %}</th><th scope="col">{% translate "Municipality" %}</th><th scope="col">{% translate "Organisation number" %}</th><th scope="col">{% translate "People" %}</th></tr>{% endblock %}
{% block row %}
    <tr>
      <th scope="row"><a class="ds-link" href="{{ row.url }}">{{ row.name }}</a>{% if row.member_since == 2020 %} <span class="ds-tag" data-color="info" data-size="sm">{% translate "new member 2020" %}</span>{% endif %}</th>
      <td>{{ row.fields }}</td>
      <td>{{ row.municipality }}</td>
      <td>{{ row.org_number }}</td>
      <td>{{ row.people }}</td>
    </tr>
{% endblock %}
{% block after %}{% include "core/_pagination.html" %}{% endblock %}
{% block empty %}{% translate "No organisations match. Try fewer words or another field." %}{% endblock %}
"""  # noqa: E501

# organisations/_people_table.html before its rows were written in Python (its rows: Memberships).
OLD_PEOPLE_TABLE = """{% extends "core/_table.html" %}
{% block caption %}{% translate "People" %}{% endblock %}
{% block head %}<tr><th scope="col">{% translate "Name" %}</th>{% if can_manage %}<th scope="col">{% translate "E-mail" %}</th>{% endif %}<th scope="col">{% translate "Role" %}</th>{% if can_manage %}<th scope="col">{% translate "Change" %}</th>{% endif %}</tr>{% endblock %}
{% block row %}
    <tr>
      <th scope="row">{{ row.user.full_name|default:row.user.email }}</th>
      {% if can_manage %}<td>{{ row.user.email }}</td>{% endif %}
      <td>{{ row.get_role_display }}</td>
      {% if can_manage %}
      <td>
        <form method="post" action="{% url 'organisations:membership_update' organisation.pk row.pk %}" class="inline-form">
          {% csrf_token %}
          <label class="visually-hidden" for="role-{{ row.pk }}">{% blocktranslate with person=row.user %}Role for {{ person }}{% endblocktranslate %}</label>
          <select class="ds-input" data-size="sm" name="role" id="role-{{ row.pk }}">
            <option value="admin"{% if row.role == "admin" %} selected{% endif %}>{% translate "Administrator" %}</option>
            <option value="member"{% if row.role == "member" %} selected{% endif %}>{% translate "Member" %}</option>
          </select>
          <button class="ds-button" data-variant="secondary" data-size="sm" type="submit" name="action" value="role">{% translate "Change role" %}</button>
          <button class="ds-button" data-variant="tertiary" data-color="danger" data-size="sm" type="submit" name="action" value="remove">{% translate "Remove" %}<span class="visually-hidden"> {{ row.user }}</span></button>
        </form>
      </td>
      {% endif %}
    </tr>
{% endblock %}
{% block empty %}{% translate "Nobody has joined yet." %}{% endblock %}
"""  # noqa: E501

LIST_ROWS = [
    queries.ListRow(
        "/virksomhet/1/", 'O\'Brien & <Søn> "AS"', 2020, "Musikk, Film", "Ås & 'Co'", "123 456 789", 3
    ),
    queries.ListRow("/virksomhet/2/", "Teater Nord", 2019, "", "", "", 0),
    queries.ListRow("/virksomhet/3/?a=1&b=<2>", "Dans", None, "Dans <i>", "Bodø", "12", 1200),
]


def _render(text: str, context: dict) -> str:
    return engines["django"].from_string(text).render(context)


def _new(name: str, context: dict) -> str:
    return engines["django"].get_template(name).render(context)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_list_is_the_templates_list(language):
    with translation.override(language):
        for shown in (LIST_ROWS, LIST_ROWS[1:2], []):
            expected = _render(OLD_LIST_TABLE, {"rows": shown})
            found = _new(
                "organisations/_list_table.html", {"rows": shown, "rows_html": rows.list_rows(shown)}
            )
            assert found == expected
    html = rows.list_rows(LIST_ROWS[:1])
    assert "O&#x27;Brien &amp; &lt;Søn&gt; &quot;AS&quot;" in html and "Ås &amp; &#x27;Co&#x27;" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_people_are_the_templates_people(language):
    compiled.forget()
    organisation = OrganisationFactory()
    make_org_admin(organisation, user__email="a&b@example.org", user__full_name="")
    make_org_member(organisation, user__email="kari@example.org", user__full_name='Kari <"Nordmann"> & co')
    make_org_member(organisation, user__email="ola@example.org", user__full_name="Ola")
    make_org_member(user__email="other@example.org")  # another organisation's
    empty = OrganisationFactory()
    token = "Ab3" * 16
    with translation.override(language):
        for shown, can_manage in ((organisation, True), (organisation, False), (empty, True)):
            context = {"organisation": shown, "can_manage": can_manage, "csrf_token": token}
            expected = _render(OLD_PEOPLE_TABLE, {**context, "rows": queries.people_of(shown)})
            people = queries.people_rows(shown)
            html = rows.people_rows(shown.pk, people, can_manage=can_manage, csrf_token=token)
            found = _new("organisations/_people_table.html", {**context, "rows": people, "rows_html": html})
            assert found == expected
    assert [row.role for row in queries.people_rows(organisation)] == [Role.ADMIN, Role.MEMBER, Role.MEMBER]


@pytest.mark.django_db
def test_a_page_of_the_list_in_the_same_order_and_a_fixed_number_of_queries():
    compiled.forget()
    music, film = ArtFieldFactory(code="music"), ArtFieldFactory(code="film")
    names = ["beta", "Alfa", "gamma", "Delta", "epsilon", "Zeta", "eta", "Theta"]
    for index, name in enumerate(names):
        organisation = OrganisationFactory(name=name, member_since=2020 if index % 3 == 0 else None)
        organisation.art_fields.set([film, music][: index % 3])
        for _ in range(index % 4):
            make_org_member(organisation)

    def orm(organisations):  # as the view read them before
        found = organisations.annotate(people=Count("memberships", distinct=True)).order_by(Lower("name"))
        return [
            queries.ListRow(
                reverse("organisations:detail", args=[o.pk]),
                o.name,
                o.member_since,
                ", ".join(str(field) for field in o.art_fields.all()),
                o.municipality,
                o.org_number_display,
                o.people,
            )
            for o in found
        ]

    for filtered in (None, Organisation.objects.search("ta"), Organisation.objects.in_field("music")):
        listed = queries.Listed(filtered)
        everything = orm(filtered if filtered is not None else Organisation.objects.all())
        assert len(listed) == len(everything)
        assert listed[0:3] + listed[3:100] == everything
        assert listed[1] == everything[1]
    assert [row.name for row in queries.Listed()[0:100]] == sorted(names, key=str.lower)

    for size in (3, 30):
        for index in range(size):
            OrganisationFactory(name=f"Mange {size} {index:02}")
        listed = queries.Listed()
        with CaptureQueriesContext(connection) as asked:
            total, page = len(listed), listed[0:25]
        assert total == Organisation.objects.count() and len(page) == min(25, total)
        assert len(asked) == 4  # the count, the page, its art fields, its people


# The open invitations of organisations/detail.html before they were written in Python (invitations: Invitation).
OLD_INVITATIONS = """      {% for invitation in invitations %}
      <li>
        {{ invitation.email }} ({{ invitation.get_role_display }}) – {% blocktranslate with date=invitation.expires_at|as_date %}valid until {{ date }}{% endblocktranslate %}
        <form method="post" action="{% url 'organisations:invitation_revoke' organisation.pk invitation.pk %}" class="inline-form">
          {% csrf_token %}
          <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit">{% translate "Withdraw" %}<span class="visually-hidden"> {{ invitation.email }}</span></button>
        </form>
      </li>
      {% endfor %}
"""  # noqa: E501

# The art fields of organisations/detail.html before they were read once.
OLD_ART_FIELDS = """{% for field in organisation.art_fields.all %}{{ field }}{% if not forloop.last %}, {% endif %}{% empty %}{% translate "none chosen" %}{% endfor %}"""  # noqa: E501
NEW_ART_FIELDS = """{% if art_fields %}{{ art_fields }}{% else %}{% translate "none chosen" %}{% endif %}"""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_invitations_and_art_fields_are_the_templates(language):
    compiled.forget()
    organisation, other = OrganisationFactory(), OrganisationFactory()
    InvitationFactory(organisation=organisation, email="a&b@example.org", role=Role.ADMIN)
    InvitationFactory(organisation=organisation, email="kari@example.org")
    InvitationFactory(organisation=other)
    organisation.art_fields.set(  # not in the order of their codes
        [ArtFieldFactory(code="film", position=12), ArtFieldFactory(code="music", position=3)]
    )
    other.art_fields.set([ArtFieldFactory(code="education")])
    token = "Ab3" * 16
    with translation.override(language):
        for shown in (organisation, other, OrganisationFactory()):
            context = {"organisation": shown, "csrf_token": token}
            expected = _render(
                OLD_INVITATIONS, {**context, "invitations": queries.pending_invitations(shown)}
            )
            html = rows.invitation_items(shown.pk, queries.pending_invitation_rows(shown), token)
            assert _render("      {{ html }}\n", {"html": html}) == expected
            expected = _render(OLD_ART_FIELDS, context)
            names = queries.page_organisation(shown.pk).art_field_names
            assert _render(NEW_ART_FIELDS, {"art_fields": names}) == expected
    assert len(queries.pending_invitation_rows(organisation)) == 2
    assert queries.page_organisation(OrganisationFactory().pk).art_field_names == ""
    assert queries.page_organisation(other.pk + 1000) is None


@pytest.mark.django_db
def test_an_organisations_page_asks_as_many_queries_however_many_people(client):
    organisation = OrganisationFactory()
    admin = make_org_admin(organisation)
    client.force_login(admin)
    asked = []
    for more in (1, 10):
        for _ in range(more):
            make_org_member(organisation)
            InvitationFactory(organisation=organisation, invited_by=admin)
        client.get(f"/virksomhet/{organisation.pk}/")  # compiled
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/virksomhet/{organisation.pk}/")
        assert response.status_code == 200
        asked.append(len(captured))
    assert asked[0] == asked[1]
    html = response.content.decode()
    assert html.count('name="action" value="remove"') == 12 and html.count("/trekk/") == 11


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_the_profile_form_ticks_the_organisations_art_fields_without_asking_and_saves_a_change(
    client_for, organisation, role
):
    film, music, education = (ArtFieldFactory(code=code) for code in ("film", "music", "education"))
    organisation.art_fields.set([education, film])
    client = client_for(role)
    url = reverse("organisations:edit", args=[organisation.pk])
    client.get(url)  # the art fields kept
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url)
    # Read with the organisation (its own query), not asked again.
    assert not [q for q in captured.captured_queries if q["sql"].startswith('SELECT "organisations_artfield')]
    assert not [q for q in captured.captured_queries if "organisations_organisation_art_fields" in q["sql"]][
        1:
    ]
    html = page.content.decode()
    ticked = re.findall(r'name="art_fields" value="(\d+)"[^>]*checked', html)
    assert sorted(map(int, ticked)) == sorted([education.pk, film.pk])
    # The boxes in the art fields' order, every art field once; the fields in the profile's order.
    boxes = [int(pk) for pk in re.findall(r'name="art_fields" value="(\d+)"', html)]
    assert boxes == list(ArtField.objects.order_by("position", "code").values_list("pk", flat=True))
    names = re.findall(r'name="(name|org_number|art_fields|municipality|website|description)"', html)
    assert list(dict.fromkeys(names)) == [
        "name",
        "org_number",
        "art_fields",
        "municipality",
        "website",
        "description",
    ]

    form = {
        "name": organisation.name,
        "org_number": "",
        "municipality": "Bergen",
        "website": "",
        "description": "",
    }
    if role == "operator":
        form["is_member"] = ""
    assert client.post(url, form | {"art_fields": [str(music.pk)]}).status_code == 302
    assert list(organisation.art_fields.values_list("code", flat=True)) == ["music"]
    refused = client.post(url, form | {"art_fields": ["999999"]})
    assert refused.status_code == 200 and refused.context["form"].errors["art_fields"]
    assert list(organisation.art_fields.values_list("code", flat=True)) == ["music"]
