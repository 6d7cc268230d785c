import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from balanse.exercise import queries, services
from balanse.exercise.models import CODE_ALPHABET, ExerciseSession, Participant, Vote
from balanse.exercise.views.participants import COOKIE
from tests.exercise.conftest import open_current

pytestmark = pytest.mark.django_db


def test_default_content_loaded_idempotently(default_template):
    services.load_default_template()
    services.load_default_template()
    from balanse.exercise.models import ExerciseTemplate

    assert ExerciseTemplate.objects.filter(is_default=True).count() == 1
    assert len(default_template.scenarios) == 10
    assert default_template.scenarios[0] == "Forteller deg at antrekket ditt er sexy"
    assert default_template.relations == [
        "En kollega",
        "En leder",
        "En kjæreste eller noen du er interessert i",
    ]
    assert len(default_template.questions) == 3


def test_session_code_is_easy_to_read_aloud(exercise_session):
    assert len(exercise_session.code) == 6
    assert set(exercise_session.code) <= set(CODE_ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(CODE_ALPHABET)
    assert exercise_session.scenarios.count() == 10


def _join(client, session):
    response = client.post(reverse("exercise:participate", args=[session.code]))
    assert response.status_code == 302
    return Participant.objects.get(token=client.cookies[COOKIE].value)


def test_participant_joins_without_account_and_votes(client, exercise_session, org_admin):
    participant = _join(client, exercise_session)
    assert client.cookies[COOKIE]["path"] == f"/ovelse/{exercise_session.code}/"
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    response = client.post(
        reverse("exercise:vote", args=[exercise_session.code]),
        {"scenario": scenario.pk, "relation-0": "3", "relation-1": "2", "relation-2": "9"},
    )
    assert response.status_code == 302
    assert dict(Vote.objects.filter(participant=participant).values_list("relation", "value")) == {
        0: 3,
        1: 2,
        2: 9,
    }
    page = client.get(reverse("exercise:participate", args=[exercise_session.code]))
    html = page.content.decode()
    # A reload shows the saved answers checked.
    assert 'name="relation-0" value="3" checked' in html
    assert 'name="relation-2" value="9" checked' in html


def test_vote_json_changes_answer_without_double_counting(client, exercise_session, org_admin):
    participant = _join(client, exercise_session)
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    url = reverse("exercise:vote", args=[exercise_session.code])
    for value in ("4", "7", "7", "1"):
        response = client.post(
            url, {"scenario": scenario.pk, "relation-1": value}, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 200
        assert response.json()["ok"] is True
    assert list(Vote.objects.filter(participant=participant).values_list("relation", "value")) == [(1, 1)]


def test_vote_on_closed_scenario_is_refused(client, exercise_session, org_admin):
    participant = _join(client, exercise_session)
    scenario = exercise_session.scenarios.get(position=0)
    response = client.post(
        reverse("exercise:vote", args=[exercise_session.code]),
        {"scenario": scenario.pk, "relation-0": "5"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": "Det er stengt for svar på dette scenarioet."}
    assert not Vote.objects.filter(participant=participant).exists()


@pytest.mark.parametrize("value", ["0", "11", "abc", "-3"])
def test_vote_out_of_range_is_refused(client, exercise_session, org_admin, value):
    _join(client, exercise_session)
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    response = client.post(
        reverse("exercise:vote", args=[exercise_session.code]),
        {"scenario": scenario.pk, "relation-0": value},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert Vote.objects.count() == 0


def test_vote_without_joining_is_refused(client, exercise_session, org_admin):
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    response = client.post(
        reverse("exercise:vote", args=[exercise_session.code]), {"scenario": scenario.pk, "relation-0": "5"}
    )
    assert response.status_code == 302
    assert Vote.objects.count() == 0


def test_join_by_code_form_normalises_code(client, exercise_session):
    spaced = f"{exercise_session.code[:3].lower()} {exercise_session.code[3:]}"
    response = client.post(reverse("exercise:join"), {"code": spaced})
    assert response.status_code == 302
    assert response["Location"] == f"/ovelse/{exercise_session.code}/"


def test_join_by_unknown_code_shows_message(client, exercise_session):
    response = client.post(reverse("exercise:join"), {"code": "AAAAAA"})
    assert response.status_code == 200
    assert "Ingen pågående økt har denne koden" in response.content.decode()


def test_participant_cap_refuses_extra_participants(client, default_template, org_admin, organisation):
    session = services.start_session(
        by=org_admin, template=default_template, organisation=organisation, participant_cap=2
    )
    from django.test import Client

    for _ in range(2):
        _join(Client(), session)
    response = client.post(reverse("exercise:participate", args=[session.code]), follow=True)
    assert "Denne økta er full." in response.content.decode()
    assert session.participants.count() == 2


def test_vote_rate_limit_per_token(client, exercise_session, org_admin, settings):
    settings.EXERCISE_VOTE_RATE_PER_TOKEN = "3/3600"  # an hour's window: four posts never straddle its end
    _join(client, exercise_session)
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    url = reverse("exercise:vote", args=[exercise_session.code])
    codes = [
        client.post(
            url, {"scenario": scenario.pk, "relation-0": "5"}, HTTP_ACCEPT="application/json"
        ).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_end_session_unlinks_votes_from_tokens(client, exercise_session, org_admin):
    participant = _join(client, exercise_session)
    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    services.cast_votes(participant=participant, scenario=scenario, values={0: 4, 1: 2})
    services.end_session(session=exercise_session, by=org_admin)
    assert Participant.objects.filter(session=exercise_session).count() == 0
    assert list(
        Vote.objects.filter(scenario__session=exercise_session).values_list("participant", flat=True)
    ) == [
        None,
        None,
    ]
    assert queries.raw_counts(exercise_session)[(scenario.pk, 0)] == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]


def test_presenter_flow_transitions(exercise_session, org_admin):
    from django.core.exceptions import ValidationError

    scenario = exercise_session.scenarios.get(position=0)
    with pytest.raises(ValidationError):
        services.set_phase(session=exercise_session, scenario=scenario, phase="revealed", by=org_admin)
    for phase in ("open", "closed", "revealed"):
        services.set_phase(session=exercise_session, scenario=scenario, phase=phase, by=org_admin)
    with pytest.raises(ValidationError):
        services.set_phase(session=exercise_session, scenario=scenario, phase="open", by=org_admin)
    services.go_to(session=exercise_session, index=1, by=org_admin)
    exercise_session.refresh_from_db()
    assert exercise_session.current_index == 1
    second = exercise_session.scenarios.get(position=1)
    with pytest.raises(ValidationError):
        services.set_phase(session=exercise_session, scenario=scenario, phase="open", by=org_admin)
    with pytest.raises(ValidationError):
        services.go_to(session=exercise_session, index=10, by=org_admin)
    assert second.phase == "pending"


def test_control_view_invalid_action_shows_message(admin_client, exercise_session):
    response = admin_client.post(
        reverse("exercise:control", args=[exercise_session.pk]), {"action": "reveal"}, follow=True
    )
    assert response.status_code == 200
    assert "Scenarioet kan ikke gå fra «Ikke startet» til «Resultater vist»." in response.content.decode()


def test_facilitator_starts_session_from_default(admin_client, default_template, organisation):
    response = admin_client.post(
        reverse("exercise:start"),
        {"template": default_template.pk, "organisation": organisation.name, "mode": "presenter"},
    )
    session = ExerciseSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exercise:screen", args=[session.pk])
    assert session.organisation == organisation
    page = admin_client.get(response["Location"]).content.decode()
    assert session.display_code in page
    assert 'src="data:image/svg+xml' in page


def test_facilitator_copies_and_edits_template(admin_client, default_template, organisation):
    response = admin_client.post(
        reverse("exercise:template_create") + f"?fra={default_template.pk}",
        {
            "title": "Vår øvelse",
            "scenarios": "Gir deg en klem\n\nSender deg meldinger sent på kvelden\n",
            "relations": "En kollega\nEn publikummer",
            "questions": "Hva nå?",
            "organisation": organisation.name,
        },
    )
    assert response.status_code == 302
    from balanse.exercise.models import ExerciseTemplate

    template = ExerciseTemplate.objects.get(title="Vår øvelse")
    assert template.scenarios == ["Gir deg en klem", "Sender deg meldinger sent på kvelden"]
    assert template.relations == ["En kollega", "En publikummer"]
    assert template.organisation == organisation
    response = admin_client.post(
        reverse("exercise:template_edit", args=[template.pk]),
        {"title": "Vår øvelse", "scenarios": "A\nB\nC", "relations": "En kollega", "questions": ""},
    )
    template.refresh_from_db()
    assert template.scenarios == ["A", "B", "C"]
    assert admin_client.get(reverse("exercise:template_edit", args=[default_template.pk])).status_code == 403


def test_csv_export_is_norwegian_excel_and_suppresses_small_groups(admin_client, exercise_session, org_admin):
    """Semicolons, a byte order mark and decimal commas: what Excel with Norwegian settings opens as columns.
    Read back with Python's csv module in that dialect."""
    import csv
    import io

    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    for value in (2, 2, 3, 9, 10):
        participant = services.join(session=exercise_session)
        services.cast_votes(participant=participant, scenario=scenario, values={0: value, 1: 1})
    services.cast_votes(
        participant=services.join(session=exercise_session), scenario=scenario, values={0: 4, 2: 4}
    )
    response = admin_client.get(reverse("exercise:export_csv", args=[exercise_session.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Scenarionummer", "Scenario", "Relasjon", "Svar", *map(str, range(1, 11)), "Median",
        "De fleste svarte fra", "De fleste svarte til",
    ]  # fmt: skip
    sexy = "Forteller deg at antrekket ditt er sexy"
    # Six answers to the colleague: the median is 3.5, written with a decimal comma.
    assert rows[1] == [
        "1",
        sexy,
        "En kollega",
        "6",
        "0",
        "2",
        "1",
        "1",
        "0",
        "0",
        "0",
        "0",
        "1",
        "1",
        "3,5",
        "2",
        "4",
    ]
    # A whole median is written without decimals ("1", not "1.0" or "1,0").
    assert rows[2] == ["1", sexy, "En leder", "5", "5", *["0"] * 9, "1", "1", "1"]
    partner = "En kjæreste eller noen du er interessert i"
    assert rows[3] == ["1", sexy, partner, "færre enn 5", *[""] * 13]
    assert len(rows) == 1 + exercise_session.scenarios.count() * 3


def test_xlsx_export_has_the_same_table(admin_client, exercise_session, org_admin):
    from io import BytesIO

    from openpyxl import load_workbook

    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    for value in (2, 2, 3, 9, 10):
        services.cast_votes(
            participant=services.join(session=exercise_session), scenario=scenario, values={0: value}
        )
    response = admin_client.get(reverse("exercise:export_xlsx", args=[exercise_session.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Scenarionummer"
    assert rows[1][3:] == (5, 0, 2, 1, 0, 0, 0, 0, 0, 1, 1, 3, 2, 3)


def test_pdf_export_is_a_pdf(admin_client, exercise_session):
    response = admin_client.get(reverse("exercise:export_pdf", args=[exercise_session.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_pdf_summary_says_the_results_in_plain_words(admin_client, exercise_session, org_admin):
    from io import BytesIO

    from pypdf import PdfReader

    open_current(exercise_session, org_admin)
    scenario = exercise_session.scenarios.get(position=0)
    for value in (2, 2, 3, 9, 10):
        services.cast_votes(
            participant=services.join(session=exercise_session), scenario=scenario, values={0: value}
        )
    response = admin_client.get(reverse("exercise:export_pdf", args=[exercise_session.pk]))
    reader = PdfReader(BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Median" not in text
    assert "De fleste svarte" in text
    assert "2 til 3" in text  # the middle half of 2, 2, 3, 9, 10, as on the big screen
    assert f"færre enn {exercise_session.min_answers} svar" in text
    # Only the played scenario is shown; the others are counted, not listed.
    assert f"{exercise_session.scenarios.count() - 1} scenarioer ble ikke spilt" in text


def test_self_paced_participant_answers_any_scenario_and_moves_on(client, self_paced_session, org_admin):
    participant = _join(client, self_paced_session)
    third = self_paced_session.scenarios.get(position=2)
    page = client.get(
        reverse("exercise:participate", args=[self_paced_session.code]) + "?s=2"
    ).content.decode()
    assert "Scenario 3 av 10" in page
    assert third.text in page
    response = client.post(
        reverse("exercise:vote", args=[self_paced_session.code]), {"scenario": third.pk, "relation-0": "6"}
    )
    assert response["Location"] == f"/ovelse/{self_paced_session.code}/?s=3"
    assert Vote.objects.get(participant=participant).value == 6
    services.reveal_all(session=self_paced_session, by=org_admin)
    third.refresh_from_db()
    with pytest.raises(ValidationError):
        services.cast_votes(participant=participant, scenario=third, values={0: 1})


def test_self_paced_screen_lists_answers_per_scenario(admin_client, self_paced_session):
    third = self_paced_session.scenarios.get(position=2)
    for _ in range(2):
        services.cast_votes(
            participant=services.join(session=self_paced_session), scenario=third, values={1: 3}
        )
    html = admin_client.get(reverse("exercise:screen", args=[self_paced_session.pk])).content.decode()
    assert (
        '<th scope="row">3. Sender deg et delvis avkledd bilde</th><td data-label="Har svart">2</td>'
        in html.replace("\n", "")
    )
