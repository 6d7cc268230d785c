"""`{% extends %}` finds the root template's blocks once per compiled template (balanse/core/templatetags/site.py,
ExtendsNode); what a page writes is what Django's own tag writes: overridden blocks, `{{ block.super }}`, blocks
nested in blocks, three levels of templates, a template given as a variable, and the same page rendered again."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode

from balanse.core.templatetags import site

TEMPLATES = {
    "root.html": (
        "<title>{% block title %}Balanse{% endblock %}</title>"
        "<main>{% block main %}<p>root</p>{% block inner %}inner of root{% endblock %}{% endblock %}</main>"
        "<footer>{% block footer %}footer{% endblock %}</footer>"
    ),
    "middle.html": (
        '{% extends "root.html" %}{% block title %}{{ block.super }} · middle{% endblock %}'
        "{% block inner %}[{{ block.super }}] of middle{% endblock %}"
    ),
    "page.html": (
        "{# a comment first #}\n{% extends 'middle.html' %}"
        "{% block title %}{{ block.super }} · {{ name }}{% endblock %}"
        "{% block footer %}{% for n in numbers %}{{ n }}{% endfor %}{% endblock %}"
    ),
    "direct.html": '{% extends "root.html" %}{% block main %}{{ block.super }} and direct{% endblock %}',
    "by_variable.html": "{% extends parent %}{% block footer %}from a variable{% endblock %}",
}


def engine(builtins: list[str], *, cached: bool) -> Engine:
    loader = ("django.template.loaders.locmem.Loader", TEMPLATES)
    loaders = [("django.template.loaders.cached.Loader", [loader])] if cached else [loader]
    return Engine(loaders=loaders, builtins=builtins)


def ours(*, cached: bool = True) -> Engine:
    return engine(["balanse.core.templatetags.site"], cached=cached)


def djangos() -> Engine:
    return engine([], cached=True)


@pytest.mark.parametrize("name", ["page.html", "middle.html", "direct.html", "root.html"])
@pytest.mark.parametrize("cached", [True, False])
def test_writes_what_djangos_tag_writes(name, cached):
    context = {"name": "<Kari>", "numbers": [1, 2, 3]}
    mine, theirs = ours(cached=cached), djangos()
    expected = theirs.get_template(name).render(Context(context))
    for _ in range(3):  # the later renders use the kept blocks
        assert mine.get_template(name).render(Context(context)) == expected
    if name == "page.html":  # three levels, block.super in each
        assert expected == (
            "\n<title>Balanse · middle · &lt;Kari&gt;</title>"
            "<main><p>root</p>[inner of root] of middle</main><footer>123</footer>"
        )


def test_a_parent_given_as_a_template():
    mine = ours()
    parent = mine.get_template("middle.html")
    expected = (
        djangos()
        .get_template("by_variable.html")
        .render(Context({"parent": djangos().get_template("middle.html")}))
    )
    for _ in range(2):
        assert mine.get_template("by_variable.html").render(Context({"parent": parent})) == expected


def test_the_roots_blocks_are_found_once_and_kept_on_the_compiled_template(monkeypatch):
    mine = ours()
    page = mine.get_template("page.html")
    assert isinstance([node for node in page.nodelist if not isinstance(node, TextNode)][0], site.ExtendsNode)
    page.render(Context({"numbers": []}))
    root = mine.get_template("root.html")
    middle = mine.get_template("middle.html")
    assert set(root.__dict__[site._ROOT_BLOCKS]) == {"title", "main", "inner", "footer"}
    assert middle.__dict__[site._ROOT_BLOCKS] is None  # it extends another: not the root
    walks = []
    walk = type(root.nodelist).get_nodes_by_type
    monkeypatch.setattr(
        type(root.nodelist), "get_nodes_by_type", lambda self, kind: walks.append(kind) or walk(self, kind)
    )
    page.render(Context({"numbers": []}))
    assert walks == []


def test_extends_stays_first_and_once():
    with pytest.raises(TemplateSyntaxError):
        ours().from_string('{% extends "root.html" %}{% extends "root.html" %}')
    with pytest.raises(TemplateSyntaxError):
        ours().from_string('{% if x %}{% endif %}{% extends "root.html" %}')
