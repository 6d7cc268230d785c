"""Every Balansemerket page in every state, with the demo data, scanned with axe; the yearly target; and the
dashboard's lists and a certification's history, each shown in part with a link to the whole, paged."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from balanse.certification import queries
from balanse.certification.models import Certification, StateChange
from balanse.core.models import User


def test_certification_pages_in_every_state_pass_axe(make_page, login_as):
    call_command("load_demo", stdout=StringIO())
    operator = make_page()
    login_as(operator, User.objects.get(email="drift@balansekunst.example"))
    # The organisation's own page, seen by the operator on a 360 px phone.
    narrow = make_page(width=360, height=780)
    login_as(narrow, User.objects.get(email="drift@balansekunst.example"))
    public = make_page(width=360, height=780)
    seen = set()
    for certification in Certification.objects.select_related("organisation").order_by("state", "pk"):
        if certification.state in seen:
            continue
        seen.add(certification.state)
        page = operator.goto(f"/drift/merket/{certification.pk}/")
        assert page.get_by_role("heading", level=1).inner_text().endswith(certification.organisation.name)
        for summary in page.locator("details > summary").all():  # the forms folded away
            summary.click()
            operator.check()
        narrow.goto(f"/virksomhet/{certification.organisation_id}/merket/")
        assert narrow.page.evaluate("document.documentElement.scrollWidth") <= 360
        if certification.certificate_number:
            public.goto(f"/merket/{certification.certificate_number}/")
    assert seen == set(Certification.State.values)
    public.goto("/merket/?field=music&municipality=Oslo")
    assert public.page.evaluate("document.documentElement.scrollWidth") <= 360
    withdrawn = Certification.objects.get(organisation__name="Høyskolen Kristiania")
    assert withdrawn.certificate_number == ""

    # The operator opens the dashboard, looks at 2020 and edits the target.
    page = operator.goto("/drift/merket/")
    page.get_by_role("link", name="2020").click()
    operator.check()
    assert page.get_by_role("heading", name="Mål og resultater 2020").is_visible()
    stats = page.locator(".stat").all_inner_texts()
    assert [s.split("\n")[0] for s in stats] == ["20", "5", "7", "0"]
    page.get_by_role("spinbutton", name="Mål").fill("25")
    page.get_by_role("button", name="Lagre målet").click()
    operator.check()
    assert page.get_by_text("Målet er lagret.").is_visible()
    assert page.locator(".stat").first.inner_text().startswith("25")


def test_dashboard_lists_and_history_lead_to_the_whole_list(make_page, login_as):
    call_command("load_demo", stdout=StringIO())
    operator = make_page()
    login_as(operator, User.objects.get(email="drift@balansekunst.example"))
    S = Certification.State

    # The dashboard shows the latest changes and leads to every ongoing certification.
    page = operator.goto("/drift/merket/")
    assert page.get_by_role("heading", name="Siste endringer").is_visible()
    assert page.get_by_role("table", name="Siste endringer").locator("tbody tr").count() == 5
    counts = {state: count for state, _label, count in queries.pipeline_counts()}
    ongoing = sum(count for state, count in counts.items() if state not in (S.EXPIRED, S.WITHDRAWN))
    page.get_by_role("link", name=f"Vis alle {ongoing} pågående sertifiseringer").click()
    operator.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Alle pågående sertifiseringer"
    assert (
        page.get_by_role("table", name="Alle pågående sertifiseringer").locator("tbody tr").count() == ongoing
    )
    # A pipeline number opens the organisations in that state.
    page.get_by_role("link", name="Tilbake til oversikten").click()
    operator.check()
    measures = counts[S.MEASURES]
    page.get_by_role("link", name=f"{measures} i «Tiltak»: vis dem").click()
    operator.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Virksomheter i «Tiltak»"
    assert page.locator("tbody tr").count() == measures

    # A certification with a long history: the page shows the latest ten, the history page all of them.
    certification = Certification.objects.filter(state=S.CERTIFIED).select_related("organisation").first()
    start = timezone.now() - timedelta(days=400)
    StateChange.objects.bulk_create(
        StateChange(
            certification=certification,
            from_state=S.MEASURES,
            to_state=S.IN_REVIEW,
            at=start + timedelta(days=i),
            reason=f"Gammel endring {i}",
        )
        for i in range(60)
    )
    total = certification.history.count()
    page = operator.goto(f"/drift/merket/{certification.pk}/")
    assert page.get_by_role("table", name="Historikk").locator("tbody tr").count() == 10
    page.get_by_role("link", name="Vis hele historikken").click()
    operator.check()
    name = certification.organisation.name
    assert page.get_by_role("heading", level=1).inner_text() == f"Historikk: {name}"
    assert page.get_by_text(f"{total} endringer, den siste først.").is_visible()
    assert page.locator("tbody tr").count() == 25
    pages = -(-total // 25)
    for number in range(2, pages + 1):  # to the oldest changes, a page at a time
        page.get_by_role("link", name="Neste side").click()
        operator.check()
        assert page.get_by_text(f"Side {number} av {pages}").is_visible()
    assert page.get_by_role("link", name="Neste side").count() == 0
    assert page.locator("tbody tr").count() == total - 25 * (pages - 1)
    assert page.get_by_text("Gammel endring 0", exact=True).is_visible()
    page.get_by_role("link", name="Tilbake til sertifiseringen").click()
    operator.check()
    assert page.get_by_role("heading", level=1).inner_text() == f"Balansemerket: {name}"
