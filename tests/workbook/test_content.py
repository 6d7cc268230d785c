import io

import pytest

from balanse.workbook.content import load_default_content
from balanse.workbook.models import ContentText, RiskFactor, RuleSuggestion

pytestmark = pytest.mark.django_db


def test_default_content_loaded_idempotently_keeping_operator_edits():
    assert RiskFactor.objects.count() == 10
    assert RuleSuggestion.objects.count() == 12
    factor = RiskFactor.objects.get(slug="alcohol")
    factor.text = "Operatørens egen tekst."
    factor.save()
    ContentText.objects.filter(key="guidance_rules").update(text="Endret veiledning.")
    load_default_content(io.StringIO())
    assert RiskFactor.objects.count() == 10
    assert RiskFactor.objects.get(slug="alcohol").text == "Operatørens egen tekst."
    assert ContentText.objects.get(key="guidance_rules").text == "Endret veiledning."
    assert set(RuleSuggestion.objects.get(slug="alcohol-events").factors.values_list("slug", flat=True)) == {
        "alcohol"
    }
