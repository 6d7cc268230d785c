"""The plan as PDF and Word: the organisation's rules, contact persons and contract clause are in them."""

import io

import docx
import pytest
from pypdf import PdfReader

from balanse.workbook import plan
from tests.workbook.conftest import fill_workbook

pytestmark = pytest.mark.django_db


def test_pdf_contains_rules_contacts_and_clause(workbook):
    fill_workbook(workbook)
    data = plan.pdf(workbook)
    reader = PdfReader(io.BytesIO(data))
    # Text extraction may split words at kerning ("T estteater"): compare without spaces.
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    for expected in [
        "Noen fra ledelsen er alltid edru på fester.",
        "Vera Verneombud",
        f"{workbook.organisation.name} arbeider for et trygt arbeidsmiljø.",
        "Likestillings- og diskrimineringsombudet",
    ]:
        assert "".join(expected.split()) in text
    # Tagged: a structure tree and a language.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nb"


def test_docx_contains_rules_contacts_and_clause(workbook):
    fill_workbook(workbook)
    document = docx.Document(io.BytesIO(plan.docx(workbook)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Noen fra ledelsen er alltid edru på fester." in text
    assert "Vera Verneombud – Verneombud – vera@example.org" in text
    assert f"{workbook.organisation.name} arbeider for et trygt arbeidsmiljø." in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Regler" in headings and "Kontraktsklausul" in headings


def test_clause_page_offers_the_text_to_copy(client_for, workbook):
    fill_workbook(workbook)
    page = client_for("member").get(f"/tiltak/{workbook.pk}/kontraktsklausul/tekst/").content.decode()
    assert "readonly>" in page
    assert f"{workbook.organisation.name} arbeider for et trygt arbeidsmiljø." in page
    assert "core/js/copy" in page
