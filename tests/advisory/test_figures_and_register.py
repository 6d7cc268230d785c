"""Figures with cells under 3 suppressed outside the adviser role, the 2020 demo (10 inquiries, no notes), the
advisory register as a file, and list query counts at 50 and 500 rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.advisory import demo, queries
from balanse.advisory.models import Inquiry
from balanse.core.registers import files, get_register, imports
from balanse.core.registers.exports import export_rows
from balanse.core.signals import annual_figures_requested

pytestmark = pytest.mark.django_db


def test_suppression_hides_1_and_2_and_a_lone_hidden_cell_takes_the_next_smallest():
    assert queries.suppress({"a": 0, "b": 3, "c": 7}) == {"a": 0, "b": 3, "c": 7}
    assert queries.suppress({"a": 1, "b": 2, "c": 7}) == {"a": None, "b": None, "c": 7}
    assert queries.suppress({"a": 2, "b": 4, "c": 7, "d": 0}) == {"a": None, "b": None, "c": 7, "d": 0}
    assert queries.suppress({"a": 2, "d": 0}) == {"a": None, "d": 0}


def test_the_2020_demo_has_ten_inquiries_without_notes_and_loading_again_changes_nothing():
    demo.load_demo()
    demo.load_demo()
    assert Inquiry.objects.filter(date__year=2020).count() == 10
    assert not Inquiry.objects.filter(notes_ciphertext__isnull=False).exists()
    full = queries.figures(2020, suppressed=False)
    assert full["inquiries"] == 10 and sum(full["by_topic"].values()) == 10
    assert full["by_topic"]["seksuell trakassering"] == 5
    answers = [response for _receiver, response in annual_figures_requested.send(sender=None, year=2020)]
    section = next(answer["advisory"] for answer in answers if answer and "advisory" in answer)
    assert section["inquiries"] == 10
    assert section["by_topic"] == {
        "seksuell trakassering": 5,
        "diskriminering": None,
        "rasisme": None,
        "maktmisbruk": None,
        "annet": 0,
    }


def test_operators_without_the_role_see_suppressed_counts_and_advisers_exact(
    operator_client, client, adviser
):
    demo.load_demo()
    body = operator_client.get(reverse("advisory:overview") + "?ar=2020").content.decode()
    assert "&lt;3" in body and "2020-01" not in body
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(adviser, generate_totp_secret())
    client.force_login(adviser)
    response = client.get(reverse("advisory:overview") + "?ar=2020")
    assert "&lt;3" not in response.content.decode() and "2020-01" in response.content.decode()
    assert response.context["figures"]["by_topic"]["rasisme"] == 1


def table(text: str):
    register = get_register("advisory")
    return register, files.read_table(text.encode("utf-8-sig"), "advisory.csv", register)


def test_the_register_matches_on_ref_rows_without_are_new_and_bad_rows_write_nothing():
    register = get_register("advisory")
    assert register.columns == ["date", "channel", "topic", "role", "ref"]
    register, dataset = table(
        "Dato;Kanal;Tema;Rolle;Saksnummer\n"
        "04.05.2020;telefon;rasisme;frilanser;A-1\n"
        "2020-05-05;brevdue;rasisme;;\n"
        "2020-05-06;telefon;;ansatt;\n"
    )
    summary = imports.preview(register, dataset)
    assert [row.number for row in summary.refused] == [3, 4]
    with pytest.raises(imports.ImportRefused):
        imports.confirm(register, dataset)
    assert not Inquiry.objects.exists()
    text = (
        "date;channel;topic;role;ref\n2020-05-04;telefon;rasisme;frilanser;A-1\n2020-05-05;e-post;annet;;\n"
    )
    imports.confirm(*table(text))
    summary = imports.preview(*table(text))
    assert (summary.new, summary.unchanged) == (1, 1)  # the row without ref is new every time
    header, rows = export_rows(get_register("advisory"), year=2020)
    assert header == ["date", "channel", "topic", "role", "ref"]
    assert ["2020-05-04", "telefon", "rasisme", "frilanser", "A-1"] in [[str(c) for c in row] for row in rows]


def test_the_list_issues_the_same_queries_for_50_and_500_inquiries(client, adviser):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(adviser, generate_totp_secret())
    client.force_login(adviser)

    def make(n):
        Inquiry.objects.bulk_create(
            [
                Inquiry(date=date(2020, 1 + i % 12, 1 + i % 28), channel="telefon", topic="annet")
                for i in range(n)
            ]
        )

    url = reverse("advisory:overview") + "?ar=2020"
    make(50)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    make(450)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.context["figures"]["inquiries"] == 500
    assert len(large) == len(small)


def test_a_total_under_3_is_hidden_too_outside_the_adviser_role():
    Inquiry.objects.create(date=date(2021, 2, 2), channel="telefon", topic="annet", follow_up=True)
    assert queries.figures(2021, suppressed=True)["inquiries"] is None
    assert queries.figures(2021, suppressed=True)["follow_up"] is None
    assert queries.figures(2021, suppressed=False)["inquiries"] == 1


def test_the_operator_panels_count_of_a_year_is_the_orms_from_its_first_to_its_last_day():
    """`count_in_year` (compiled once, the year's first and last day as its values) counts as `date__year`."""
    from balanse.advisory import queries
    from balanse.advisory.models import Inquiry
    from balanse.core import compiled
    from tests.advisory.factories import InquiryFactory

    compiled.forget()
    for day in (date(2019, 12, 31), date(2020, 1, 1), date(2020, 12, 31), date(2021, 1, 1), date(2021, 6, 1)):
        InquiryFactory(date=day)
    for year in (2018, 2019, 2020, 2021):
        assert queries.count_in_year(year) == Inquiry.objects.filter(date__year=year).count()
    assert [queries.count_in_year(year) for year in (2019, 2020, 2021)] == [1, 2, 2]


def test_the_adviser_role_is_read_with_the_session_and_taken_away_at_once(adviser_client, adviser, operator):
    """A staff account's model permissions (the adviser role is one, through its group) come with the session's
    query (balanse.core.auth_backends.model_permissions_in_one_text), not in a query of their own; the role
    taken away counts from the next request."""
    from balanse.advisory import services

    url = reverse("advisory:new")
    adviser_client.get(url)
    with CaptureQueriesContext(connection) as read:
        assert adviser_client.get(url).status_code == 200
    own = [
        q["sql"]
        for q in read.captured_queries
        if "auth_permission" in q["sql"] and "core_session" not in q["sql"]
    ]
    assert own == []  # only in the session's query
    services.revoke_adviser_role(user=adviser, by=operator)
    assert adviser_client.get(url).status_code == 403
