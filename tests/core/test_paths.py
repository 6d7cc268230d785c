"""A page without arguments is reversed once per process (balanse.core.links.path_of), in Python (the menu's
items) and by `{% url %}` in every template; the markup is Django's own."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from balanse.core import links


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_path_of_reverses_once_per_name_and_language(monkeypatch):
    calls = []
    real = links.reverse
    monkeypatch.setattr(links, "reverse", lambda *args, **kwargs: calls.append(args) or real(*args, **kwargs))
    links._paths.clear()
    for language in ("nb", "en", "nb"):
        with translation.override(language):
            assert links.path_of("core:privacy") == reverse("core:privacy")
            assert links.path_of("core:privacy") == reverse("core:privacy")
    assert calls == [("core:privacy",), ("core:privacy",)]  # nb, then en; nb again from the first


def test_path_of_follows_another_url_configuration():
    links._paths.clear()
    assert links.path_of("core:privacy") == "/personvern/"
    with override_settings(ROOT_URLCONF="tests.core.urls_elsewhere"):
        assert links.path_of("core:privacy") == "/annet/personvern/"
    with pytest.raises(NoReverseMatch):
        links.path_of("core:finnes-ikke")


def test_url_tag_writes_what_djangos_writes(monkeypatch):
    from balanse.core.templatetags.site import PathNode

    assert isinstance(Template("{% url 'core:privacy' %}").nodelist[0], PathNode)
    links._paths.clear()
    asked = []
    monkeypatch.setattr(
        links, "reverse", lambda *args, **kwargs: asked.append(args) or reverse(*args, **kwargs)
    )
    assert render("{% url 'core:privacy' %}{% url 'core:privacy' %}") == reverse("core:privacy") * 2
    assert asked == [("core:privacy",)]
    request = RequestFactory().get("/")
    assert render("{% url 'core:privacy' %}") == reverse("core:privacy")
    assert render("{% url 'core:privacy' as where %}[{{ where }}]") == f"[{reverse('core:privacy')}]"
    assert render("{% url name %}", name="core:privacy", request=request) == reverse("core:privacy")
    assert render("{% url 'certification:verify' code %}", code="BM-2026-001") == reverse(
        "certification:verify", args=["BM-2026-001"]
    )
    assert render("{% url 'core:finnes-ikke' as where %}[{{ where }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'core:finnes-ikke' %}")
