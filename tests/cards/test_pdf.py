import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_deck_pdf_holds_every_card_eight_to_an_a4_page_and_is_tagged(client, default_deck):
    response = client.get(reverse("cards:pdf", kwargs={"slug": default_deck.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader, text = _text(response.content)
    assert len(reader.pages) == 6
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for card in default_deck.cards.all():
        assert " ".join(card.text.split()) in text, card.content_key
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "nb"
    assert "Samtalekort om arbeidsmiljø" in text


def test_deck_pdf_for_one_topic_holds_only_that_topic(client, default_deck):
    response = client.get(reverse("cards:pdf", kwargs={"slug": default_deck.slug}), {"tema": "touring"})
    reader, text = _text(response.content)
    assert len(reader.pages) == 1
    assert "Hvor går grensen mellom jobb og fritid når dere er på turné?" in text
    assert "Hvilken rolle spiller alkohol" not in text


def test_deck_pdf_shows_the_operators_edit(operator_client, default_deck):
    card = default_deck.cards.get(content_key="turne-1")
    operator_client.post(
        reverse("cards:operator_card", kwargs={"pk": default_deck.pk, "card_pk": card.pk}),
        {
            "text": "Hva gjør vi etter konserten på turné?",
            "topic": "touring",
            "kind": "question",
            "version": "1",
        },
    )
    _reader, text = _text(
        operator_client.get(reverse("cards:pdf", kwargs={"slug": default_deck.slug})).content
    )
    assert "Hva gjør vi etter konserten på turné?" in text
    assert "Hvor går grensen mellom jobb og fritid" not in text
