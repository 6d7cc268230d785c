"""Template tags every page may use (a builtin: no `{% load %}` needed)."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import loader_tags
from django.template.base import TextNode
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags.i18n import TranslateNode, do_translate
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from balanse.core import audit, dates, site_header
from balanse.core.links import path_of

register = template.Library()


_UNSET = object()


class PathNode(URLNode):
    """`{% url 'name' %}` of a page without arguments: reversed once per process (`balanse.core.links.path_of`)
    instead of on every render. With arguments, a variable name, `as`, or a name that does not reverse, it is
    Django's own tag."""

    def render(self, context):
        if self.args or self.kwargs or self.asvar or self.view_name.filters or self.view_name.is_var:
            return super().render(context)
        # As Django's tag: the request's application instance, else its namespace (without raising and
        # catching AttributeError, which cost more than the rest of the tag).
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", _UNSET)
        if current_app is _UNSET:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        path = path_of(self.view_name.var, current_app)
        return conditional_escape(path) if context.autoescape else path


@register.tag
def url(parser, token):
    """Django's `{% url %}` (this library is a builtin after Django's, so it takes the name), reversing a page
    without arguments once per process."""
    node = django_url(parser, token)
    return PathNode(node.view_name, node.args, node.kwargs, node.asvar)


# {% extends %}: Django's tag walks the whole node tree of the page's root template (base.html: the header, the
# menu, the footer) on every render to find its blocks, about 1.5 % of a page's time. Its blocks are found once
# per compiled template and kept on it (the cached loader keeps templates; without it each render compiles anew).
_ROOT_BLOCKS = "_site_root_blocks"


def _root_blocks(parent: template.Template) -> dict | None:
    """The blocks of `parent` when it is the root (extends nothing), else None, found once per template."""
    found = parent.__dict__.get(_ROOT_BLOCKS, _UNSET)
    if found is _UNSET:
        found = None
        for node in parent.nodelist:
            if not isinstance(node, TextNode):  # as Django: the first node that is not text
                if not isinstance(node, loader_tags.ExtendsNode):
                    found = {n.name: n for n in parent.nodelist.get_nodes_by_type(loader_tags.BlockNode)}
                break
        parent.__dict__[_ROOT_BLOCKS] = found
    return found


class ExtendsNode(loader_tags.ExtendsNode):
    """Django's `{% extends %}`, with the root template's blocks found once (`_root_blocks`). The block context
    only reads the dictionaries it is given."""

    def render(self, context):
        compiled_parent = self.get_parent(context)
        if loader_tags.BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[loader_tags.BLOCK_CONTEXT_KEY] = loader_tags.BlockContext()
        block_context = context.render_context[loader_tags.BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        if (blocks := _root_blocks(compiled_parent)) is not None:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag
def extends(parser, token):
    """Django's `{% extends %}` (this library is a builtin after Django's, so it takes the name)."""
    node = loader_tags.do_extends(parser, token)
    return ExtendsNode(node.nodelist, node.parent_name, node.template_dirs)


# {% translate "literal" %}: Django's tag resolves, translates, localises and escapes the same literal again on
# every render (about 20 µs, against 3 µs for the translation itself; a page has 20 to 50 of them). A literal
# without filters, "as" or a variable context is translated once per language and kept on its node. The
# catalogs change only with the settings below (tests), which start the kept words anew.
_words_generation = [0]


@receiver(setting_changed)
def _forget_words(setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _words_generation[0] += 1


class WordsNode(TranslateNode):
    """Django's TranslateNode, keeping a literal's translation per language (see above)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expression = self.filter_expression
        self.constant = (
            not self.asvar
            and not expression.filters
            and expression.var.literal is not None
            and (self.message_context is None or not self.message_context.is_var)
        )
        self.words: dict = {}

    def render(self, context):
        if not self.constant:
            return super().render(context)
        key = (_words_generation[0], get_language(), context.autoescape)
        words = self.words.get(key)
        if words is None:
            words = self.words[key] = super().render(context)
        return words


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    """Django's `{% translate %}` (this library is a builtin after Django's i18n, so it takes the name), a
    literal translated once per language."""
    node = do_translate(parser, token)
    return WordsNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@register.simple_tag(takes_context=True)
def panel(context, panel):
    """Render a `balanse.core.signals.Panel` inside the page's own context (context processors run once)."""
    template_ = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return template_.render(context)


# {{ value|as_date }} 27. november 2026 · as_short_date 27.11.2026 · as_time kl. 14.05 ·
# as_datetime 27. november 2026 kl. 14.05 (see balanse/core/dates.py)
register.filter("as_date", dates.format_date)
register.filter("as_short_date", dates.format_short_date)
register.filter("as_time", dates.format_time)
register.filter("as_datetime", dates.format_datetime)
# {{ rows|audit_rows }}: an audit table's rows (core/_audit_table.html)
register.filter("audit_rows", audit.rows)


@register.simple_tag
def period(start, end):
    """27. november 2026 – t.o.m. 26. november 2027."""
    return dates.format_period(start, end)


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The menu button and the site's main menu (`balanse.core.site_header`)."""
    return site_header.site_nav(context, _words_generation[0])


@register.simple_tag(takes_context=True)
def site_tools(context):
    """The language switch and the log-in link or log-out button (`balanse.core.site_header`)."""
    return site_header.site_tools(context, _words_generation[0])
