"""Crawl the site as a person would click through it: every same-site link of every HTML page reached, one
page per URL pattern. Used by the page benchmark (bench/pages.py) and the query budget test."""

import re
from collections import deque

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
