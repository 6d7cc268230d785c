"""Every page a person reaches answers within the query budget (issue 19): the same crawl as bench/pages.py,
as the public, an organisation admin, a member, a learner and the operator, over the demo data."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tests.crawl import count_queries, crawl, demo_people

BUDGET = 12


@pytest.mark.django_db
def test_every_page_within_the_query_budget(tmp_path):
    call_command("load_demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    problems = []
    visited = 0
    for role, user in demo_people().items():
        client = Client()
        if user is not None:
            client.force_login(user)
        pages = crawl(client)
        assert len(pages) >= 10, (role, pages)  # the crawl reaches the role's pages, not just a log-in page
        for name, url in pages.items():
            visited += 1
            # Both the first view after a write (the figures counted again, then kept: balanse.core.stamps)
            # and the next one.
            cache.clear()
            for state, queries in (
                ("first", count_queries(client, url)),
                ("kept", count_queries(client, url)),
            ):
                if queries > BUDGET:
                    problems.append(
                        f"{role} {url} ({name}), {state} view: {queries} queries, at most {BUDGET}"
                    )
    assert visited > 100
    assert not problems, "\n".join(problems)
