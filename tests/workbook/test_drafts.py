"""The section form carries what the browser needs to keep a draft (workbook/js/draft.js): a key per person,
workbook and section, and a mark when the page shows typed text the server did not save."""

import pytest

from balanse.workbook import services
from balanse.workbook.models import Section, SectionKey

pytestmark = pytest.mark.django_db


def test_editable_section_keeps_a_draft_per_person_and_section(client_for, workbook, org_admin):
    page = client_for("admin").get(f"/tiltak/{workbook.pk}/ansvar/").content.decode()
    assert f'data-draft-key="balanse-draft:{org_admin.pk}:workbook:{workbook.pk}:ansvar"' in page
    assert "workbook/js/draft.js" in page
    assert "data-draft-unsaved" not in page  # a fresh page: nothing unsaved yet
    assert "data-draft-notice hidden" in page  # the notice appears only when a draft is put back
    assert 'class="form-actions sticky-actions"' in page


def test_page_with_unsaved_typed_text_says_so(client_for, workbook, org_member):
    section = Section.objects.get(workbook=workbook, key=SectionKey.RESPONSIBILITY)
    services.save_section(
        section=section, data={"stand": "Medlemmets.", "signed_by": ""}, version=0, by=org_member
    )
    response = client_for("admin").post(
        f"/tiltak/{workbook.pk}/ansvar/", {"version": 0, "stand": "Adminens.", "signed_by": ""}
    )
    assert response.status_code == 409
    assert 'data-draft-unsaved="1"' in response.content.decode()
