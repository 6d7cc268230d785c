"""The presenter view (for the projector), the control view's keys, ending with a confirmation, and the result
cards in plain words."""

import pytest
from django.urls import reverse

from balanse.exercise import queries, services
from balanse.exercise.models import Vote
from tests.exercise.conftest import open_current

pytestmark = pytest.mark.django_db

KEY = {"HTTP_X_BALANSE_CONTROL": "key"}


def test_presenter_view_has_only_code_qr_and_scenario(admin_client, exercise_session):
    html = admin_client.get(reverse("exercise:presenter", args=[exercise_session.pk])).content.decode()
    assert exercise_session.display_code in html
    assert 'class="presenter__qr" src="data:image/svg+xml' in html
    assert "Forteller deg at antrekket ditt er sexy" in html
    assert "site-nav" not in html and "site-footer" not in html  # no site menu, no footer
    assert 'name="action"' not in html  # no control buttons: keys only
    assert "exercise/js/presenter.js" in html
    assert 'data-control-url="/fasilitator/ovelse/' in html
    live = admin_client.get(reverse("exercise:presenter_live", args=[exercise_session.pk])).content.decode()
    assert "<html" not in live and "Forteller deg at antrekket ditt er sexy" in live


def _post(client, session, action, **extra):
    return client.post(reverse("exercise:control", args=[session.pk]), {"action": action}, **extra)


def test_advance_steps_through_open_close_reveal_and_next(admin_client, exercise_session):
    first = exercise_session.scenarios.get(position=0)
    for expected in ("open", "closed", "revealed"):
        assert _post(admin_client, exercise_session, "advance", **KEY).status_code == 204
        first.refresh_from_db()
        assert first.phase == expected
    assert _post(admin_client, exercise_session, "advance", **KEY).status_code == 204
    exercise_session.refresh_from_db()
    assert exercise_session.current_index == 1
    assert _post(admin_client, exercise_session, "previous", **KEY).status_code == 204
    exercise_session.refresh_from_db()
    assert exercise_session.current_index == 0


def test_toggle_opens_and_closes(admin_client, exercise_session):
    first = exercise_session.scenarios.get(position=0)
    for expected in ("open", "closed", "open"):
        _post(admin_client, exercise_session, "toggle", **KEY)
        first.refresh_from_db()
        assert first.phase == expected


def test_key_that_cannot_apply_says_why_and_changes_nothing(admin_client, exercise_session, org_admin):
    response = _post(admin_client, exercise_session, "reveal", **KEY)
    assert response.status_code == 400
    assert "Scenarioet kan ikke gå fra «Ikke startet» til «Resultater vist»." in response.content.decode()
    last = exercise_session.scenarios.count() - 1
    services.go_to(session=exercise_session, index=last, by=org_admin)
    exercise_session.refresh_from_db()
    scenario = exercise_session.scenarios.get(position=last)
    for phase in ("open", "closed", "revealed"):
        services.set_phase(session=exercise_session, scenario=scenario, phase=phase, by=org_admin)
    response = _post(admin_client, exercise_session, "advance", **KEY)
    assert response.status_code == 400
    assert response.content.decode() == "Dette er det siste scenarioet."
    exercise_session.refresh_from_db()
    assert exercise_session.current_index == last


def test_a_form_post_still_redirects_to_the_control_view(admin_client, exercise_session):
    response = _post(admin_client, exercise_session, "open")
    assert response.status_code == 302
    assert response["Location"] == reverse("exercise:screen", args=[exercise_session.pk])


def test_end_is_never_one_click(admin_client, exercise_session):
    services.join(session=exercise_session)
    response = _post(admin_client, exercise_session, "end")
    assert response["Location"] == reverse("exercise:end", args=[exercise_session.pk])
    exercise_session.refresh_from_db()
    assert exercise_session.is_running
    html = admin_client.get(response["Location"]).content.decode()
    assert "Avslutte økta?" in html
    assert "Ingen kan svare mer, og koden slutter å virke." in html
    assert "Svarene kobles fra for godt fra den 1 deltakeren" in html
    exercise_session.refresh_from_db()
    assert exercise_session.is_running  # looking at the question ends nothing


def test_confirmed_end_unlinks_the_answers(admin_client, exercise_session, org_admin):
    scenario = open_current(exercise_session, org_admin)
    services.cast_votes(participant=services.join(session=exercise_session), scenario=scenario, values={0: 3})
    url = reverse("exercise:end", args=[exercise_session.pk])
    response = admin_client.post(url)
    assert response["Location"] == reverse("exercise:summary", args=[exercise_session.pk])
    exercise_session.refresh_from_db()
    assert not exercise_session.is_running
    assert Vote.objects.get().participant is None
    again = admin_client.post(url, follow=True)
    assert "Økta er allerede avsluttet." in again.content.decode()


def test_control_view_links_the_presenter_view_and_the_end_page(admin_client, exercise_session):
    html = admin_client.get(reverse("exercise:screen", args=[exercise_session.pk])).content.decode()
    assert reverse("exercise:presenter", args=[exercise_session.pk]) in html
    assert reverse("exercise:end", args=[exercise_session.pk]) in html
    assert 'value="end"' not in html


def _dist(counts):
    return queries.distribution("En kollega", counts, 5)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([2, 2, 3, 9, 10], (2, 3)),  # 3 of 5 between 2 and 3
        ([9, 9, 9, 1, 5], (9, 9)),  # 3 of 5 said 9
        ([1, 1, 10, 10, 5], (1, 5)),  # no pair of neighbours holds more than half: the narrowest that does
        ([2, 2, 3, 4, 9, 10], (2, 4)),  # 3 of 6 is not more than half: 4 of 6 between 2 and 4
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (1, 6)),  # equally narrow ranges: the lowest
    ],
)
def test_most_answered_between(answers, expected):
    counts = [answers.count(rating) for rating in range(1, 11)]
    assert _dist(counts).most_between == expected


def test_most_answered_is_not_said_for_suppressed_groups():
    assert _dist([0, 1, 1, 0, 0, 0, 0, 0, 0, 0]).most_between is None


def test_result_card_says_it_in_plain_words(admin_client, exercise_session, org_admin):
    scenario = open_current(exercise_session, org_admin)
    for value in (2, 2, 3, 9, 10):
        services.cast_votes(
            participant=services.join(session=exercise_session), scenario=scenario, values={0: value}
        )
    for phase in ("closed", "revealed"):
        services.set_phase(session=exercise_session, scenario=scenario, phase=phase, by=org_admin)
    html = admin_client.get(reverse("exercise:presenter", args=[exercise_session.pk])).content.decode()
    assert "De fleste svarte mellom 2 og 3" in html
    assert "Spredning" not in html and "midterste halvdel" not in html


def test_default_exercise_starts_in_the_page_language(default_template, org_admin, organisation):
    """An international freelancer on the English page gets the English scenarios we ship; Norwegian pages
    and organisations' own copies are unchanged."""
    from django.utils import translation

    with translation.override("en"):
        english = services.start_session(by=org_admin, template=default_template, organisation=organisation)
    assert english.title == "OK or not OK?"
    assert english.relations == ["A colleague", "A manager", "A partner or someone you are interested in"]
    assert english.scenarios.get(position=0).text == "Tells you your outfit is sexy"
    assert english.scenarios.count() == len(default_template.scenarios)
    assert len(english.questions) == len(default_template.questions)
    with translation.override("nb"):
        norwegian = services.start_session(by=org_admin, template=default_template, organisation=organisation)
    assert norwegian.scenarios.get(position=0).text == "Forteller deg at antrekket ditt er sexy"
    own = services.save_template(
        by=org_admin,
        template=None,
        organisation=organisation,
        data={
            "title": "Vår",
            "intro": "",
            "scenarios": ["Gir deg en klem"],
            "relations": ["En kollega"],
            "questions": [],
        },
    )
    with translation.override("en"):
        session = services.start_session(by=org_admin, template=own, organisation=organisation)
    assert session.scenarios.get().text == "Gir deg en klem"


def test_english_default_content_matches_the_norwegian_in_shape():
    import json

    norwegian = json.loads((services.CONTENT_DIR / "ok-eller-ikke-ok.json").read_text(encoding="utf-8"))
    english = services.default_content_in("en")
    for key in ("scenarios", "relations", "questions"):
        assert len(english[key]) == len(norwegian[key]), key
    assert services.default_content_in("nb") is None and services.default_content_in("de") is None


def test_control_view_puts_the_buttons_under_the_scenario_before_the_results(
    admin_client, exercise_session, org_admin
):
    """On a phone the facilitator reaches the next step without scrolling past the results or the join box."""
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    for value in (2, 2, 3, 9, 10):
        services.cast_votes(
            participant=services.join(session=exercise_session), scenario=scenario, values={0: value}
        )
    services.set_phase(session=exercise_session, scenario=scenario, phase="closed", by=org_admin)
    services.set_phase(session=exercise_session, scenario=scenario, phase="revealed", by=org_admin)
    for url in (
        reverse("exercise:screen", args=[exercise_session.pk]),
        reverse("exercise:screen_live", args=[exercise_session.pk]),  # the part htmx swaps in
    ):
        html = admin_client.get(url).content.decode()
        scenario_at = html.index(scenario.text)
        controls_at = html.index('value="next"')
        results_at = html.index('class="result-grid"')
        assert scenario_at < controls_at < results_at, url
    page = admin_client.get(reverse("exercise:screen", args=[exercise_session.pk])).content.decode()
    assert page.index("Åpne storskjermen") < page.index('value="next"') < page.index('id="join-heading"')
