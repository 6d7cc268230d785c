"""Every Balansemerket page in every state, with the demo data, scanned with axe; and the yearly target."""

from io import StringIO

from django.core.management import call_command

from balanse.certification.models import Certification
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
