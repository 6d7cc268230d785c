"""Crawl the site as a person would click through it: every same-site link of every HTML page reached, one
page per URL pattern. Used by the page benchmark (bench/pages.py) and the query budget test."""

import re
from collections import deque

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

LINK = re.compile(r'href="(/[^"#]*)"')
# Not pages: files, the language switch, log-out, the development outbox, the Django admin.
SKIP = re.compile(
    r"^/(static|media|i18n|dev|django-admin)/|^/konto/(logout|3rdparty)|\.(pdf|csv|xlsx|ics|json|vtt|png|svg|xml)$"
)


def crawl(client, start: tuple[str, ...] = ("/",), limit: int = 400) -> dict[str, str]:
    """{url pattern name: first URL reached} for every HTML page (status 200) the client can reach."""
    pages: dict[str, str] = {}
    seen_patterns: set[str] = set()
    queue = deque(start)
    seen_urls = set(start)
    while queue and len(pages) < limit:
        url = queue.popleft()
        try:
            match = resolve(url.split("?")[0])
        except Resolver404:
            continue
        name = match.view_name
        if name in seen_patterns:
            continue
        response = client.get(url)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            target = response["Location"]  # e.g. /virksomhet/ → the person's own organisation
            if target not in seen_urls and not SKIP.search(target.split("?")[0]):
                seen_urls.add(target)
                queue.append(target)
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        if getattr(response, "streaming", False):
            continue
        seen_patterns.add(name)
        pages[name] = url
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link not in seen_urls and not SKIP.search(link.split("?")[0]):
                seen_urls.add(link)
                queue.append(link)
    return pages


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def demo_people() -> dict:
    """Who the crawl logs in as, after `load_demo`: nobody (the public), the demo's organisation admin, a plain
    member and a learner of the demo organisation (made here), and the demo's operator."""
    from balanse.core.demo import DEMO_ADMIN_EMAIL, DEMO_OPERATOR_EMAIL, DEMO_ORGANISATION
    from balanse.core.models import User
    from balanse.organisations.models import Organisation
    from tests.factories import make_learner, make_org_member

    organisation = Organisation.objects.get(name=DEMO_ORGANISATION)
    return {
        "public": None,
        "admin": User.objects.get(email=DEMO_ADMIN_EMAIL),
        "member": make_org_member(organisation, user__email="medlem@blackbox.example"),
        "learner": make_learner(organisation, email="kursdeltaker@blackbox.example"),
        "operator": User.objects.get(email=DEMO_OPERATOR_EMAIL),
    }
