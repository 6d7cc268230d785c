"""`{% translate "literal" %}` is translated once per language (balanse/core/templatetags/site.py, WordsNode);
what it writes is what Django's own tag writes, in every form of the tag."""

import pytest
from django.template import Context, Engine, Template
from django.utils import translation

from balanse.core.templatetags.site import WordsNode

CASES = [
    '{% translate "Seek advice" %}',
    '{% trans "Seek advice" %}',
    '{% translate "Seek advice" noop %}',
    '{% translate "Seek advice" as words %}[{{ words }}]',
    '{% translate "Seek advice"|upper %}',
    '{% translate "May" context "month name" %}',
    '{% translate "100%% <b>" %}',
    "{% translate name %}",
    "{% translate name context kind %}",
]


def django_engine() -> Engine:
    """An engine with Django's i18n tags only (not the site library's)."""
    return Engine(builtins=["django.templatetags.i18n"])


@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_writes_what_djangos_tag_writes(source, language, autoescape):
    context = {"name": "Seek advice <i>", "kind": "month name"}
    ours = Template(source)
    theirs = django_engine().from_string(source)
    with translation.override(language):
        for _ in range(2):  # the second render is the kept one
            assert ours.render(Context(context, autoescape=autoescape)) == theirs.render(
                Context(context, autoescape=autoescape)
            )


def test_a_literal_is_kept_per_language_and_a_variable_never():
    node = Template('{% translate "Seek advice" %}').nodelist[0]
    assert isinstance(node, WordsNode) and node.constant
    with translation.override("nb"):
        assert node.render(Context()) == "Søk råd"
    with translation.override("en"):
        assert node.render(Context()) == "Seek advice"
    with translation.override("nb"):
        assert node.render(Context()) == "Søk råd"
    assert len(node.words) == 2
    assert not Template("{% translate name %}").nodelist[0].constant
    assert not Template('{% translate "Seek advice" as x %}').nodelist[0].constant


def test_changed_catalog_settings_start_the_kept_words_anew(settings):
    node = Template('{% translate "Seek advice" %}').nodelist[0]
    with translation.override("nb"):
        node.render(Context())
        settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]
        node.render(Context())
    assert len(node.words) == 2  # one per generation
