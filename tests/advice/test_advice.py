import pytest

from balanse.advice.models import AdviceContact
from balanse.core.models import AuditEntry
from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db


def test_seek_advice_page_shows_the_brochure_contacts(client):
    html = client.get("/sok-rad/").content.decode()
    for text in [
        "Balansekunsts rådgivningstelefon",
        "940 87 929",
        "Tirsdager og torsdager kl. 12–15",
        "Likestillings- og diskrimineringsombudet",
        "post@ldo.no",
        "23 15 73 00",
        "Arbeidstilsynet",
        "svartjenesten@arbeidstilsynet.no",
        "73 19 97 00",
        "arbeidstilsynet.no/trakassering",
    ]:
        assert text in html


def test_default_contacts_load_idempotently_and_keep_edits():
    from balanse.advice.services import load_default_contacts

    contact = AdviceContact.objects.get(slug="ldo")
    contact.phone = "23 15 73 99"
    contact.save()
    assert load_default_contacts() == 0
    assert AdviceContact.objects.count() == 3
    assert AdviceContact.objects.get(slug="ldo").phone == "23 15 73 99"


MATRIX = {
    "/sok-rad/": [200, 200, 200, 200, 200, 200],
    "/drift/sok-rad/": ["login", 403, 403, 403, 200, 403],
    "/drift/sok-rad/ny/": ["login", 403, 403, 403, 200, 403],
    "/drift/sok-rad/{pk}/": ["login", 403, 403, 403, 200, 403],
}


@pytest.mark.parametrize("path", MATRIX)
@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_advice_views_access_per_role(client_for, path, role_index):
    contact = AdviceContact.objects.first()
    response = client_for(ROLES[role_index]).get(path.format(pk=contact.pk))
    assert_status(response, MATRIX[path][role_index])


@pytest.mark.parametrize("role_index", range(len(ROLES)))
def test_advice_delete_access_per_role(client_for, role_index):
    contact = AdviceContact.objects.first()
    response = client_for(ROLES[role_index]).post(f"/drift/sok-rad/{contact.pk}/slett/")
    expected = ["login", 403, 403, 403, 302, 403][role_index]
    assert_status(response, expected)
    assert AdviceContact.objects.filter(pk=contact.pk).exists() == (expected != 302)


def test_operator_edits_contact_and_bad_url_changes_nothing(client_for):
    client = client_for("operator")
    contact = AdviceContact.objects.get(slug="arbeidstilsynet")
    from django.forms.models import model_to_dict

    from balanse.advice.forms import AdviceContactForm

    data = model_to_dict(contact, fields=AdviceContactForm.Meta.fields)
    data.update({"phone": "73 19 97 01", "website": "ikke en adresse"})
    response = client.post(f"/drift/sok-rad/{contact.pk}/", data)
    assert response.status_code == 200
    assert "Oppgi en gyldig nettadresse" in response.content.decode()
    assert 'value="73 19 97 01"' in response.content.decode()
    contact.refresh_from_db()
    assert contact.phone == "73 19 97 00"
    data["website"] = "https://www.arbeidstilsynet.no/trakassering"
    response = client.post(f"/drift/sok-rad/{contact.pk}/", data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phone == "73 19 97 01"
    entry = AuditEntry.objects.get(action="advice_contact.updated")
    assert entry.details == {"fields": ["phone", "website"]}


def test_operator_creates_contact_with_unique_slug(client_for):
    client = client_for("operator")
    for _ in range(2):
        response = client.post("/drift/sok-rad/ny/", {"name": "Politiet", "phone": "02800", "position": 4})
        assert response.status_code == 302
    assert sorted(AdviceContact.objects.filter(name="Politiet").values_list("slug", flat=True)) == [
        "politiet",
        "politiet-2",
    ]


def test_english_page_uses_english_texts(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/sok-rad/"})
    html = client.get("/sok-rad/").content.decode()
    assert "Balansekunst&#x27;s advisory line" in html or "Balansekunst's advisory line" in html
    assert "Tuesdays and Thursdays, 12:00–15:00" in html
