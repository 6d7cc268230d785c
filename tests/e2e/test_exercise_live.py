"""Journey: a facilitator runs "OK eller ikke OK" on the big screen; five people join on their phones by code,
answer, one reloads mid-scenario and keeps the answers, the facilitator closes and reveals (five answers, so
the counts are shown — fewer than 5 are suppressed), moves on, and the phones follow.

The test server is WSGI, where the push stream sends the current state and asks the browser to reconnect
every second (under uvicorn the same stream stays open); the phones therefore follow within about a second.
"""

import re

import pytest
from django.db.backends.signals import connection_created
from playwright.sync_api import expect

COLLEAGUE, MANAGER, PARTNER = "En kollega", "En leder", "En kjæreste eller noen du er interessert i"
ANSWERS = {  # participant → (colleague, manager, partner)
    0: (2, 1, 7),
    1: (2, 1, 8),
    2: (3, 1, 9),
    3: (8, 2, 10),
    4: (9, 2, 10),
}


def _no_table_read_locks(sender, connection, **kwargs):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")


@pytest.fixture(autouse=True)
def _sqlite_shared_cache_reads():
    """The live server's threads each open their own connection to the in-memory SQLite test database
    (shared-cache mode), where a reader locks whole tables and a concurrent write fails at once with "database
    table is locked". The phones poll once a second here, so reads and writes overlap; reading without table
    locks avoids that. Test-only: real deployments use a SQLite file (WAL) or PostgreSQL."""
    connection_created.connect(_no_table_read_locks)
    yield
    connection_created.disconnect(_no_table_read_locks)


# The phones follow within about a second (a reconnect); a CI machine running another browser test beside this
# one can be several times slower, so a phone gets this long before the test says it did not follow.
FOLLOW_MS = 15_000


def _follows(phone, locator) -> None:
    """Wait until the phone shows `locator`; if it does not, say what the phone's requests got."""
    try:
        expect(locator).to_be_visible(timeout=FOLLOW_MS)
    except AssertionError as error:
        raise AssertionError(
            f"{error}\nserver errors: {phone.server_errors}\nconsole errors: {phone.console_errors}"
        ) from None


def _choose(phone, relation: str, value: int) -> None:
    page = phone.page
    group = page.get_by_role("group", name=relation)
    with page.expect_response(lambda r: "/stem/" in r.url and r.request.method == "POST") as response:
        group.get_by_role("radio", name=re.compile(rf"^{value}(\b|$)")).check()
    assert response.value.status == 200
    expect(page.get_by_role("status").filter(has_text="lagret")).to_be_visible()
    phone.check(f"answer {value} to «{relation}» saved")


def test_exercise_live_session_with_five_phones(make_page, login_as, org_admin, organisation):
    screen = make_page(width=1280, height=900)
    login_as(screen, org_admin)
    page = screen.goto("/fasilitator/ovelse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("OK eller ikke OK")
    page.get_by_role("button", name="Start økta").click()
    screen.check()
    code = page.locator(".join-code").get_attribute("data-code")
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    expect(page.get_by_role("img", name="QR-kode som åpner lenken for å bli med")).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name="Forteller deg at antrekket ditt er sexy")
    ).to_be_visible()

    phones = []
    for _ in range(5):
        phone = make_page(width=360, height=780)
        p = phone.goto("/ovelse/")
        p.get_by_label("Kode").fill(f"{code[:3].lower()} {code[3:]}")
        p.get_by_role("button", name="Fortsett").click()
        phone.check()
        p.get_by_role("button", name="Bli med i øvelsen").click()
        phone.check()
        expect(p.get_by_role("status")).to_contain_text("Vent litt")
        phones.append(phone)
    expect(page.get_by_test_id("participants")).to_have_text("5 deltakere er med.")
    screen.check("five participants have joined")

    page.get_by_role("button", name="Åpne for svar").click()
    screen.check()

    # The phones follow without reloading, and answer.
    for index, phone in enumerate(phones):
        p = phone.page
        _follows(phone, p.get_by_role("group", name=COLLEAGUE))
        phone.check("the scenario is open for answers")
        if index == 0:
            # Mid-scenario: a wrong first choice, a reload, the answer is still there, then changed.
            _choose(phone, COLLEAGUE, 6)
            p.reload()
            phone.check()
            expect(p.get_by_role("group", name=COLLEAGUE).get_by_role("radio", name="6")).to_be_checked()
        colleague, manager, partner = ANSWERS[index]
        _choose(phone, COLLEAGUE, colleague)
        _choose(phone, MANAGER, manager)
        _choose(phone, PARTNER, partner)
    phones[0].page.reload()
    phones[0].check()
    expect(phones[0].page.get_by_role("group", name=COLLEAGUE).get_by_role("radio", name="2")).to_be_checked()
    assert phones[0].page.evaluate("document.documentElement.scrollWidth") <= 360

    # The screen counts answers live but shows no results before they are revealed.
    expect(page.get_by_test_id("answers-so-far")).to_have_text("5 personer har svart.")
    assert page.get_by_test_id("answers").count() == 0
    screen.check("five people have answered")

    page.get_by_role("button", name="Steng for svar").click()
    screen.check()
    for phone in phones:
        _follows(phone, phone.page.get_by_role("status").filter(has_text="Det er stengt for svar"))
        phone.check("closed for answers")

    page.get_by_role("button", name="Vis resultatene").click()
    screen.check()
    expect(page.get_by_test_id("answers")).to_have_text(["5", "5", "5"])
    facts = [re.sub(r"\s+", " ", t).strip() for t in page.locator(".result__facts").all_inner_texts()]
    assert facts == [
        "Antall svar: 5 Midterste svar: 3",
        "Antall svar: 5 Midterste svar: 1",
        "Antall svar: 5 Midterste svar: 9",
    ]
    expect(page.locator(".result__most")).to_have_text(
        ["De fleste svarte mellom 2 og 3", "De fleste svarte 1", "De fleste svarte mellom 9 og 10"]
    )
    expect(page.locator(".result__marker")).to_have_text(
        ["Stor uenighet", "Stor grad av enighet", "Stor grad av enighet"]
    )
    colleague = page.locator("figure.result").first
    colleague.get_by_text("Tall", exact=True).click()
    # The rows as a person reads them (innerText: nothing while the table is closed), waited for.
    expect(colleague.locator("tbody tr")).to_have_text(
        ["1 0", "2 2", "3 1", "4 0", "5 0", "6 0", "7 0", "8 1", "9 1", "10 0"],
        use_inner_text=True,
    )
    screen.check()

    page.get_by_role("button", name="Neste scenario").click()
    screen.check()
    expect(page.get_by_role("heading", level=2, name="Spør om du har gått ned i vekt")).to_be_visible()
    for phone in phones:
        _follows(phone, phone.page.get_by_role("heading", level=2, name="Spør om du har gått ned i vekt"))
        expect(phone.page.get_by_role("status")).to_contain_text("Vent litt")
        phone.check("the next scenario, waiting for the facilitator")

    page.get_by_role("link", name="Oppsummering").click()
    screen.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppsummering: OK eller ikke OK?")
    expect(page.get_by_text("Hvilke faktorer påvirker hvor grensene våre går?")).to_be_visible()


def test_a_phone_whose_refresh_failed_fetches_it_again(make_page, login_as, org_admin, organisation):
    """The push stream says "the state changed" once; if the phone's fetch of the new scenario then fails (the
    Wi-Fi dropped, the server was restarting), the phone fetches it again instead of showing the old one."""
    screen = make_page(width=1280, height=900)
    login_as(screen, org_admin)
    page = screen.goto("/fasilitator/ovelse/")
    page.get_by_role("button", name="Start økta").click()
    screen.check()
    code = page.locator(".join-code").get_attribute("data-code")

    phone = make_page(width=360, height=780)
    p = phone.goto(f"/ovelse/{code}/")
    p.get_by_role("button", name="Bli med i øvelsen").click()
    phone.check()
    expect(p.get_by_role("status")).to_contain_text("Vent litt")
    fetches = []

    def first_fails(route):
        fetches.append(route.request.url)
        if len(fetches) == 1:
            route.fulfill(status=503, body="Prøv igjen")
        else:
            route.continue_()

    p.route(re.compile(rf"/ovelse/{code}/na/"), first_fails)
    page.get_by_role("button", name="Åpne for svar").click()
    screen.check()
    _follows(phone, p.get_by_role("group", name=COLLEAGUE))
    assert len(fetches) >= 2, fetches
    assert phone.server_errors == [f"503 {fetches[0]}"]  # the made-up failure, and no other
    phone.server_errors.clear()
    phone.check("the scenario is open, fetched again after a failed fetch")
    _choose(phone, COLLEAGUE, 4)
