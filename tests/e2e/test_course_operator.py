"""Journey: the operator edits the course in the browser (uploads a video to the video step, previews it,
publishes a new version) and schedules the follow-up meeting; a learner opens the transcript with the keyboard,
a line of it jumps the video, and the learner sees the meeting. Every page is scanned with axe."""

from balanse.course.models import StepCompletion
from tests.factories import OperatorFactory, OrganisationFactory, make_org_admin

RECORD_WEBM = """async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 160; canvas.height = 90;
  const ctx = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(10), {mimeType: "video/webm"});
  const chunks = [];
  recorder.ondataavailable = (e) => chunks.push(e.data);
  recorder.start();
  for (let i = 0; i < 40; i++) {
    ctx.fillStyle = i % 2 ? "#003366" : "#ffcc00";
    ctx.fillRect(0, 0, 160, 90);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stopped = new Promise((r) => (recorder.onstop = r));
  recorder.stop();
  await stopped;
  return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
}"""


def test_operator_edits_publishes_and_schedules_and_learner_uses_transcript(make_page, login_as):
    from balanse.course import services
    from balanse.course.models import Course

    course = Course.objects.get(slug="trygt-kulturliv")
    theatre = OrganisationFactory(name="Rosendal teater")
    make_org_admin(theatre)
    learner_user = services.invite_learners(
        organisation=theatre, course=course, emails=["lise@rosendal.example"], by=None
    )[0].user

    staff = make_page()
    login_as(staff, OperatorFactory())
    page = staff.goto("/drift/kurs/")
    page.get_by_role("link", name="Trygt kulturliv – nettkurs mot seksuell trakassering").click()
    staff.check()
    page.get_by_role("button", name="Start et nytt utkast").click()
    staff.check()
    assert page.get_by_text("Du redigerer utkastet til versjon 2.").is_visible()
    page.get_by_role("link", name="Rediger Film: Risiko i hverdagen").click()
    staff.check()
    video = bytes(page.evaluate(RECORD_WEBM))
    page.get_by_label("Videofil").set_input_files(
        files=[{"name": "risiko.webm", "mimeType": "video/webm", "buffer": video}]
    )
    page.get_by_label("Tittel").fill("Film: Risiko i kulturlivet")
    page.get_by_role("button", name="Lagre").click()
    staff.check()
    assert page.get_by_text("Steget er lagret.").is_visible()
    page.get_by_role("link", name="Forhåndsvis Film: Risiko i kulturlivet").click()
    staff.check()
    assert page.get_by_text("Forhåndsvisning av utkastet.").is_visible()
    assert page.locator("video track[kind=captions]").count() == 1
    page.get_by_role("link", name="Tilbake til redigering").click()
    staff.check()
    page.get_by_role("button", name="Publiser utkastet").click()
    staff.check()
    assert page.get_by_text("Versjon 2 er publisert.").is_visible()

    # The operator schedules the follow-up meeting from the organisation's page.
    staff.goto(f"/virksomhet/{theatre.pk}/")
    page.get_by_role("link", name="Sett opp oppfølgingsmøtet").click()
    staff.check()
    page.get_by_label("Dato og klokkeslett").fill("2026-12-03T10:00")
    page.get_by_label("Lenke til videomøtet").fill("https://meet.example/rosendal")
    page.get_by_role("button", name="Lagre møtet").click()
    staff.check()

    learner = make_page(width=360, height=780)
    login_as(learner, learner_user)
    page = learner.goto("/kurs/trygt-kulturliv/")
    assert page.get_by_role("heading", name="Oppfølgingsmøte med Balansekunst").is_visible()
    assert (
        page.get_by_role("link", name="Bli med i videomøtet").get_attribute("href")
        == "https://meet.example/rosendal"
    )
    page = learner.goto("/kurs/trygt-kulturliv/steg/film-risikofaktorer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Film: Risiko i kulturlivet"
    summary = page.get_by_text("Utskrift", exact=True)
    summary.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('transcript').open")
    page.wait_for_function("document.querySelectorAll('.course-cue').length === 6")
    learner.check()  # the transcript is open
    for _ in range(50):
        if StepCompletion.objects.filter(user=learner_user, step_key="film-risikofaktorer").exists():
            break
        page.wait_for_timeout(100)
    assert StepCompletion.objects.filter(user=learner_user, step_key="film-risikofaktorer").exists()
    cue = page.get_by_role("button", name="0:00 Jeg har jobbet frilans", exact=False)
    page.locator(".course-cue").nth(0).focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the second line starts at 0:05, but the film is 4 s: the browser clamps
    # Playing alone could not get past 3 s this quickly: the line made the video jump.
    page.wait_for_function("document.getElementById('course-video').currentTime >= 3", timeout=1500)
    assert cue.is_visible()
    learner.check("the video jumped to the line chosen in the transcript")
