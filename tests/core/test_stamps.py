"""The registers' write stamp (balanse.core.stamps): every kind of write to a stamped table changes it, in the
writer's transaction; a figure is kept under it and computed again after any write; a figure that reads a
table without the triggers is never kept."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from balanse.core import stamps
from balanse.core.models import SentEmail, WriteStamp
from balanse.organisations.models import Organisation

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _organisation(name="Scene Vest"):
    return Organisation.objects.create(name=name)


def test_every_table_of_the_stamped_apps_carries_the_triggers():
    tables = stamps.stamped_app_tables()
    assert "organisations_organisation" in tables
    assert (
        "members_member" in tables
        and "certification_statechange" in tables
        and "report_financeline" in tables
    )
    # The workbook's default content (and its many-to-many table), not the sections people save all day.
    assert {"workbook_riskfactor", "workbook_rulesuggestion_factors", "workbook_contenttext"} <= set(tables)
    assert not {"workbook_section", "workbook_sectionversion", "workbook_workbook"} & set(tables)
    # Not the live exercise's votes, nor core's own tables: writes there never touch the stamp.
    assert not any(table.startswith(("exercise_", "core_", "django_")) for table in tables)
    assert set(tables) <= stamps.stamped_tables()
    assert stamps.install_triggers() == []  # all there already: nothing to add


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda org: _organisation("Ny scene"), id="create"),
        pytest.param(lambda org: (setattr(org, "name", "Nytt navn"), org.save()), id="save"),
        pytest.param(
            lambda org: Organisation.objects.filter(pk=org.pk).update(name="Oppdatert"), id="update"
        ),
        pytest.param(
            lambda org: Organisation.objects.bulk_create([Organisation(name="A"), Organisation(name="B")]),
            id="bulk_create",
        ),
        pytest.param(lambda org: Organisation.objects.filter(pk=org.pk).delete(), id="delete"),
        pytest.param(
            lambda org: connection.cursor().execute(
                "UPDATE organisations_organisation SET name = %s WHERE id = %s", ["Rå SQL", org.pk]
            ),
            id="raw SQL",
        ),
    ],
)
def test_any_write_to_a_stamped_table_changes_the_stamp(write):
    organisation = _organisation()
    before = stamps.stamp()
    assert before is not None
    write(organisation)
    assert stamps.stamp() != before


def test_a_write_elsewhere_leaves_the_stamp():
    _organisation()
    before = stamps.stamp()
    SentEmail.objects.create(key="once")
    assert stamps.stamp() == before


def test_a_rolled_back_write_leaves_the_stamp_it_found():
    _organisation()
    before = stamps.stamp()
    with transaction.atomic():
        _organisation("Angres")
        assert stamps.stamp() != before
        transaction.set_rollback(True)
    assert stamps.stamp() == before


class Counting:
    def __init__(self, read):
        self.calls = 0
        self.read = read

    def __call__(self):
        self.calls += 1
        return self.read()


def test_a_figure_is_kept_until_a_stamped_table_is_written_to():
    _organisation()
    count = Counting(lambda: Organisation.objects.count())
    assert stamps.kept(("test.count",), count) == 1
    with CaptureQueriesContext(connection) as captured:
        assert stamps.kept(("test.count",), count) == 1
    assert count.calls == 1
    assert len(captured.captured_queries) == 1  # the stamp, nothing else
    Organisation.objects.filter(name="Scene Vest").update(name="Scene Øst")  # no new row, but a write
    _organisation("To")
    assert stamps.kept(("test.count",), count) == 2
    assert count.calls == 2
    # Another key is another figure; the same key in another language is computed again too.
    assert stamps.kept(("test.other",), count) == 2 and count.calls == 3
    from django.utils import translation

    with translation.override("en"):
        stamps.kept(("test.count",), count)
    assert count.calls == 4


def test_a_figure_that_reads_a_table_without_the_triggers_is_never_kept(caplog):
    _organisation()
    count = Counting(lambda: (Organisation.objects.count(), SentEmail.objects.count()))
    stamps.kept(("test.mixed",), count)
    SentEmail.objects.create(key="x")  # no stamp change: kept, the answer would be wrong now
    assert stamps.kept(("test.mixed",), count) == (1, 1)
    assert count.calls == 2
    assert "core_sentemail" in caplog.text


def test_nothing_is_kept_without_a_stamp():
    _organisation()
    WriteStamp.objects.all().delete()  # as after a flush
    count = Counting(lambda: Organisation.objects.count())
    stamps.kept(("test.count",), count)
    stamps.kept(("test.count",), count)
    assert count.calls == 2
    _organisation("Etter")  # the next write makes a stamp again
    assert stamps.stamp() is not None


def test_figures_inside_a_figure_read_the_stamp_once():
    _organisation()
    inner = Counting(lambda: Organisation.objects.count())
    outer = Counting(lambda: stamps.kept(("test.inner", 1), inner) + stamps.kept(("test.inner", 2), inner))
    with CaptureQueriesContext(connection) as captured:
        assert stamps.kept(("test.outer",), outer) == 2
    stamp_reads = [q for q in captured.captured_queries if "core_writestamp" in q["sql"]]
    assert len(stamp_reads) == 1
    assert stamps.kept(("test.inner", 1), inner) == 1 and inner.calls == 2  # kept by the outer's computation


def _holding_until(moment, value):
    """A computation that reads a register and says it holds only until `moment`."""

    def compute():
        Organisation.objects.count()
        stamps.holds_until(moment)
        return value

    return Counting(compute)


def test_a_figure_that_holds_until_a_moment_is_kept_until_then_and_no_longer():
    _organisation()
    with time_machine.travel(datetime(2026, 12, 1, 14, 0, 30, tzinfo=OSLO), tick=False) as traveller:
        closes = datetime(2026, 12, 1, 15, 0, tzinfo=OSLO)
        figure = _holding_until(closes, "open")
        assert stamps.kept(("test.line",), figure) == "open"
        traveller.move_to(datetime(2026, 12, 1, 14, 59, 59, 500000, tzinfo=OSLO))
        assert stamps.kept(("test.line",), figure) == "open" and figure.calls == 1  # kept until 15:00
        traveller.move_to(closes)
        assert stamps.kept(("test.line",), figure) == "open" and figure.calls == 2  # not a moment longer
        # A moment already past (or None: no moment) keeps nothing beyond the usual rules.
        past = _holding_until(datetime(2026, 12, 1, 14, 0, tzinfo=OSLO), "closed")
        stamps.kept(("test.past",), past)
        stamps.kept(("test.past",), past)
        assert past.calls == 2
        timeless = _holding_until(None, "always")
        stamps.kept(("test.timeless",), timeless)
        stamps.kept(("test.timeless",), timeless)
        assert timeless.calls == 1
        # A write before the moment computes it again, as for any figure.
        _organisation("Ny")
        stamps.kept(("test.line",), figure)
        assert figure.calls == 3


def test_a_figure_holds_no_longer_than_a_figure_inside_it():
    _organisation()
    with time_machine.travel(datetime(2026, 12, 1, 14, 0, tzinfo=OSLO), tick=False) as traveller:
        soon = datetime(2026, 12, 1, 14, 30, tzinfo=OSLO)
        inner = _holding_until(soon, 1)
        outer = Counting(lambda: stamps.kept(("test.inner",), inner) + 1)
        assert stamps.kept(("test.inner",), inner) == 1  # kept on its own first
        assert (
            stamps.kept(("test.outer",), outer) == 2
        )  # the inner one from the cache: its moment still counts
        traveller.move_to(datetime(2026, 12, 1, 14, 29, tzinfo=OSLO))
        assert stamps.kept(("test.outer",), outer) == 2 and outer.calls == 1
        traveller.move_to(soon)
        assert stamps.kept(("test.outer",), outer) == 2 and outer.calls == 2 and inner.calls == 2
    stamps.holds_until(soon)  # outside a computation: nothing to hold, no error


def test_one_stamp_reads_the_stamp_once_for_every_figure_in_the_block():
    _organisation()
    count = Counting(lambda: Organisation.objects.count())
    stamps.kept(("test.a",), count)
    stamps.kept(("test.b",), count)
    with CaptureQueriesContext(connection) as captured, stamps.one_stamp():
        assert stamps.kept(("test.a",), count) == stamps.kept(("test.b",), count) == 1
        with stamps.one_stamp():  # inside another: the same stamp, no read
            assert stamps.kept(("test.a",), count) == 1
    assert [q["sql"] for q in captured.captured_queries if "core_writestamp" in q["sql"]] == [
        captured.captured_queries[0]["sql"]
    ]
    assert len(captured.captured_queries) == 1 and count.calls == 2
    WriteStamp.objects.all().delete()  # no stamp: nothing kept, in the block as outside
    with stamps.one_stamp():
        stamps.kept(("test.a",), count)
        stamps.kept(("test.a",), count)
    assert count.calls == 4


def test_a_table_that_lost_its_triggers_gets_them_back_after_migrate():
    table = "organisations_organisation"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f'DROP TRIGGER "{stamps.TRIGGER_PREFIX}{table}_update"')
        else:
            cursor.execute(f'DROP TRIGGER "{stamps.TRIGGER_PREFIX}{table}" ON "{table}"')
    stamps._stamped.clear()
    assert table not in stamps.stamped_tables()
    organisation = _organisation()
    count = Counting(lambda: Organisation.objects.count())
    stamps.kept(("test.count",), count)
    stamps.kept(("test.count",), count)
    assert count.calls == 2  # read a table without its triggers: not kept
    assert stamps.install_triggers() == [table]
    before = stamps.stamp()
    Organisation.objects.filter(pk=organisation.pk).update(name="Igjen")
    assert stamps.stamp() != before


def test_migrate_sets_a_new_stamp():
    """A new version of the code is put in with `migrate`: nothing kept by the code before it is taken."""
    from django.core.management import call_command

    _organisation()
    count = Counting(lambda: Organisation.objects.count())
    stamps.kept(("test.count",), count)
    before = stamps.stamp()
    call_command("migrate", verbosity=0)
    assert stamps.stamp() not in (None, before)
    stamps.kept(("test.count",), count)
    assert count.calls == 2


def _in_request(method, view, session=None):
    """`view()` run inside the request middleware of the stamps, as a request of `method`; the session given
    (a store) is read first, as a page does when it looks at who is logged in."""
    from django.test import RequestFactory

    def get_response(request):
        if session is not None:
            session.load()
        return view()

    return stamps.RequestStampMiddleware(get_response)(RequestFactory().generic(method, "/"))


def test_a_get_reads_the_stamp_with_its_session_and_its_figures_ask_no_query_for_it(client):
    from importlib import import_module

    from django.conf import settings

    _organisation()
    count = Counting(lambda: Organisation.objects.count())
    stamps.kept(("test.count",), count)  # kept
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["any"] = "thing"
    store.save()
    session = import_module(settings.SESSION_ENGINE).SessionStore(store.session_key)

    def page():
        with CaptureQueriesContext(connection) as captured:
            figures = stamps.kept(("test.count",), count), stamps.kept(("test.count",), count)
        return figures, len(captured.captured_queries)

    assert _in_request("GET", page, session) == ((1, 1), 0)  # the stamp came with the session
    assert _in_request("HEAD", page) == ((1, 1), 1)  # no session: read once, for both figures
    assert _in_request("POST", page) == ((1, 1), 2)  # another method: each figure reads it
    assert count.calls == 1


def test_a_get_that_writes_reads_the_stamp_again_and_never_answers_from_before_its_write():
    _organisation()
    count = Counting(lambda: Organisation.objects.count())

    def page():
        before = stamps.kept(("test.count",), count)
        _organisation("Skrevet under en GET")
        with stamps.one_stamp():
            after = stamps.kept(("test.count",), count)
        return before, after, stamps.kept(("test.count",), count)

    assert _in_request("GET", page) == (1, 2, 2)
    assert count.calls == 2


def test_on_another_thread_of_the_request_a_figure_reads_the_stamp_itself(monkeypatch):
    """An async view's database calls run on threads whose statements the request does not watch."""
    import contextvars
    import threading

    read = []
    monkeypatch.setattr(stamps, "stamp", lambda using="default": read.append(using) or 7)

    def page():
        here = stamps._request_stamp("default"), stamps._request_stamp("default")
        context, there = contextvars.copy_context(), []
        thread = threading.Thread(target=lambda: there.append(context.run(stamps._request_stamp, "default")))
        thread.start()
        thread.join()
        return here, there

    assert _in_request("GET", page) == ((7, 7), [7])
    assert len(read) == 2  # once for the request's thread, once on the other


def test_the_workbooks_default_content_is_kept_until_the_operator_changes_it():
    from balanse.workbook.models import RiskFactor
    from balanse.workbook.sections.base import default_factors

    factor = RiskFactor.objects.filter(active=True).order_by("position", "pk").first()
    before = default_factors()
    with CaptureQueriesContext(connection) as captured:
        assert default_factors() == before
    assert len(captured.captured_queries) == 1  # the stamp
    RiskFactor.objects.filter(pk=factor.pk).update(title="Endret av Balansekunst")
    assert any(f.key == factor.slug and f.title == "Endret av Balansekunst" for f in default_factors())
