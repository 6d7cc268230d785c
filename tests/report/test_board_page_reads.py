"""The board and staff page, read without its former costs (issue 19): the year's positions read once (the
bodies, the gender balance and the figures are made from them) and the year's facts from SQL compiled once.
Each faster way is held equal to the way it replaced."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from balanse.report import queries
from balanse.report.models import Body, Gender, Position, Role, YearFacts

pytestmark = pytest.mark.django_db


def people(year: int, n: int) -> None:
    """`n` people of each body in `year`, the staff with FTE whose sum is rounded half up (0.05 each)."""
    roles = {Body.BOARD: Role.MEMBER, Body.DEPUTIES: Role.DEPUTY, Body.NOMINATION: Role.COMMITTEE}
    for body in Body:
        for index in range(n):
            Position.objects.create(
                year=year,
                body=body,
                role=roles.get(body, Role.EMPLOYEE),
                name=f"{body} {index}",
                gender=[Gender.WOMAN, Gender.MAN, ""][index % 3],
                elected_at=date(year, 4, 1),
                fte=Decimal("0.25") if body == Body.STAFF and index % 2 else None,
            )


def test_the_board_figures_from_the_positions_read_are_the_query_s():
    people(2020, 3)  # staff FTE 0.25: 0.3 half up
    people(2021, 4)  # 0.50
    people(2022, 1)  # staff without FTE
    YearFacts.objects.create(year=2020, sick_leave_percent=Decimal("2.5"), certification_target=20)
    YearFacts.objects.create(year=2022, certification_target=5)  # no sick leave typed
    for year in (2019, 2020, 2021, 2022):
        found = queries.board_figures_of(queries.positions_of_year(year), queries.year_facts(year))
        assert found == queries.board_figures(year), year
    assert queries.board_figures_of(queries.positions_of_year(2020), None)["staff_fte"] == 0.3


def test_the_facts_of_a_year_compiled_are_the_orm_s():
    YearFacts.objects.create(year=2020, sick_leave_percent=Decimal("2.5"), certification_target=20)
    for year in (2020, 2021):
        expected = YearFacts.objects.filter(year=year).first()
        found = queries.year_facts(year)
        assert (found and (found.pk, found.sick_leave_percent, found.certification_target)) == (
            expected and (expected.pk, expected.sick_leave_percent, expected.certification_target)
        )


def _queries_of_the_page(client, year: int) -> int:
    client.get(reverse("report:board", args=[year]))  # the session and the compiled SQL made
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("report:board", args=[year]))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_board_page_reads_the_positions_once_whatever_their_number(client_for):
    client = client_for("operator")
    people(2020, 1)
    people(2021, 12)
    YearFacts.objects.create(year=2021, sick_leave_percent=Decimal("4.0"))
    # The session with its account (and whether it has a second factor), then the positions and the facts: one
    # query each.
    assert _queries_of_the_page(client, 2020) == _queries_of_the_page(client, 2021) == 3
    page = client.get(reverse("report:board", args=[2021])).content.decode()
    assert page.count('<p class="stat"><strong>12</strong>') == 2  # the board and the deputies
    assert '<p class="stat"><strong>1,5</strong>' in page  # 12 staff, 6 of them at 0.25 FTE
    assert '<p class="stat"><strong>4 %</strong>' in page


def test_facts_sent_back_with_an_error_show_the_figures_saved_not_those_sent(client_for):
    client = client_for("operator")
    YearFacts.objects.create(year=2020, sick_leave_percent=Decimal("2.5"))
    response = client.post(
        reverse("report:save_facts", args=[2020]),
        {"sick_leave_percent": "7,5", "certification_target": "mange"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<p class="stat"><strong>2,5 %</strong>' in page
    assert YearFacts.objects.get(year=2020).sick_leave_percent == Decimal("2.5")


def test_the_finance_lines_read_once_are_in_both_orders_the_orm_s():
    from balanse.report.models import FinanceLine, FinanceMapping

    FinanceMapping.objects.create(source="Salg", report_line="Egeninntekter")
    for year, line, amount in (
        (2020, "Tilskudd", 500),
        (2020, "Salg", 200),
        (2020, "Lønn", -300),
        (2020, "Annet", 200),  # the same amount as another line: then by the line's name
        (2021, "Tilskudd", 100),
    ):
        FinanceLine.objects.create(year=year, line=line, amount=amount)
    for years in ([2020], [2020, 2021], [2022]):
        by_key = list(FinanceLine.objects.filter(year__in=years).order_by("pk"))
        by_page = list(FinanceLine.objects.filter(year__in=years))
        assert [line.pk for line in queries.finance_lines(years)] == [line.pk for line in by_key]
        assert [line.pk for line in queries.finance_lines(years, report_order=False)] == [
            line.pk for line in by_page
        ]
    names = {line.line: line.report_line_name for line in queries.finance_lines([2020])}
    assert names == {"Tilskudd": "Tilskudd", "Salg": "Egeninntekter", "Lønn": "Lønn", "Annet": "Annet"}


def test_the_finance_page_reads_the_lines_once(client_for):
    from balanse.report.models import FinanceLine

    client = client_for("operator")
    url = reverse("report:finance", args=[2020])
    client.get(url)
    for index in range(5):
        FinanceLine.objects.create(year=2020, line=f"Linje {index}", amount=100 * index - 150)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    reads = [query["sql"] for query in captured.captured_queries if "report_financeline" in query["sql"]]
    assert len(reads) == 1, reads
    assert page.count("Linje ") >= 5
