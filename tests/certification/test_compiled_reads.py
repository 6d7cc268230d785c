"""The operator's pages read from SQL compiled once (`core.compiled`): each read gives what the ORM's own
queryset gives, on the day and at the moment it is asked; and what the pages make once for many rows is what
each row's own would be."""

from datetime import UTC, date, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from balanse.certification import queries, services
from balanse.certification.models import (
    Application,
    Certification,
    MarkRequest,
    ReviewComment,
    SchemeSettings,
    YearTarget,
)
from tests.certification.test_query_counts import make_many
from tests.factories import OrganisationFactory

S = Certification.State
pytestmark = pytest.mark.django_db


def as_lines(certifications, since="state_changed_at") -> list[queries.Line]:
    return [
        queries.Line(c.pk, c.organisation.name, c.state, c.state_changed_at, c.valid_until, getattr(c, since))
        for c in certifications
    ]


def test_dashboard_lists_are_the_querysets_first_lines_and_their_totals():
    make_many(40)
    now = timezone.now()
    for index, certification in enumerate(Certification.objects.order_by("pk")):
        # Some in review since a submission, some waiting longer than 90 days, a few on the same moment.
        Certification.objects.filter(pk=certification.pk).update(
            state_changed_at=now - timedelta(days=20 + 7 * (index % 20)),
            submitted_at=now - timedelta(days=index % 5) if index % 2 else None,
        )
    for limit in (1, 5, 100):
        queue = queries.review_queue()
        assert queries.first_in_queue(limit) == (as_lines(queue[:limit], "waiting_since"), queue.count())
        stuck = queries.stuck(90)
        assert queries.first_stuck(limit, 90) == (as_lines(stuck[:limit]), stuck.count())
        expiring = queries.expiring_within(60)
        assert queries.first_expiring(limit, 60) == (as_lines(expiring[:limit]), expiring.count())
        ongoing = queries.ongoing().select_related("organisation").order_by("-state_changed_at", "-pk")
        assert queries.latest_changed(limit) == as_lines(ongoing[:limit])
    assert 0 < queries.first_stuck(100, 90)[1] < Certification.objects.count()
    assert 0 < queries.first_expiring(100, 60)[1] < Certification.objects.count()
    counts = dict(
        queries.latest_certifications().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    assert queries.pipeline_counts() == [
        (state, str(label), counts.get(state, 0)) for state, label in S.choices
    ]


def test_stuck_is_measured_from_the_moment_it_is_asked_to_the_microsecond():
    make_many(1)
    certification = Certification.objects.get()
    Certification.objects.filter(pk=certification.pk).update(state=S.MEASURES)
    changed = timezone.now().replace(microsecond=123456)
    Certification.objects.filter(pk=certification.pk).update(state_changed_at=changed)
    limit = changed + timedelta(days=90)
    for moment, expected in ((limit, 0), (limit + timedelta(microseconds=1), 1)):
        with time_machine.travel(moment, tick=False):
            assert queries.first_stuck(5, 90)[1] == queries.stuck(90).count() == expected


def test_expiring_follows_the_day_it_is_asked():
    make_many(8)
    Certification.objects.update(valid_until=timezone.localdate() + timedelta(days=100))
    marked = Certification.objects.filter(state=S.CERTIFIED).get()
    Certification.objects.filter(pk=marked.pk).update(valid_until=timezone.localdate() + timedelta(days=10))
    assert [line.pk for line in queries.first_expiring(5, 60)[0]] == [marked.pk]
    with time_machine.travel(timezone.now() + timedelta(days=11), tick=False):
        assert queries.first_expiring(5, 60) == ([], 0) == ([], queries.expiring_within(60).count())


def test_year_figures_follow_the_time_zone_of_the_request():
    make_many(9)  # changes "now": course → measures for each, in review → certified for every third
    year = timezone.localdate().year
    expected = queries._year_figures([year]).evaluate()[year]
    assert queries.year_figures(year) == expected
    assert expected["awarded"] == 3
    assert queries.year_figures(year - 1) == queries._year_figures([year - 1]).evaluate()[year - 1]
    with timezone.override("America/Los_Angeles"):
        assert queries.year_figures(year) == queries._year_figures([year]).evaluate()[year]


def test_targets_requests_and_settings():
    assert queries.year_targets() == {}
    assert SchemeSettings.current().pk is None  # the defaults, until the operator saves them
    YearTarget.objects.create(year=2025, target=4)
    YearTarget.objects.create(year=2027, target=0)
    assert list(queries.year_targets().items()) == [(2027, 0), (2025, 4)]
    saved = SchemeSettings.objects.create(response_time="innen tre dager")
    assert (SchemeSettings.current().pk, SchemeSettings.current().response_time) == (
        saved.pk,
        "innen tre dager",
    )
    for name, state in (("Ny", MarkRequest.State.NEW), ("Lukket", MarkRequest.State.CLOSED), ("Ny 2", "new")):
        MarkRequest.objects.create(
            organisation_name=name, contact_name="Kari", email="k@example.no", state=state
        )
    found = MarkRequest.objects.filter(state=MarkRequest.State.NEW)
    assert queries.new_mark_requests(50) == [
        {
            "pk": r.pk,
            "organisation_name": r.organisation_name,
            "contact_name": r.contact_name,
            "created": r.created,
        }
        for r in found
    ]
    assert len(queries.new_mark_requests(1)) == 1


def test_a_certifications_reads_for_its_page(operator, make_certification, django_assert_num_queries):
    certification = make_certification(OrganisationFactory(name="Scenehuset"), S.IN_REVIEW)
    application = Application.objects.create(
        certification=certification, contact_name="Kari", contact_email="kari@example.no", size="1-9"
    )
    services.save_review_draft(certification=certification, by=operator, comments={"rules": "Utkast"})
    ReviewComment.objects.create(
        certification=certification,
        cycle=certification.cycle,
        requirement_key="rules",
        text="Mer",
        author=operator,
    )
    services.log_guidance_meeting(
        certification=certification, by=operator, date=date(2026, 3, 9), notes="Første møte"
    )
    with django_assert_num_queries(1):  # the organisation and the application read along
        found = queries.with_organisation(certification.pk)
        assert (found.organisation.name, found.application.contact_name) == ("Scenehuset", "Kari")
    expected = Certification.objects.select_related("organisation", "application").get(pk=certification.pk)
    assert (found, found.organisation, found.application) == (
        expected,
        expected.organisation,
        application,
    )
    assert queries.with_organisation(certification.pk + 1000) is None
    assert queries.first_course(found) == found.courses.first()
    assert queries.meetings_of(found) == [
        queries.Meeting(m.pk, m.date, m.notes, m.next_step)
        for m in found.meetings.filter(cycle=found.cycle).order_by("-date", "-pk")
    ]
    # The latest changes in plain values, who made each as their name shows (None: the system).
    found.history.filter(from_state="").update(by=None)  # the first change made by the system
    every = list(found.history.select_related("by").order_by("-at", "-pk"))
    assert len(every) > 2 and {change.by is None for change in every} == {True, False}
    for limit in (2, len(every)):
        changes, more = queries.latest_history(found, limit)
        assert (changes, more) == (
            [
                queries.Change(c.pk, c.at, c.from_state, c.to_state, c.by and str(c.by), c.reason)
                for c in every[:limit]
            ],
            limit < len(every),
        )
    comments = queries.cycle_comments(found)
    assert comments == list(queries.comments_for(found)) and comments[0].author == operator
    assert queries.review_drafts(found) == {"rules": "Utkast"}
    assert queries.periods_of(found) == []


def test_a_certification_without_an_application_reads_as_after_select_related(operator, make_certification):
    certification = make_certification(OrganisationFactory(), S.CERTIFIED)
    assert not Application.objects.filter(certification=certification).exists()
    found = queries.with_organisation(certification.pk)
    with pytest.raises(Application.DoesNotExist):
        found.application  # noqa: B018
    periods = queries.periods_of(found)
    assert periods == list(found.periods.select_related("decided_by")) and periods[0].decided_by == operator


def test_each_open_comments_answer_form_is_the_forms_own_markup():
    from balanse.certification.forms import AnswerForm
    from balanse.certification.views.organisation import _give_answer_forms

    comments = [ReviewComment(pk=pk) for pk in (1, 42, 2147483646)]
    for language in ("nb", "en"):
        with translation.override(language):
            _give_answer_forms(comments)
            for comment in comments:
                assert comment.answer_form == str(AnswerForm(prefix=f"c{comment.pk}"))
    assert 'name="c42-text"' in comments[1].answer_form


def test_the_operator_overviews_panel_counts_the_lists_of_the_dashboard(operator_client):
    make_many(40)
    now = timezone.now()
    for index, certification in enumerate(Certification.objects.order_by("pk")):
        Certification.objects.filter(pk=certification.pk).update(
            state_changed_at=now - timedelta(days=60 + 5 * (index % 20))
        )
    for shift in (0, 40):  # the same counts as the lists' own, asked again after time has passed
        Certification.objects.update(valid_until=F("valid_until") - timedelta(days=shift))
        Certification.objects.update(state_changed_at=F("state_changed_at") - timedelta(days=shift))
        response = operator_client.get(reverse("core:dashboard"))
        assert response.status_code == 200
        panel = next(
            p for p in response.context["panels"] if p.template == "certification/_operator_panel.html"
        )
        expected = (queries.expiring_within(60).count(), queries.stuck(90).count())
        assert (panel.context["expiring"], panel.context["stuck"]) == expected
        assert expected[0] > 0 and expected[1] > 0


def test_the_stuck_are_kept_until_the_next_one_crosses_the_90_days_and_counted_to_the_microsecond(
    operator_client,
):
    """The overview's panel and the dashboard's list of the stuck are kept (balanse.core.stamps) under a
    boundary that holds until the next certification has been 90 days in its step: that moment shows the new
    count without any write, and until then the counts read no certification."""
    make_many(3)
    states = (S.MEASURES, S.APPLIED, S.COURSE)
    # At 10 in the morning, so that each crossing and the views after it fall on the same day (the day is in
    # every kept figure's key).
    # In UTC, so that adding days adds whole days of 24 hours (the summer time of Oslo's wall clock would not).
    first = (
        timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=250000) - timedelta(days=80)
    ).astimezone(UTC)
    changed = [first, first + timedelta(days=3), first + timedelta(days=3, seconds=1)]
    for certification, state, moment in zip(
        Certification.objects.order_by("pk"), states, changed, strict=True
    ):
        Certification.objects.filter(pk=certification.pk).update(state=state, state_changed_at=moment)

    def counted(moment):
        with time_machine.travel(moment, tick=False):
            with CaptureQueriesContext(connection) as read:
                response = operator_client.get(reverse("core:dashboard"))
            panel = next(
                p for p in response.context["panels"] if p.template == "certification/_operator_panel.html"
            )
            listed = queries.first_stuck(5, 90)[1]
            assert panel.context["stuck"] == listed == queries.stuck(90).count()
            return listed, any('"certification_certification"' in q["sql"] for q in read.captured_queries)

    limit = first + timedelta(days=90)
    assert counted(limit - timedelta(days=1)) == (0, True)
    assert counted(limit) == (0, True)  # the first crossing: asked again
    assert counted(limit + timedelta(microseconds=1)) == (1, True)
    assert counted(limit + timedelta(hours=2)) == (1, False)  # kept: the next crossing is three days on
    assert counted(limit + timedelta(days=3, microseconds=1)) == (2, True)
    assert counted(limit + timedelta(days=3, seconds=1, microseconds=1)) == (3, True)
    assert counted(limit + timedelta(days=3, hours=2)) == (3, False)  # nobody left to cross: kept
    Certification.objects.filter(state=S.COURSE).update(state_changed_at=limit)  # a write: counted again
    assert counted(limit + timedelta(days=3, hours=2)) == (2, True)


def test_latest_for_is_the_orms_latest_certification_ties_on_created_by_id(make_certification):
    """`queries.latest_for` (every organisation page's panels) reads by SQL compiled once: the same
    certification as `Certification.objects.latest_for`, the highest id of those created at the same moment."""
    organisation, other = OrganisationFactory(), OrganisationFactory()
    assert queries.latest_for(organisation) is None
    first = make_certification(organisation, S.WITHDRAWN)
    second = make_certification(organisation, S.APPLIED)
    make_certification(other, S.CERTIFIED)
    same_moment = timezone.now() - timedelta(days=1)
    Certification.objects.filter(pk__in=[first.pk, second.pk]).update(created=same_moment)
    for expected_pk in (second.pk, first.pk):
        expected = Certification.objects.latest_for(organisation)
        found = queries.latest_for(organisation)
        assert found.pk == expected.pk == expected_pk
        assert {f.attname: getattr(found, f.attname) for f in Certification._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in Certification._meta.concrete_fields
        }
        Certification.objects.filter(pk=first.pk).update(created=same_moment + timedelta(seconds=1))
    Certification.objects.filter(pk=first.pk).delete()
    assert queries.latest_for(organisation).pk == second.pk
    assert queries.latest_for(other).organisation_id == other.pk


def test_the_cycles_comments_are_the_querysets_values_and_know_whether_the_measure_changed(
    operator, organisation, org_admin, make_certification
):
    """`comments_with_state`: the current cycle's comments in their order as plain values (what the ORM reads of
    each), each knowing whether someone of the organisation changed the measure since (the audit log)."""
    from balanse.core.audit import record

    certification = make_certification(organisation, S.IN_REVIEW)
    services.send_back(
        certification=certification, by=operator, comments={"rules": "Turné?", "routines": "Hvem <tar> imot?"}
    )
    certification.refresh_from_db()
    routines = certification.comments.get(requirement_key="routines")
    ReviewComment.objects.filter(pk=routines.pk).update(reply="Daglig leder.", replied_at=timezone.now())
    record(actor=org_admin, action="workbook.section_saved", obj=organisation, section="rules")
    record(
        actor=operator, action="workbook.section_saved", obj=organisation, section="routines"
    )  # not theirs
    found = queries.comments_with_state(certification)
    expected = ReviewComment.objects.filter(certification=certification, cycle=certification.cycle)
    assert [(c.pk, c.requirement_key, c.text, c.created, c.reply, c.replied_at) for c in found] == [
        (c.pk, c.requirement_key, c.text, c.created, c.reply, c.replied_at) for c in expected
    ]
    assert {c.requirement_key: c.changed_by_organisation for c in found} == {"rules": True, "routines": False}
    assert all((c.label, c.answer_form) == ("", "") for c in found)
