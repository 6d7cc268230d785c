import pytest

from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db

# view → expected status per role (anonymous, member, admin, other_admin, operator, learner)
GET_MATRIX = {
    "/drift/virksomheter/": ["login", 403, 403, 403, 200, 403],
    "/drift/virksomheter/ny/": ["login", 403, 403, 403, 200, 403],
    "/virksomhet/": ["login", 302, 302, 302, 200, 302],  # the learner: to the course
    "/virksomhet/{pk}/": ["login", 200, 200, 403, 200, 403],
    "/virksomhet/{pk}/rediger/": ["login", 403, 200, 403, 200, 403],
    "/virksomhet/{pk}/inviter/": ["login", 403, 200, 403, 200, 403],
}


@pytest.mark.parametrize("path", GET_MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_organisation_views_access_per_role(client_for, organisation, path, role_index):
    role = ROLES[role_index]
    response = client_for(role).get(path.format(pk=organisation.pk))
    assert_status(response, GET_MATRIX[path][role_index])


# view → expected status per role (anonymous, member, admin, other_admin, operator)
POST_MATRIX = {
    "/virksomhet/{pk}/invitasjoner/{invitation}/trekk/": ["login", 403, 302, 403, 302, 403],
    "/virksomhet/{pk}/personer/{membership}/": ["login", 403, 302, 403, 302, 403],
}


@pytest.mark.parametrize("path", POST_MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_organisation_post_views_access_per_role(
    client_for, organisation, org_member, operator, path, role_index
):
    from balanse.organisations.models import Membership, Role
    from balanse.organisations.services import invite_person

    invitation = invite_person(
        organisation=organisation, email="x@example.org", role="member", invited_by=operator
    )
    membership = Membership.objects.get(user=org_member)
    role = ROLES[role_index]
    url = path.format(pk=organisation.pk, invitation=invitation.pk, membership=membership.pk)
    # The membership view is asked to make the member an administrator; the invitation view to withdraw.
    response = client_for(role).post(url, {"role": "admin", "action": "role"})
    assert_status(response, POST_MATRIX[path][role_index])
    allowed = POST_MATRIX[path][role_index] == 302
    invitation.refresh_from_db()
    membership.refresh_from_db()
    if "invitasjoner" in path:
        assert (invitation.revoked_at is not None) is allowed
        assert membership.role == Role.MEMBER
    else:
        assert membership.role == (Role.ADMIN if allowed else Role.MEMBER)
        assert invitation.revoked_at is None


def test_invitation_page_is_open_to_anonymous_and_shows_clear_message_for_bad_token(client):
    response = client.get("/invitasjon/finnes-ikke/")
    assert response.status_code == 410
    assert "Denne invitasjonslenken er ikke gyldig" in response.content.decode()


def test_member_sees_people_but_cannot_manage(client_for, organisation):
    html = client_for("member").get(f"/virksomhet/{organisation.pk}/").content.decode()
    assert "Inviter en kollega" not in html
    assert "Endre rolle" not in html
    html = client_for("admin").get(f"/virksomhet/{organisation.pk}/").content.decode()
    assert "Inviter en kollega" in html


def test_operator_list_filters_by_field_and_municipality(client_for):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="A-kor", municipality="Bergen", fields=["music"])
    OrganisationFactory(name="B-teater", municipality="Bergen", fields=["performing_arts"])
    OrganisationFactory(name="C-kor", municipality="Oslo", fields=["music"])
    client = client_for("operator")
    html = client.get("/drift/virksomheter/", {"field": "music", "municipality": "Bergen"}).content.decode()
    assert "A-kor" in html and "B-teater" not in html and "C-kor" not in html
    html = client.get("/drift/virksomheter/", {"field": "ukjent"}).content.decode()
    assert "Velg et gyldig valg" in html or "Select a valid choice" in html


def test_member_page_redirects_single_organisation_user_to_it(client_for, organisation):
    response = client_for("admin").get("/virksomhet/")
    assert response.url == f"/virksomhet/{organisation.pk}/"


def test_admin_cannot_set_operator_only_fields(client_for, organisation):
    client = client_for("admin")
    client.post(
        f"/virksomhet/{organisation.pk}/rediger/",
        {"name": organisation.name, "municipality": "Oslo", "is_member": "on", "member_since": "2001"},
    )
    organisation.refresh_from_db()
    assert (organisation.is_member, organisation.member_since) == (False, None)


def test_unknown_organisation_is_404(client_for, organisation):
    """An organisation is read by SQL compiled once (core.views_helpers.get_object_with_perm): a number no row has,
    one past what a column holds and one past what the database's driver takes are all "not found"; the
    organisation itself still answers to each role as before."""
    client = client_for("operator")
    for pk in ("999999", "2147483648", "99999999999999999999"):
        assert client.get(f"/virksomhet/{pk}/").status_code == 404
        assert client.get(f"/virksomhet/{pk}/rediger/").status_code == 404
    assert client.get(f"/virksomhet/{organisation.pk}/").context["organisation"] == organisation


def test_operator_list_lines_as_the_models_own_on_every_page(client_for):
    """The list's lines are read as plain rows with the page's art fields in one query (organisations.queries.
    list_rows): the same names, fields in their order, numbers and counts as the models give, page by page."""
    from django.db.models import Count
    from django.db.models.functions import Lower
    from django.urls import reverse

    from balanse.organisations import queries
    from balanse.organisations.models import Organisation
    from tests.factories import OrganisationFactory, make_org_member

    for n in range(27):
        organisation = OrganisationFactory(
            name=f"Lag {n:02} <b>",
            org_number=f"{912345600 + n}" if n % 3 else "",
            member_since=2020 if n % 4 == 0 else None,
            fields=[["music", "performing_arts"], ["visual_arts", "music"], []][n % 3],
        )
        for _ in range(n % 3):
            make_org_member(organisation)
    client = client_for("operator")
    everyone = Organisation.objects.annotate(people=Count("memberships", distinct=True)).order_by(
        Lower("name")
    )
    expected = [
        queries.ListRow(
            reverse("organisations:detail", args=[organisation.pk]),
            organisation.name,
            organisation.member_since,
            ", ".join(str(field) for field in organisation.art_fields.all()),
            organisation.municipality,
            organisation.org_number_display,
            organisation.people,
        )
        for organisation in everyone
    ]
    assert len(expected) > 25 and any(row.fields.count(",") for row in expected)
    seen = []
    for side in (1, 2):
        response = client.get("/drift/virksomheter/", {"side": side})
        assert response.status_code == 200
        seen += list(response.context["page"].object_list)
    assert seen == expected
    html = response.content.decode()
    assert "Lag 26 &lt;b&gt;" in html and "Lag 26 <b>" not in html  # names are escaped
