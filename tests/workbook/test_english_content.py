"""The workbook's default content in English on an English page (written by us, content/workbook/en/): the
guidance, the questions, the risk factors and the suggested rules. Norwegian pages show the stored content."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from balanse.workbook import content

pytestmark = pytest.mark.django_db

EN = Path(settings.BASE_DIR) / "content" / "workbook" / "en"
NB = Path(settings.BASE_DIR) / "content" / "workbook"


def test_english_content_covers_every_norwegian_text_factor_and_suggestion():
    assert {p.name for p in (EN / "texts").glob("*.md")} == {p.name for p in (NB / "texts").glob("*.md")}
    for name in ("risk_factors.json", "rule_suggestions.json"):
        english = [item["slug"] for item in json.loads((EN / name).read_text(encoding="utf-8"))]
        norwegian = [item["slug"] for item in json.loads((NB / name).read_text(encoding="utf-8"))]
        assert english == norwegian, name
    clause = (EN / "texts" / "contract_clause_template.md").read_text(encoding="utf-8")
    assert "{organisation}" in clause and "{contacts}" in clause


@pytest.fixture(autouse=True)
def _back_to_norwegian():
    """The test client runs in this thread: a request in English leaves English active for the next test."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_rules_section_in_english(client_for, workbook):
    client = client_for("admin")
    _english(client)
    page = client.get(f"/tiltak/{workbook.pk}/regler/").content.decode()
    assert "People have different boundaries" in page
    assert "Is it OK to talk about sex?" in page
    assert "We use each other&#x27;s names." in page
    assert 'name="text" value="We use each other&#x27;s names.' in page  # adopting takes the English text
    assert "Folk har ulike grenser" not in page


def test_risk_mapping_in_english_and_norwegian(client_for, workbook):
    client = client_for("admin")
    norwegian = client.get(f"/tiltak/{workbook.pk}/kartlegging/").content.decode()
    assert "Oppdragsarbeid og frilans" in norwegian and "Assignments and freelancing" not in norwegian
    _english(client)
    english = client.get(f"/tiltak/{workbook.pk}/kartlegging/").content.decode()
    assert "Assignments and freelancing" in english and "Oppdragsarbeid og frilans" not in english
    assert "Prevention starts with knowing" in english


def test_no_translation_for_norwegian_or_unknown_languages():
    from django.utils import translation

    with translation.override("nb"):
        assert content.in_page_language() is None
    with translation.override("en"):
        assert content.in_page_language()["factors"]["alcohol"]["title"] == "Alcohol"
