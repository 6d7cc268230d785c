"""The public proof pages and files: verification page, diploma, badge, credential, issuer, status list."""

import io
import json
from html import unescape
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from balanse.certification import credentials, proof, services
from balanse.certification.models import Certification
from tests.access import ROLES, assert_status

S = Certification.State
SVG = "{http://www.w3.org/2000/svg}"


def _urls(cert):
    number = cert.certificate_number
    return {
        "verify": reverse("certification:verify", args=[number]),
        "diploma": reverse("certification:diploma", args=[number]),
        "badge": reverse("certification:badge", args=[number]),
        "credential": reverse("certification:credential", args=[number]),
        "issuer": reverse("certification:issuer"),
        "status_list": reverse("certification:status_list"),
        "check": reverse("certification:check_credential"),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["verify", "diploma", "badge", "credential", "issuer", "status_list", "check"]
)
def test_proof_views_are_public_for_every_role(client_for, certified, role, name):
    response = client_for(role).get(_urls(certified)[name])
    assert_status(response, 200)


@pytest.mark.parametrize("role", ROLES)
def test_proof_views_of_unknown_number_are_404_for_every_role(client_for, db, role):
    for name in ("diploma", "badge", "credential"):
        response = client_for(role).get(reverse(f"certification:{name}", args=["BM-1999-999"]))
        assert_status(response, 404)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_proof_views_only_answer_get(client, certified, method):
    for name, url in _urls(certified).items():
        if name in ("verify", "check"):
            continue
        assert getattr(client, method)(url).status_code == 405


def test_qr_target_is_the_absolute_verification_url(certified):
    assert proof.qr_target(certified) == f"https://balanse.test/merket/{certified.certificate_number}/"
    assert credentials.verify_url(certified.certificate_number) == proof.qr_target(certified)


def test_diploma_is_a_tagged_a4_pdf_with_name_number_and_qr(client, certified):
    from pypdf import PdfReader

    response = client.get(_urls(certified)["diploma"])
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = reader.pages[0].extract_text()
    assert "Teater Ærlig & Åpen" in text
    assert certified.certificate_number in text
    assert proof.qr_target(certified) in text.replace("\n", "")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "nb"
    assert reader.metadata.title == (
        f"Diplom: Balansemerket for Teater Ærlig & Åpen ({certified.certificate_number})"
    )
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()  # PDF/UA-1
    structure = _structure(root["/StructTreeRoot"])
    assert "/H1" in structure
    figures = [node for node in structure.values() if node is not None]
    assert figures == [f"QR-kode til kontrollsiden: {proof.qr_target(certified)}"]


def _structure(node, found=None) -> dict:
    """Structure types in the tagged PDF; for figures, their alternative text."""
    found = {} if found is None else found
    node = node.get_object()
    if not hasattr(node, "keys"):
        return found
    kind = node.get("/S")
    if kind is not None:
        found.setdefault(str(kind), None)
        if kind == "/Figure":
            found[f"/Figure{len(found)}"] = str(node.get("/Alt"))
    children = node.get("/K")
    if children is not None:
        for child in children if isinstance(children, list) else [children]:
            _structure(child, found)
    return found


def test_qr_code_encodes_the_verification_url(certified):
    import segno

    url = proof.qr_target(certified)
    qr = segno.make(url, error=proof.QR_ERROR_LEVEL)
    assert proof.qr_svg_data_uri(url) == qr.svg_data_uri(scale=4, border=2, dark="#000", light="#fff")
    assert qr.designator.endswith("-M")


def test_diploma_of_withdrawn_mark_is_not_served(client, certified, operator):
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    assert client.get(_urls(certified)["diploma"]).status_code == 404


def test_badge_is_accessible_svg_with_organisation_and_period(client, certified):
    response = client.get(_urls(certified)["badge"])
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title").text
    period = proof.period_label(proof.current_period(certified))
    assert title == f"Balansemerket {period}: Teater Ærlig & Åpen"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == [f"Balansemerket {period}", "Teater Ærlig & Åpen", certified.certificate_number]
    assert "–" in period


def test_badge_of_withdrawn_mark_says_so(client, certified, operator):
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    root = ElementTree.fromstring(client.get(_urls(certified)["badge"]).content)  # noqa: S314
    assert [t.text for t in root.iter(f"{SVG}text")][0] == "Balansemerket: trukket tilbake"


def test_badge_download_is_an_attachment(client, certified):
    response = client.get(_urls(certified)["badge"] + "?last-ned=1")
    assert response["Content-Disposition"] == (
        f'attachment; filename="balansemerket-{certified.certificate_number}.svg"'
    )


def test_credential_view_serves_a_verifiable_credential(client, certified):
    response = client.get(_urls(certified)["credential"] + "?last-ned=1", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/vc"
    assert response["Content-Disposition"] == (
        f'attachment; filename="balansemerket-{certified.certificate_number}.json"'
    )
    assert credentials.verify_credential(json.loads(response.content)).valid


@pytest.mark.parametrize("accept", ["application/vc", "application/ld+json", "application/json", "*/*", ""])
def test_machines_get_the_credential_and_status_list_as_application_vc(client, certified, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    for name in ("credential", "status_list"):
        response = client.get(_urls(certified)[name], **headers)
        assert response["Content-Type"] == "application/vc"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Accept" in response["Vary"]
        assert json.loads(response.content)["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    response = client.get(_urls(certified)["issuer"], **headers)
    assert response["Content-Type"] == "application/ld+json"


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_credential_opened_in_a_browser_is_a_readable_page(client, certified):
    response = client.get(_urls(certified)["credential"], HTTP_ACCEPT=BROWSER)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert (
        '<h1 class="ds-heading" data-size="lg">Digitalt bevis: Balansemerket for Teater Ærlig &amp; Åpen</h1>'
        in html
    )
    assert "Merket er gyldig." in html
    assert "974760673" in html
    assert "eddsa-rdfc-2022, nøkkel key-1" in html
    assert f"{_urls(certified)['credential']}?last-ned=1" in html


def test_issuer_and_status_list_opened_in_a_browser_are_readable_pages(client, certified, operator):
    credentials.issue_credential(certified)
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    html = client.get(_urls(certified)["issuer"], HTTP_ACCEPT=BROWSER).content.decode()
    assert "Balansekunsts offentlige nøkler" in html
    assert credentials.current_key().public_key_multibase in html
    assert "Signerer nye bevis" in html
    html = client.get(_urls(certified)["status_list"], HTTP_ACCEPT=BROWSER).content.decode()
    assert "Statusliste over merker som er trukket tilbake" in html
    assert "<dt>Plasser i listen</dt><dd>131072</dd>" in html
    assert "<dt>Merker som er trukket tilbake</dt><dd>1</dd>" in html


def test_issuer_view_serves_the_profile_at_its_own_id(client, db):
    profile = json.loads(client.get(reverse("certification:issuer")).content)
    assert profile["id"] == "https://balanse.test" + reverse("certification:issuer")
    assert profile["verificationMethod"][0]["type"] == "Multikey"


def test_status_list_view_serves_the_signed_list(client, certified, operator):
    credentials.issue_credential(certified)
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    certified.refresh_from_db()
    response = client.get(reverse("certification:status_list"))
    document = json.loads(response.content)
    assert document["id"] == "https://balanse.test/merket/statusliste/"
    assert not isinstance(credentials.verify_proof(document), credentials.ProofError)
    bits = credentials.decode_bitstring(document["credentialSubject"]["encodedList"])
    assert credentials.bit_is_set(bits, certified.status_list_index)
    assert response["ETag"] == credentials.signed_status_list().etag
    again = client.get(reverse("certification:status_list"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_credential_of_unawarded_certification_is_404(client, organisation, make_certification):
    make_certification(organisation, S.MEASURES)
    assert client.get(reverse("certification:credential", args=["BM-2026-001"])).status_code == 404


# The pages that show the proof.


def test_verification_page_shows_status_period_and_downloads(client, certified):
    html = client.get(_urls(certified)["verify"]).content.decode()
    assert "Gyldig" in html
    assert "Teater Ærlig &amp; Åpen" in html
    assert certified.valid_from.strftime("%Y") in html
    for name in ("diploma", "badge", "credential"):
        assert _urls(certified)[name] in html
    assert "Kopier HTML" not in html  # the snippet is for the organisation admin


def test_verification_page_of_withdrawn_mark_offers_no_diploma(client, certified, operator):
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    html = client.get(_urls(certified)["verify"]).content.decode()
    assert "Trukket tilbake" in html
    assert _urls(certified)["diploma"] not in html
    assert _urls(certified)["credential"] in html


def test_organisation_page_shows_downloads_and_badge_snippet(client_for, certified):
    html = (
        client_for("admin")
        .get(reverse("certification:organisation", args=[certified.organisation_id]))
        .content.decode()
    )
    for name in ("diploma", "badge", "credential"):
        assert _urls(certified)[name] in html
    assert "&lt;a href=&quot;https://balanse.test/merket/" in html
    assert 'data-copy-target="badge-snippet-' in html
    assert "core/js/copy" in html


def test_badge_snippet_links_to_the_verification_page(certified):
    snippet = proof.badge_snippet(certified)
    number = certified.certificate_number
    assert snippet.startswith(
        f'<a href="https://balanse.test/merket/{number}/"><img src="https://balanse.test/merket/{number}/merke.svg" alt="'
    )
    assert "Teater Ærlig &amp; Åpen" in snippet
    assert snippet.endswith('width="300" height="96"></a>')


def test_organisation_page_without_mark_has_no_downloads(client_for, organisation, make_certification):
    make_certification(organisation, S.MEASURES)
    html = (
        client_for("admin")
        .get(reverse("certification:organisation", args=[organisation.pk]))
        .content.decode()
    )
    assert "diplom.pdf" not in html


def test_diploma_follows_a_renamed_organisation_despite_the_cache(client, certified):
    from pypdf import PdfReader

    url = _urls(certified)["diploma"]
    assert "Teater Ærlig & Åpen" in PdfReader(io.BytesIO(client.get(url).content)).pages[0].extract_text()
    certified.organisation.name = "Nytt Navn Teater"
    certified.organisation.save()
    text = PdfReader(io.BytesIO(client.get(url).content)).pages[0].extract_text()
    assert "Nytt Navn Teater" in text


# The credential check page.


def _check(client, **data):
    return client.post(reverse("certification:check_credential"), data)


def test_check_page_accepts_a_downloaded_file(client, certified):
    from django.core.files.uploadedfile import SimpleUploadedFile

    download = client.get(_urls(certified)["credential"] + "?last-ned=1").content
    upload = SimpleUploadedFile("balansemerket.json", download, content_type="application/json")
    html = _check(client, file=upload).content.decode()
    assert "Gyldig. Beviset er signert av Balansekunst" in html
    assert "<dt>Organisasjonsnummer</dt><dd>974760673</dd>" in html
    assert "eddsa-rdfc-2022, nøkkel key-1" in html
    assert f'href="https://balanse.test/merket/{certified.certificate_number}/"' in html


def test_check_page_accepts_pasted_text_and_a_credential_signed_before(client, certified):
    from tests.certification.proof.test_credentials import legacy

    document = legacy(credentials.issue_credential(certified))
    html = _check(client, text=json.dumps(document)).content.decode()
    assert "Gyldig." in html
    assert "eddsa-jcs-2022, nøkkel key-1" in html


def test_check_page_explains_a_tampered_credential_and_shows_nothing_from_it(client, certified):
    document = credentials.issue_credential(certified)
    document["validUntil"] = "2099-12-31T22:59:59Z"
    html = _check(client, text=json.dumps(document)).content.decode()
    assert "Ikke gyldig." in html
    assert "Signaturen stemmer ikke" in html
    assert "<dt>Organisasjonsnummer</dt>" not in html  # nothing read from a credential that does not hold


def test_check_page_explains_expiry_and_withdrawal(client, certified, operator):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    document = credentials.issue_credential(certified)
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        html = _check(client, text=json.dumps(document)).content.decode()
    until = certified.periods.get().valid_until
    assert f"Beviset utløp {until.day}. " in html
    services.withdraw(certification=certified, by=operator, reason="Broke the agreement")
    html = _check(client, text=json.dumps(document)).content.decode()
    assert "Balansekunst har trukket tilbake dette merket." in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Velg filen med beviset, eller lim inn teksten i den."),
        ({"text": "{not json"}, "Dette er ikke et digitalt bevis: det er ikke JSON-tekst."),
        ({"text": "[1, 2]"}, "Dette er ikke et digitalt bevis: det er ikke et JSON-objekt."),
        ({"text": "x" * 100_001}, "Teksten er for lang til å være et digitalt bevis (mer enn 100 kB)."),
        ({"text": '{"proof": 1}', "file": "upload"}, "Velg en fil eller lim inn teksten, ikke begge deler."),
        ({"text": '{"@context": 5}'}, "Beviset bruker begreper som bevis for Balansemerket ikke bruker"),
        (
            {"text": '{"@context": ["https://www.w3.org/ns/credentials/v2"]}'},
            "Signaturen i beviset mangler eller er ugyldig.",
        ),
    ],
)
def test_check_page_answers_bad_input_with_a_message_and_keeps_the_text(client, db, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if data.get("file") == "upload":
        data = data | {"file": SimpleUploadedFile("x.json", b"{}", content_type="application/json")}
    response = _check(client, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    if data.get("text") and len(data["text"]) < 100:
        # kept in the box (quotes escaped as &quot; or &#34;: both are HTML)
        assert data["text"] in unescape(html)


def test_check_page_refuses_a_file_too_large(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("big.json", b" " * 100_001, content_type="application/json")
    html = _check(client, file=upload).content.decode()
    assert "Filen er for stor til å være et digitalt bevis (mer enn 100 kB)." in html


def test_check_page_only_answers_get_and_post(client, db):
    assert client.put(reverse("certification:check_credential")).status_code == 405


def test_check_page_limits_how_often_one_client_may_check(client, db):
    from django.core.cache import cache

    cache.clear()
    for _ in range(30):
        assert _check(client, text="{}").status_code == 200
    response = _check(client, text="{}")
    assert response.status_code == 429
    assert client.get(reverse("certification:check_credential")).status_code == 200
