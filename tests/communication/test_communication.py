"""The communication log: access per role, the log and its figures (supplementary counts and key figures),
the `communication` register as a file, and the 2020 figures from the annual report."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.communication import demo, queries
from balanse.communication.models import Entry, EntryType, KeyFigure, SupplementaryCount
from balanse.core import exports
from balanse.core.registers import files, get_register, imports
from balanse.core.registers.exports import export_rows
from tests.access import ROLES, assert_status

pytestmark = pytest.mark.django_db

OPERATOR_ONLY = ["login", 403, 403, 403, 200, 403]


@pytest.fixture
def objects():
    entry = Entry.objects.create(
        date=date(2020, 5, 2), type=EntryType.OP_ED, title="Kronikk", outlet="Aftenposten"
    )
    count = SupplementaryCount.objects.create(year=2020, type=EntryType.MEDIA, count=3, note="Uten liste")
    figure = KeyFigure.objects.create(year=2020, name="Besøkende", value=12000, unit="besøkende")
    return {"entry": entry, "count": count, "figure": figure}


GET_PAGES = [
    ("communication:list", lambda o: []),
    ("communication:add", lambda o: []),
    ("communication:edit", lambda o: [o["entry"].pk]),
    ("communication:figures", lambda o: []),
    ("communication:key_figure_edit", lambda o: [o["figure"].pk]),
]
POSTS = [
    ("communication:add", lambda o: []),
    ("communication:edit", lambda o: [o["entry"].pk]),
    ("communication:delete", lambda o: [o["entry"].pk]),
    ("communication:figures", lambda o: []),
    ("communication:supplement_add", lambda o: []),
    ("communication:supplement_delete", lambda o: [o["count"].pk]),
    ("communication:key_figure_edit", lambda o: [o["figure"].pk]),
    ("communication:key_figure_delete", lambda o: [o["figure"].pk]),
]


@pytest.mark.parametrize(("name", "args"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_pages_access_per_role(client_for, objects, name, args, role_index):
    response = client_for(ROLES[role_index]).get(reverse(name, args=args(objects)))
    assert_status(response, OPERATOR_ONLY[role_index])


@pytest.mark.parametrize(("name", "args"), POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", ["anonymous", "member", "admin", "other_admin", "learner"])
def test_actions_are_for_the_operator_only(client_for, objects, name, args, role):
    response = client_for(role).post(reverse(name, args=args(objects)))
    assert_status(response, "login" if role == "anonymous" else 403)
    assert (
        Entry.objects.count() == 1
        and SupplementaryCount.objects.count() == 1
        and KeyFigure.objects.count() == 1
    )


def test_the_log_and_its_figures(operator_client):
    response = operator_client.post(
        reverse("communication:add"),
        {
            "date": "2020-03-01",
            "type": "medieoppslag",
            "title": "Intervju i NRK",
            "outlet": "NRK",
            "link": "https://nrk.no/x",
        },
    )
    assert response.status_code == 302
    operator_client.post(
        reverse("communication:supplement_add") + "?ar=2020",
        {
            "total-year": 2020,
            "total-type": "politisk møte",
            "total-count": 3,
            "total-note": "Fra årsrapporten",
        },
    )
    operator_client.post(
        reverse("communication:figures") + "?ar=2020",
        {"figure-year": 2020, "figure-name": "Vekst på Facebook", "figure-value": "19", "figure-unit": "%"},
    )
    figures = operator_client.get(reverse("communication:figures") + "?ar=2020").context["figures"]
    assert figures == {
        "media_mentions": 1,
        "op_eds": 0,
        "political_meetings": 3,
        "consultation_responses": 0,
        "key_figures": {"Vekst på Facebook": 19},
    }


def test_bad_input_is_refused_with_messages_and_nothing_changes(operator_client, objects):
    response = operator_client.post(
        reverse("communication:add"), {"date": "i går", "type": "tweet", "title": "", "link": "ftp//x"}
    )
    assert {"date", "type", "title", "link"} <= set(response.context["form"].errors)
    response = operator_client.post(
        reverse("communication:figures"),
        {"figure-year": 2020, "figure-name": "Besøkende", "figure-value": "mange"},
    )
    assert response.status_code == 200
    assert "value" in response.context["key_figure_form"].errors
    response = operator_client.post(
        reverse("communication:figures"),
        {"figure-year": 2020, "figure-name": "Besøkende", "figure-value": "1"},
    )
    assert response.context["key_figure_form"].errors  # the same name twice in a year
    response = operator_client.post(
        reverse("communication:supplement_add"), {"total-year": 1, "total-count": -1}
    )
    assert {"year", "type", "count", "note"} <= set(response.context["supplement_form"].errors)
    assert Entry.objects.count() == 1 and SupplementaryCount.objects.count() == 1
    assert KeyFigure.objects.get().value == 12000


def test_list_query_count_is_the_same_for_50_and_500_entries(operator_client):
    def make(n, start):
        Entry.objects.bulk_create(
            [
                Entry(date=date(2020, 1 + i % 12, 1), type=EntryType.values[i % 4], title=f"Sak {start + i}")
                for i in range(n)
            ]
        )

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert operator_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    url = reverse("communication:list") + "?ar=2020&type=kronikk"
    make(50, 0)
    with_50 = count(url)
    make(450, 50)
    assert count(url) == with_50


def test_the_register_refuses_bad_rows_and_round_trips():
    register = get_register("communication")
    assert register.columns == ["date", "type", "title", "link"]
    bad = "dato;type;tittel;lenke\n2020-01-01;kronikk;God;\n2020-01-02;tweet;Feil type;\n31.02.2020;kronikk;Feil dato;\n2020-01-03;kronikk;Feil lenke;ikke en lenke\n"
    dataset = files.read_table(bad.encode(), "c.csv", register)
    summary = imports.preview(register, dataset)
    assert [row.number for row in summary.refused] == [3, 4, 5]
    with pytest.raises(imports.ImportRefused):
        imports.confirm(register, dataset)
    assert not Entry.objects.exists()
    good = "date;type;title;link\n2020-01-01;Kronikk;Likestilling nå;https://example.org/k\n2020-02-01;politisk innspillsmøte;Møte med komiteen;\n"
    summary = imports.confirm(register, files.read_table(good.encode(), "c.csv", register))
    assert summary.new == 2
    assert Entry.objects.get(title="Møte med komiteen").type == EntryType.POLICY_MEETING
    header, rows = export_rows(register)
    content = exports.csv_bytes(rows, header=header, dialect=exports.NORWEGIAN_EXCEL)
    summary = imports.confirm(register, files.read_table(content, "c.csv", register))
    assert (summary.new, summary.updated, summary.unchanged) == (0, 0, 2)
    assert export_rows(register) == (header, rows)


PUBLISHED_2020 = [
    ("media_mentions", 23, 23, ""),
    ("op_eds", 5, 5, ""),
    ("political_meetings", 3, 3, ""),
    ("consultation_responses", 2, 2, ""),
]


def test_2020_figures_equal_the_report():
    demo.load_demo()
    demo.load_demo()  # again: nothing changes
    figures = queries.annual_figures(2020)["communication"]
    for name, published, computed, reason in PUBLISHED_2020:
        assert figures[name] == computed
        assert (published == computed) == (reason == "")
    assert figures["key_figures"] == {
        "Unike besøkende på balansekunstprosjektet.no": 12000,
        "Vekst i følgere på Facebook fra året før": 19,
    }
    assert SupplementaryCount.objects.count() == 4


def test_annual_figures_signal_answers_with_the_section(objects):
    from balanse.core.signals import annual_figures_requested

    answers = [r for _receiver, r in annual_figures_requested.send(sender=None, year=2020)]
    mine = next(a for a in answers if a and "communication" in a)
    assert list(mine["communication"])[:4] == [
        "media_mentions",
        "op_eds",
        "political_meetings",
        "consultation_responses",
    ]
    assert mine["communication"]["media_mentions"] == 4  # the op-ed and three stories without rows
    call_command("check")
