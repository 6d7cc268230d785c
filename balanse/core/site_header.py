"""The site's header on every page of base.html, written in Python (issue 19): the main menu, and the language
and log-in forms beside it.

In the template language the header cost about a third of a millisecond a page (two dozen variable lookups
through the request, the menu's items and the person's permissions, each a few microseconds), on every page a
logged-in person opens; here it is one pass over the menu's items. Its fixed words are translated once per
language (`_texts`); what a person typed never reaches it but the address asked for, which is escaped.
"""

from django.template.defaulttags import CsrfTokenNode
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balanse.core.links import path_of

_kept: dict = {}  # {(generation of the catalogs, language): {name: the word, escaped}}
_csrf = CsrfTokenNode()

_WORDS = {
    "menu": lambda: _("Menu"),
    "main_menu": lambda: _("Main menu"),
    "home": lambda: _("Home"),
    "advice": lambda: _("Seek advice"),
    "operator": lambda: _("Operator"),
    "organisations": lambda: _("Organisations"),
    "mine": lambda: _("My organisation"),
    "log_out": lambda: _("Log out"),
    "log_in": lambda: _("Log in"),
}


def _texts(generation: int) -> dict:
    """The header's words in the active language, escaped (kept per language and generation of the catalogs:
    `balanse.core.templatetags.site` starts a new one when a test changes the languages)."""
    key = (generation, get_language())
    found = _kept.get(key)
    if found is None:
        found = _kept[key] = {name: conditional_escape(word()) for name, word in _WORDS.items()}
    return found


def _item(url: str, label: str, active: bool) -> str:
    """One item of the menu; `label` already escaped."""
    return f'<li><a href="{escape(url)}"{' aria-current="page"' if active else ""}>{label}</a></li>'


def site_nav(context, generation: int) -> SafeString:
    """The menu button and the main menu: the front page, the apps' public items (`menu.public`), advice; for a
    person logged in the operator's pages or their organisation, and the apps' personal items."""
    request = context["request"]
    texts = _texts(generation)
    match = request.resolver_match
    view_name = match.view_name if match is not None else None
    menu = context.get("menu") or {"public": [], "personal": []}
    items = [_item(path_of("core:home"), texts["home"], view_name == "core:home")]
    items += [_item(item.url, conditional_escape(item.label), item.active) for item in menu["public"]]
    items.append(_item(path_of("advice:seek_advice"), texts["advice"], view_name == "advice:seek_advice"))
    user = request.user
    if user.is_authenticated:
        if user.has_perm("core.view_operator_pages"):
            items.append(_item(path_of("core:dashboard"), texts["operator"], view_name == "core:dashboard"))
            items.append(
                _item(
                    path_of("organisations:list"), texts["organisations"], view_name == "organisations:list"
                )
            )
        else:
            mine = match is not None and match.app_name == "organisations"
            items.append(_item(path_of("organisations:mine"), texts["mine"], mine))
        items += [_item(item.url, conditional_escape(item.label), item.active) for item in menu["personal"]]
    return mark_safe(  # noqa: S308 (the words and labels escaped above, the paths escaped in _item)
        '<button class="ds-button site-menu-toggle" data-variant="secondary" data-size="sm" type="button" '
        f'aria-expanded="false" aria-controls="site-nav">{texts["menu"]}</button>\n'
        f'      <nav class="site-nav" id="site-nav" aria-label="{texts["main_menu"]}">\n'
        "        <ul>\n          " + "\n          ".join(items) + "\n        </ul>\n      </nav>"
    )


def site_tools(context, generation: int) -> SafeString:
    """The language switch (to English, or back to Norwegian) and the log-out button, or the log-in link."""
    request = context["request"]
    texts = _texts(generation)
    csrf = _csrf.render(context)
    if get_language() == "en":
        switch = 'name="language" value="nb" lang="nb">Norsk</button>'
    else:
        switch = 'name="language" value="en" lang="en">English</button>'
    parts = [
        f'<form action="{escape(path_of("set_language"))}" method="post" class="lang-switch">\n'
        f"          {csrf}\n"
        f'          <input name="next" type="hidden" value="{escape(request.get_full_path())}">\n'
        f'          <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" {switch}\n'
        "        </form>"
    ]
    if request.user.is_authenticated:
        parts.append(
            f'<form action="{escape(path_of("account_logout"))}" method="post" data-clears-drafts>\n'
            f"          {csrf}\n"
            '          <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">'
            f"{texts['log_out']}</button>\n        </form>"
        )
    else:
        parts.append(
            '<a class="ds-button" data-variant="secondary" data-size="sm" '
            f'href="{escape(path_of("account_login"))}">{texts["log_in"]}</a>'
        )
    return mark_safe("\n        ".join(parts))  # noqa: S308 (as site_nav)
