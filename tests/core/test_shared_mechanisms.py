"""The mechanisms every app shares: e-mail through tasks, links, dates, rate limits and settings."""

import os
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone, translation

from balanse.core import dates, ratelimit
from balanse.core.email import render_email, retry_delay, send_email
from balanse.core.links import absolute_url
from balanse.core.models import SentEmail
from tests.core.flaky_mail import FlakyBackend
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
FLAKY = {"default": {"BACKEND": "tests.core.flaky_mail.FlakyBackend"}}
INVITE = {
    "invitation": {"organisation": {"name": "Rosendal teater"}, "invited_by": None},
    "link": "x",
    "days": 14,
}


def _send(**kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return send_email(template="organisations/email/invitation", context=INVITE, **kwargs)


@pytest.mark.django_db
def test_email_is_rendered_in_each_recipients_language():
    english = UserFactory(email="en@example.org", language="en")
    norwegian = UserFactory(email="nb@example.org", language="")
    assert _send(to=[english, norwegian, "post@example.org"]) is True
    by_recipients = {tuple(m.to): m.subject for m in mail.outbox}
    assert by_recipients == {
        ("en@example.org",): "Invitation to Rosendal teater in Balanse",
        ("nb@example.org", "post@example.org"): "Invitasjon til Rosendal teater i Balanse",
    }


@pytest.mark.django_db
def test_email_with_a_once_key_is_sent_once():
    assert _send(to="a@example.org", once_key="test:once") is True
    assert _send(to="a@example.org", once_key="test:once") is False
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key="test:once").count() == 1


@pytest.mark.django_db
@override_settings(MAILERS=FLAKY, EMAIL_MAX_ATTEMPTS=3)
def test_failed_email_is_retried_until_it_is_delivered():
    FlakyBackend.failures_left, FlakyBackend.attempts = 2, 0
    _send(to="a@example.org")
    assert FlakyBackend.attempts == 3
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


@pytest.mark.django_db
@override_settings(MAILERS=FLAKY, EMAIL_MAX_ATTEMPTS=2)
def test_failed_email_gives_up_after_the_last_attempt(caplog):
    FlakyBackend.failures_left, FlakyBackend.attempts = 5, 0
    _send(to="a@example.org")
    assert FlakyBackend.attempts == 2
    assert mail.outbox == []
    assert "could not be sent after 2 attempts" in caplog.text


@pytest.mark.django_db(transaction=True)
@override_settings(
    MAILERS=FLAKY,
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
)
def test_database_task_backend_retries_later_with_a_delay():
    from django_tasks_db.models import DBTaskResult

    FlakyBackend.failures_left, FlakyBackend.attempts = 1, 0
    send_email(to="a@example.org", template="organisations/email/invitation", context=INVITE)
    assert FlakyBackend.attempts == 0  # nothing is sent in the request: the row waits for the worker
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert FlakyBackend.attempts == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after is not None


def test_retry_delay_grows_and_is_capped():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4, 9)] == [1, 5, 25, 125, 360]


@pytest.mark.django_db
def test_email_text_names_the_site_not_the_host(settings):
    settings.SITE_NAME = "Balanse"
    subject, body = render_email("organisations/email/invitation", INVITE, language="nb")
    assert "127.0.0.1" not in subject + body


def test_absolute_url_from_request_or_site_url(rf, settings):
    settings.SITE_URL = "http://127.0.0.1:8014"
    assert absolute_url("core:home") == "http://127.0.0.1:8014/"
    request = rf.get("/", HTTP_HOST="localhost:8015")
    assert absolute_url("/merket/", request=request) == "http://localhost:8015/merket/"


def test_demo_serves_links_with_the_port_it_serves_on():
    dry_run = subprocess.run(
        ["make", "-n", "demo", "PORT=8014"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    serve = next(line for line in dry_run.splitlines() if "uvicorn balanse" in line)
    load = next(line for line in dry_run.splitlines() if "load_demo" in line)
    for line in (serve, load):
        assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8014}" in line
    assert "--port 8014" in serve


@pytest.mark.django_db
def test_demo_command_prints_links_on_the_site_url(settings, capsys):
    settings.SITE_URL = "http://127.0.0.1:8014"
    call_command("load_demo")
    assert "http://127.0.0.1:8014/konto/login/" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            [
                "27. november 2026",
                "27. november 2026 kl. 14.05",
                "27. november 2026 – t.o.m. 26. november 2027",
            ],
        ),
        (
            "en",
            [
                "27 November 2026",
                "27 November 2026, 14:05",
                "27 November 2026 – up to and including 26 November 2027",
            ],
        ),
    ],
)
def test_dates_have_one_format_per_language(language, expected):
    moment = datetime(2026, 11, 27, 13, 5, tzinfo=ZoneInfo("UTC"))  # 14.05 in Oslo
    with translation.override(language):
        assert [
            dates.format_date(date(2026, 11, 27)),
            dates.format_datetime(moment),
            dates.format_period(date(2026, 11, 27), date(2027, 11, 26)),
        ] == expected


def test_a_day_written_once_in_each_language_keeps_each_languages_text():
    """Days are kept once written (dates._day_text): the language is part of what is kept."""
    day = date(2031, 3, 4)
    seen = []
    for language in ("nb", "en", "nb", "en"):
        with translation.override(language):
            seen.append((dates.format_date(day), dates.format_short_date(day)))
    assert seen == [("4. mars 2031", "04.03.2031"), ("4 March 2031", "2031-03-04")] * 2
    with translation.override("nb"):  # a date-time is written in the site's time zone, never kept as a day
        assert dates.format_date(datetime(2031, 3, 4, 23, 30, tzinfo=ZoneInfo("UTC"))) == "5. mars 2031"


def test_moments_written_from_kept_parts_as_djangos_own_format_in_every_language_and_hour():
    """format_datetime and format_time put kept texts of the day and of the time together (dates._clock_text):
    the same as Django's date_format with the whole format, on both sides of a change to summer time, at
    midnight and for a time of day without a date."""
    from django.utils.formats import date_format

    moments = [
        datetime(2026, 3, 29, hour, minute, tzinfo=ZoneInfo("UTC"))
        for hour in (0, 1, 2, 22, 23)
        for minute in (0, 59)
    ] + [
        datetime(2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 12, 31, 23, 5, tzinfo=ZoneInfo("UTC")),
    ]
    for language in ("nb", "en", "nb"):
        with translation.override(language):
            for moment in moments:
                local = timezone.localtime(moment)
                assert dates.format_datetime(moment) == date_format(
                    local, dates.FORMATS[language]["datetime"]
                )
                assert dates.format_time(moment) == date_format(local, dates.FORMATS[language]["time"])
            assert dates.format_time(time(7, 4)) == date_format(time(7, 4), dates.FORMATS[language]["time"])


# Limits count in fixed windows of wall-clock time: the clock stands still in the middle of one, so that three
# attempts never fall on both sides of a window's end (which once made the third one pass in CI).
MID_WINDOW = "2026-11-30 12:00:30 +0000"


@time_machine.travel(MID_WINDOW, tick=False)
def test_rate_limit_counts_per_key_and_window(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [ratelimit.hit("test:a", "2/60") for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("test:b", "2/60") is True
    with time_machine.travel("2026-11-30 12:01:00 +0000", tick=False):
        assert ratelimit.hit("test:a", "2/60") is True  # a new window


@time_machine.travel(MID_WINDOW, tick=False)
def test_rate_limit_falls_back_to_this_process_when_redis_is_down(settings, caplog, monkeypatch):
    # this process's fallback counts and its "degraded" state are this test's own, and gone after it
    monkeypatch.setattr(ratelimit, "_local", ratelimit._LocalCounter())
    monkeypatch.setattr(ratelimit, "_state", {"degraded_since": 0.0, "retry_at": 0.0})
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert [ratelimit.hit("test:down", "2/60") for _ in range(3)] == [True, True, False]
    assert ratelimit.shared_cache_degraded() is True
    assert "rate limits count per process" in caplog.text


def _manage(tmp_path, *command: str, **variables: str | None) -> subprocess.CompletedProcess:
    """`manage.py *command` in a process of its own, with the test environment and `variables` (a variable set to
    None is removed); the folder for keys and files is `tmp_path`."""
    env = {**os.environ, "DJANGO_ENV": "test", "BALANSE_VAR_DIR": str(tmp_path), **variables}
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


# A PostgreSQL address the settings read and nothing connects to.
_NEVER_CONNECTED = "postgres://nobody@127.0.0.1:1/never"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "ture", "DEBUG must be true or false"),
        ("INVITATION_VALID_DAYS", "abc", "INVITATION_VALID_DAYS must be a whole number, not 'abc'"),
        ("DATABASE_CONN_MAX_AGE", "600", "DATABASE_CONN_MAX_AGE is not supported"),
        ("DJANGO_ENV", "prod", "DJANGO_ENV must be one of development, production, test"),
        (
            "EXERCISE_VOTE_RATE_PER_TOKEN",
            "60 per minute",
            "EXERCISE_VOTE_RATE_PER_TOKEN must be written count/seconds",
        ),
        ("SITE_URL", "balanse.example", "SITE_URL must start with http:// or https://"),
        ("REQUEST_THREADS", "-1", "REQUEST_THREADS must be at least 0"),
    ],
)
def test_unreadable_environment_value_stops_start_up(variable, value, message, tmp_path):
    result = _manage(tmp_path, "check", **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_a_pool_smaller_than_the_request_threads_stops_start_up(tmp_path):
    # `check` stops before anything connects.
    result = _manage(
        tmp_path, "check", DATABASE_URL=_NEVER_CONNECTED, REQUEST_THREADS="8", DATABASE_POOL_MAX_SIZE="8"
    )
    assert result.returncode != 0
    assert "DATABASE_POOL_MAX_SIZE must be more than REQUEST_THREADS (8)" in result.stderr


@pytest.mark.parametrize(("threshold", "expected"), [(None, "True 2"), ("5", "True 5"), ("0", "True None")])
def test_postgresql_prepares_the_queries_a_connection_repeats(threshold, expected, tmp_path):
    show = "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS']; "
    show += "print(o['server_side_binding'], o['prepare_threshold'])"
    result = _manage(
        tmp_path, "shell", "-c", show, DATABASE_URL=_NEVER_CONNECTED, DATABASE_PREPARE_THRESHOLD=threshold
    )
    assert result.stdout.strip().splitlines()[-1:] == [expected], result.stderr


@pytest.mark.django_db
def test_a_repeated_query_is_prepared_on_postgresql():
    from django.db import connection

    from balanse.core.models import User

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(3):
        list(User.objects.filter(pk=1))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "core_user"' in statement and "$1" in statement for statement in prepared), prepared


@pytest.mark.django_db
def test_a_select_of_model_choices_reads_its_rows_without_a_server_side_cursor_on_postgresql():
    """Django's select of model choices iterates its queryset with iterator(); on PostgreSQL that opened a
    server-side cursor (declare, fetch, close: round trips of their own) for a handful of rows."""
    from django import forms
    from django.db import connection

    from balanse.organisations.models import Organisation
    from tests.factories import OrganisationFactory

    if connection.vendor != "postgresql":
        pytest.skip("server-side cursors are PostgreSQL's")
    OrganisationFactory.create_batch(3)
    choices = iter(forms.ModelChoiceField(queryset=Organisation.objects.all()).choices)
    next(choices), next(choices)  # the empty choice and the first row: the rows are being read
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        (open_cursors,) = cursor.fetchone()
    assert open_cursors == 0
    assert len(list(choices)) == 2


@pytest.mark.django_db
def test_postgresql_plans_with_the_cost_of_data_in_memory():
    """Each connection opens with random_page_cost 1.1 (DATABASE_PLANNER_OPTIONS): with PostgreSQL's 4 a join of
    a few rows to a table of a few thousand read the whole table instead of its index."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the planner's settings are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


@pytest.mark.parametrize(
    ("url", "planner", "expected"),
    [
        (_NEVER_CONNECTED, None, "-c random_page_cost=1.1"),
        (_NEVER_CONNECTED + "?options=-c%20work_mem%3D8MB", None, "-c work_mem=8MB -c random_page_cost=1.1"),
        (_NEVER_CONNECTED + "?options=-c%20work_mem%3D8MB", "", "-c work_mem=8MB"),
        (_NEVER_CONNECTED, "-c random_page_cost=2", "-c random_page_cost=2"),
    ],
)
def test_the_planner_options_join_those_of_the_database_url(url, planner, expected, tmp_path):
    show = (
        "from django.conf import settings as s; print(repr(s.DATABASES['default']['OPTIONS'].get('options')))"
    )
    result = _manage(tmp_path, "shell", "-c", show, DATABASE_URL=url, DATABASE_PLANNER_OPTIONS=planner)
    assert result.stdout.strip().splitlines()[-1:] == [repr(expected or None)], result.stderr


@pytest.mark.django_db
def test_language_switch_sets_the_language_of_a_persons_emails(client):
    person = UserFactory(email="p@example.org")
    client.force_login(person)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "en"
    assert client.cookies["balanse_language"].value == "en"


@pytest.mark.django_db
def test_permissions_are_computed_once_per_request(rf, django_assert_num_queries):
    from balanse.core.permissions import PermissionCacheMiddleware
    from tests.factories import MembershipFactory

    membership = MembershipFactory(role="admin")
    user, organisation = membership.user, membership.organisation

    def view(request):
        for _ in range(5):
            assert user.has_perm("organisations.manage_people", organisation)
        return None

    with django_assert_num_queries(1):  # the membership lookup, once
        PermissionCacheMiddleware(view)(rf.get("/"))
    membership.delete()
    assert not user.has_perm("organisations.manage_people", organisation)  # outside a request: no cache


def test_rows_in_order_reads_only_the_part_asked_for_and_leaves_out_rows_gone():
    from balanse.core.views_helpers import RowsInOrder

    asked = []

    def load(keys):
        asked.append(list(keys))
        return {key: key.upper() for key in keys if key != "c"}  # "c" was deleted after the keys were read

    rows = RowsInOrder(["a", "b", "c", "d"], load)
    assert len(rows) == 4
    assert rows[1:4] == ["B", "D"]
    assert rows[-1] == "D"
    assert rows[10:] == []
    assert asked == [["b", "c", "d"], ["d"]]  # an empty part asks for nothing
    with pytest.raises(IndexError):
        rows[4]
