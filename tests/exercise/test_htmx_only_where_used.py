"""htmx is sent only to the pages that swap partials with it (issue 19): the others load less."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTMX = "vendor/htmx/htmx.min.js"
TEMPLATES = Path(settings.BASE_DIR) / "balanse"


def test_pages_without_htmx_attributes_do_not_load_it(client):
    html = client.get(reverse("core:home")).content.decode()
    assert HTMX not in html
    assert "htmx-config" not in html


def test_pages_that_swap_partials_load_it_with_its_safe_config(admin_client, exercise_session):
    html = admin_client.get(reverse("exercise:screen", args=[exercise_session.pk])).content.decode()
    assert HTMX in html
    assert '"allowEval": false' in html


def test_every_template_with_htmx_attributes_asks_for_htmx():
    """A template that uses hx- attributes (or extends one that does) must include core/_htmx.html."""
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\shx-[a-z]+=", text) and "core/_htmx.html" not in text:
            missing.append(str(path.relative_to(TEMPLATES)))
    assert not missing, missing
