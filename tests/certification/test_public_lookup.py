"""The public side: verification by number in any case, unknown numbers, Norwegian order in the registry,
and the dashboard's year selector."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from balanse.certification.models import Certification, YearTarget
from balanse.core.collation import norwegian_key, sorted_norwegian
from tests.factories import OrganisationFactory

S = Certification.State
pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    """The organisations' names in the registry's table, in the order shown."""
    return [
        unescape(name)
        for name in re.findall(r'<th scope="row"><a [^>]*>([^<]*)</a>', response.content.decode())
    ]


@pytest.mark.parametrize("typed", ["bm-2026-001", "Bm-2026-001", "BM-2026-001", " bm-2026-001"])
def test_verification_finds_the_mark_in_any_case(client, organisation, make_certification, typed):
    cert = make_certification(organisation, S.CERTIFIED)
    Certification.objects.filter(pk=cert.pk).update(certificate_number="BM-2026-001")
    response = client.get(reverse("certification:verify", args=[typed]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain in ([], [("/merket/BM-2026-001/", 302)])
    assert organisation.name in response.content.decode()
    assert response.context["certification"] == cert


def test_unknown_number_says_so_and_links_to_the_registry(client):
    response = client.get(reverse("certification:verify", args=["BM-1999-999"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Ingen merke har nummeret BM-1999-999" in page
    assert f'href="{reverse("certification:registry")}"' in page
    assert "Vi fant ikke siden" not in page


def test_unknown_number_page_escapes_what_was_typed(client):
    response = client.get("/merket/%3Cb%3Ex%3C%2Fb%3E/")
    assert response.status_code == 404
    assert "<b>x</b>" not in response.content.decode()


def test_norwegian_key_orders_case_insensitively_with_aeoeaa_last():
    names = [
        "Østfold kulturhus",
        "NOPA",
        "Åsen scene",
        "Nasjonal jazzscene",
        "Ærlig teater",
        "Zeppelin",
        "ballett Oslo",
        "Écoute",
        "Aasen kulturhus",
        "Nøtterøy",
        "Nord",
    ]
    assert sorted_norwegian(names) == [
        "Aasen kulturhus",
        "ballett Oslo",
        "Écoute",
        "Nasjonal jazzscene",
        "NOPA",
        "Nord",
        "Nøtterøy",
        "Zeppelin",
        "Ærlig teater",
        "Østfold kulturhus",
        "Åsen scene",
    ]
    assert norwegian_key("Ärlig") < norwegian_key("Ølen") < norwegian_key("Åmot")


def test_registry_lists_in_norwegian_order(client, make_certification):
    names = ["Åsen scene", "NOPA", "Nasjonal jazzscene", "Østfold kulturhus", "ballett Oslo", "Ærlig teater"]
    for name in names:
        make_certification(OrganisationFactory(name=name), S.CERTIFIED)
    shown = _names(client.get(reverse("certification:registry")))
    assert shown == [
        "ballett Oslo",
        "Nasjonal jazzscene",
        "NOPA",
        "Ærlig teater",
        "Østfold kulturhus",
        "Åsen scene",
    ]


def test_registry_pages_go_on_in_norwegian_order_and_read_only_the_page(
    client, make_certification, monkeypatch
):
    from balanse.certification import queries

    names = [f"{letter} scene {i:02d}" for letter in ("Å", "B", "Ø") for i in range(20)]
    for name in names:
        make_certification(OrganisationFactory(name=name, municipality="Oslo"), S.CERTIFIED)
    read = []
    rows = queries.registry_rows
    monkeypatch.setattr(queries, "registry_rows", lambda ids: read.append(len(ids)) or rows(ids))
    url = reverse("certification:registry")
    first, second = client.get(url), client.get(url + "?side=2")
    shown = _names(first) + _names(second)
    assert shown == sorted(names, key=lambda name: ({"B": 0, "Ø": 1, "Å": 2}[name[0]], name))
    assert second.context["total"] == 60
    assert read == [50, 10]  # the rows read in full are the page's, not all sixty
    assert "B scene 00" not in second.content.decode() and "Å scene 19" in second.content.decode()


def test_registry_municipalities_in_norwegian_order(client, make_certification):
    for name, place in [("A", "Ålesund"), ("B", "Oslo"), ("C", "Ørsta"), ("D", "bergen"), ("E", "Oslo")]:
        make_certification(OrganisationFactory(name=name, municipality=place), S.CERTIFIED)
    response = client.get(reverse("certification:registry"))
    choices = [value for value, _label in response.context["form"].fields["municipality"].choices]
    assert choices == ["", "bergen", "Oslo", "Ørsta", "Ålesund"]


def test_year_selector_does_not_offer_the_year_shown(operator_client):
    for year in (2025, 2026, 2027):
        YearTarget.objects.create(year=year, target=10)
    response = operator_client.get(reverse("certification:dashboard") + "?ar=2026")
    assert response.context["years"] == [2027, 2025]
    page = response.content.decode()
    assert 'href="?ar=2026"' not in page
    assert 'href="?ar=2025"' in page and 'href="?ar=2027"' in page


@pytest.mark.parametrize(
    ("language", "fields", "valid_until"),
    [("nb", "Musikk, Film", "31. desember 2099"), ("en", "Music, Film", "31 December 2099")],
)
def test_a_registry_line_names_the_art_fields_municipality_and_date_in_the_persons_language(
    client, make_certification, language, fields, valid_until
):
    from balanse.organisations.models import ArtField

    for position, code in enumerate(("music", "film", "fashion")):
        ArtField.objects.get_or_create(code=code, defaults={"position": position})
    listed = make_certification(
        OrganisationFactory(name="Kulturhuset <i>", municipality="", fields=["film", "music"]), S.CERTIFIED
    )
    Certification.objects.filter(pk=listed.pk).update(valid_until="2099-12-31")
    make_certification(OrganisationFactory(name="Uten felt"), S.CERTIFIED)
    listed.refresh_from_db()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("certification:registry")).content.decode()
    line = html[html.index("Kulturhuset &lt;i&gt;") :].split("</tr>")[0]
    href = reverse("certification:verify", args=[listed.certificate_number])
    assert f'<th scope="row"><a class="ds-link" href="{href}">Kulturhuset &lt;i&gt;</a></th>' in html
    assert f"<td>{fields}</td>" in line  # in the art fields' order, not the order they were set in
    assert "<td>–</td>" in line
    assert f"<td>{valid_until}</td>" in line
    assert "<td></td>" in html[html.index("Uten felt") :].split("</tr>")[0]


def test_registry_opened_filtered_and_searched_lists_what_holding_mark_says(client, make_certification):
    """The registry as it opens and by art field runs from SQL compiled once (with today's date as a value), a
    search is built each time: each lists the marks valid today, as `holding_mark` and the filters say, on the
    day it is asked."""
    from balanse.certification import queries
    from balanse.organisations.models import ArtField

    for position, code in enumerate(("music", "film")):
        ArtField.objects.get_or_create(code=code, defaults={"position": position})
    music = make_certification(OrganisationFactory(name="Lydhuset", fields=["music"]), S.CERTIFIED)
    film = make_certification(OrganisationFactory(name="Filmhuset", fields=["film"]), S.CERTIFIED)
    make_certification(OrganisationFactory(name="Søkt", fields=["music"]), S.APPLIED)
    Certification.objects.filter(pk=film.pk).update(valid_until=timezone.localdate() + timedelta(days=1))
    for day in (timezone.localdate(), timezone.localdate() + timedelta(days=2)):
        with time_machine.travel(f"{day.isoformat()} 12:00 +0100", tick=False):
            valid = set(Certification.objects.holding_mark().values_list("pk", flat=True))
            assert set(queries.registry()) == valid
            assert set(queries.registry(field="music")) == valid & {music.pk}
            assert set(queries.registry(q="huset")) == valid & {music.pk, film.pk}
            assert set(queries.registry(q="huset", field="film")) == valid & {film.pk}
            rows = queries.registry_rows([music.pk, film.pk])
            assert set(rows) == valid & {music.pk, film.pk}
    assert film.pk not in valid


def test_the_registry_is_kept_until_a_mark_changes_and_shows_a_change_at_once(client, make_certification):
    """The registry's lines are kept (balanse.core.stamps): a second view reads no mark, and a change of any
    kind (a bulk update here) shows on the next view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    mark = make_certification(OrganisationFactory(name="Scene Nord"), S.CERTIFIED)
    url = reverse("certification:registry")
    with translation.override(None):  # the pages' language ends with the test
        assert "Scene Nord" in client.get(url).content.decode()
        with CaptureQueriesContext(connection) as kept:
            assert "Scene Nord" in client.get(url).content.decode()
        assert not any('"certification_certification"' in query["sql"] for query in kept.captured_queries)
        Certification.objects.filter(pk=mark.pk).update(state=S.WITHDRAWN)
        assert "Scene Nord" not in client.get(url).content.decode()


def test_a_logged_in_person_pages_through_the_registry_kept_and_sees_a_change_at_once(
    client_for, make_certification
):
    """Logged in, a page of the registry as it opens (or by art field) is one kept string of rows: every page
    in Norwegian order, a second view reads no mark, a page number out of range or not a number gives the
    nearest page, and a change shows on the next view. A search is read each time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balanse.organisations.models import ArtField

    ArtField.objects.get_or_create(code="music", defaults={"position": 0})
    names = [f"{letter} scene {i:02d}" for letter in ("Å", "B", "Ø") for i in range(20)]
    marks = {
        name: make_certification(
            OrganisationFactory(name=name, municipality="Oslo", fields=["music"] if i % 2 else []),
            S.CERTIFIED,
        )
        for i, name in enumerate(names)
    }
    member = client_for("member")
    url = reverse("certification:registry")
    in_order = sorted(names, key=lambda name: ({"B": 0, "Ø": 1, "Å": 2}[name[0]], name))
    with translation.override(None):
        first, second = member.get(url), member.get(url, {"side": 2})
        assert _names(first) + _names(second) == in_order
        assert second.context["total"] == 60 and "Side 2 av 2" in second.content.decode()
        with CaptureQueriesContext(connection) as kept:
            assert _names(member.get(url, {"side": 2})) == in_order[50:]
        assert not any('"certification_certification"' in query["sql"] for query in kept.captured_queries)
        for hostile in ("999", "0", "-1", "to", "2%00", "1e3"):
            response = member.get(url, {"side": hostile})
            assert response.status_code == 200 and _names(response) in (in_order[:50], in_order[50:])
        music = [name for i, name in enumerate(names) if i % 2]
        assert _names(member.get(url, {"field": "music"})) == sorted(music, key=in_order.index)
        assert _names(member.get(url, {"q": "Ø scene 0"})) == [f"Ø scene 0{i}" for i in range(10)]
        Certification.objects.filter(pk=marks["Ø scene 19"].pk).update(state=S.WITHDRAWN)
        left = [name for name in in_order if name != "Ø scene 19"]  # the pages move up by one line
        assert _names(member.get(url, {"side": 2})) == left[50:]
        assert "Ø scene 19" not in _names(member.get(url, {"field": "music"}))


def test_registry_rows_are_the_marks_with_their_art_fields_in_one_query(
    make_certification, django_assert_num_queries
):
    """A page's rows: each mark once, with its organisation's art fields in the art fields' order (none, one or
    several), in one query; a mark not valid today is left out."""
    from balanse.certification import queries
    from balanse.organisations.models import ArtField, art_field_label

    for position, code in enumerate(("music", "film", "fashion")):
        ArtField.objects.get_or_create(code=code, defaults={"position": position})
    fields = [[], ["film"], ["fashion", "music", "film"], ["music"]]
    marks = [
        make_certification(
            OrganisationFactory(name=f"Hus {i}", municipality=["", "Bodø"][i % 2], fields=fields[i % 4]),
            S.CERTIFIED,
        )
        for i in range(9)
    ]
    applied = make_certification(OrganisationFactory(name="Søkt", fields=["music"]), S.APPLIED)
    ids = [mark.pk for mark in marks] + [applied.pk]
    with django_assert_num_queries(
        2
    ):  # the registers' write stamp, then the rows (kept: balanse.core.stamps)
        rows = queries.registry_rows(ids)
    with django_assert_num_queries(1):
        assert queries.registry_rows(ids) == rows
    order = {"music": 0, "film": 1, "fashion": 2}
    expected = {}
    for mark in Certification.objects.filter(pk__in=ids).holding_mark().select_related("organisation"):
        codes = sorted(mark.organisation.art_fields.values_list("code", flat=True), key=order.__getitem__)
        expected[mark.pk] = queries.RegistryRow(
            mark.pk,
            mark.certificate_number,
            mark.organisation.name,
            mark.organisation.municipality,
            mark.valid_until,
            ", ".join(art_field_label(code) for code in codes),
        )
    assert rows == expected and len(rows) == 9
    assert rows[marks[2].pk].art_fields == "Musikk, Film, Mote"  # outside a request: the site's language
    with translation.override("en"):  # kept per language
        assert queries.registry_rows(ids)[marks[2].pk].art_fields == "Music, Film, Fashion"


@pytest.mark.parametrize("page", ["", "diplom.pdf", "merke.svg", "bevis.json"])
def test_a_number_holding_a_nul_character_is_no_page(client, page):
    """PostgreSQL refuses a NUL in a text it compares: the address is no page, not an error."""
    assert client.get(f"/merket/BM-2026-001%00/{page}").status_code == 404


def test_the_mark_is_found_by_its_number_in_any_case_with_its_organisation_and_periods(
    organisation, make_certification, django_assert_num_queries
):
    from balanse.certification import queries

    cert = make_certification(organisation, S.CERTIFIED)
    Certification.objects.filter(pk=cert.pk).update(certificate_number="BM-2026-001")
    other = make_certification(OrganisationFactory(name="Annen scene"), S.CERTIFIED)
    Certification.objects.filter(pk=other.pk).update(certificate_number="BM-2026-002")
    expected = list(Certification.objects.get(pk=cert.pk).periods.all())
    assert expected
    for typed in ("bm-2026-001", "BM-2026-001", "Bm-2026-001"):
        with django_assert_num_queries(2):  # the mark with its organisation, then its periods
            found = queries.by_number(typed)
            assert found.pk == cert.pk and found.organisation.name == organisation.name
            assert list(found.periods.all()) == expected
    for unknown in ("BM-2026-00", "BM-2026-0011", "", "BM_2026_001", "bm-2026-%"):
        assert queries.by_number(unknown) is None


def test_a_marks_page_is_kept_whole_for_visitors(
    client, organisation, make_certification, monkeypatch, caplog
):
    """What the page reads carries the registers' write stamps (the periods without who decided them)."""
    from balanse.core import kept_pages

    given = []
    answer = kept_pages._Page.response
    monkeypatch.setattr(
        kept_pages._Page, "response", lambda page, request: given.append(1) or answer(page, request)
    )
    cert = make_certification(organisation, S.CERTIFIED)
    assert cert.periods.exclude(decided_by=None).exists()
    url = reverse("certification:verify", args=[cert.certificate_number])
    assert client.get(url).status_code == client.get(url).status_code == 200
    assert len(given) == 2 and "is not kept" not in caplog.text
