"""The site's header written in Python (`balanse.core.site_header`): the same markup the template language gave,
for every kind of person, page and language, with the address asked for escaped."""

import re

import pytest
from django.conf import settings
from django.template import engines
from django.urls import reverse

pytestmark = pytest.mark.django_db

# base.html's header as the template language wrote it until the sixth of December 2026.
TEMPLATE = """{% get_current_language as LANGUAGE_CODE %}
<button class="ds-button site-menu-toggle" data-variant="secondary" data-size="sm" type="button" aria-expanded="false" aria-controls="site-nav">{% translate "Menu" %}</button>
<nav class="site-nav" id="site-nav" aria-label="{% translate 'Main menu' %}">
  <ul>
    <li><a href="{% url 'core:home' %}"{% if request.resolver_match.view_name == 'core:home' %} aria-current="page"{% endif %}>{% translate "Home" %}</a></li>
    {% for item in menu.public %}<li><a href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>{{ item.label }}</a></li>{% endfor %}
    <li><a href="{% url 'advice:seek_advice' %}"{% if request.resolver_match.view_name == 'advice:seek_advice' %} aria-current="page"{% endif %}>{% translate "Seek advice" %}</a></li>
    {% if user.is_authenticated %}
      {% if perms.core.view_operator_pages %}
        <li><a href="{% url 'core:dashboard' %}"{% if request.resolver_match.view_name == 'core:dashboard' %} aria-current="page"{% endif %}>{% translate "Operator" %}</a></li>
        <li><a href="{% url 'organisations:list' %}"{% if request.resolver_match.view_name == 'organisations:list' %} aria-current="page"{% endif %}>{% translate "Organisations" %}</a></li>
      {% else %}
        <li><a href="{% url 'organisations:mine' %}"{% if request.resolver_match.app_name == 'organisations' %} aria-current="page"{% endif %}>{% translate "My organisation" %}</a></li>
      {% endif %}
      {% for item in menu.personal %}<li><a href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>{{ item.label }}</a></li>{% endfor %}
    {% endif %}
  </ul>
</nav>
<div class="site-tools">
  <form action="{% url 'set_language' %}" method="post" class="lang-switch">
    {% csrf_token %}
    <input name="next" type="hidden" value="{{ request.get_full_path }}">
    {% if LANGUAGE_CODE == "en" %}
      <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="language" value="nb" lang="nb">Norsk</button>
    {% else %}
      <button class="ds-button" data-variant="tertiary" data-size="sm" type="submit" name="language" value="en" lang="en">English</button>
    {% endif %}
  </form>
  {% if user.is_authenticated %}
    <form action="{% url 'account_logout' %}" method="post" data-clears-drafts>
      {% csrf_token %}
      <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">{% translate "Log out" %}</button>
    </form>
  {% else %}
    <a class="ds-button" data-variant="secondary" data-size="sm" href="{% url 'account_login' %}">{% translate "Log in" %}</a>
  {% endif %}
</div>"""


def _plain(html: str) -> str:
    """The markup with every CSRF token (masked anew at each rendering) and the white space between tags made
    the same."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="…"', html)
    return re.sub(r">\s+<", "><", html).strip()


def _header(response) -> str:
    html = response.content.decode()
    start = html.index('<button class="ds-button site-menu-toggle"')
    return _plain(html[start : html.index("</header>")].rsplit("</div>", 1)[0])


@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "learner", "operator"])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_header_is_the_templates_markup_for_every_person_page_and_language(
    client_for, organisation, role, language
):
    client = client_for(role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [
        reverse("core:home"),
        reverse("advice:seek_advice"),
        reverse("certification:registry") + '?q=<script>"&amp;',
        reverse("core:dashboard"),
        reverse("organisations:list"),
        reverse("organisations:detail", args=[organisation.pk]),
        reverse("members:list"),
        reverse("course:my_courses"),
        "/finnes-ikke/<b>/",
    ]
    template = engines["django"].from_string(TEMPLATE)
    compared = 0
    for url in pages:
        response = client.get(url)
        if "site-menu-toggle" not in response.content.decode():
            continue  # a redirect to the log-in page, or a page without the header
        request = response.wsgi_request
        expected = template.render({"menu": response.context["menu"]}, request)
        assert _header(response) == _plain(expected), url
        compared += 1
    assert compared >= 4
    if language == "en":
        assert 'lang="nb">Norsk</button>' in response.content.decode()


def test_the_address_asked_for_is_escaped_in_the_language_switch(client):
    page = client.get(reverse("certification:registry") + '?q="><script>alert(1)</script>').content.decode()
    assert "<script>alert(1)" not in page
    assert 'value="/merket/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"' in page
