"""Benchmark: the organisation admin's course progress page and the learner's course page, with 100
organisations × 50 learners in progress, against a plain Django view in the same run.

Usage:  .venv/bin/python bench/course_pages.py [--requests 200]
        (SQLite in var/bench_course.sqlite3 unless DATABASE_URL is set; the data is made once and reused.)
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balanse.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_course.sqlite3'}")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")
(ROOT / "var").mkdir(exist_ok=True)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402

ORGANISATIONS, LEARNERS = 100, 50


def hello(request):
    return HttpResponse("Hello")


urlpatterns = [path("bench/hello/", hello), path("", include("balanse.urls"))]
settings.ROOT_URLCONF = __name__


def make_data():
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from balanse.core.models import User
    from balanse.course.models import Course, Enrollment, Step, StepCompletion
    from balanse.organisations.models import Membership, Organisation, Role

    unusable = make_password(None)
    call_command("migrate", verbosity=0)
    call_command("load_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    course = Course.objects.get(slug="trygt-kulturliv")
    if Enrollment.objects.filter(course=course).count() >= ORGANISATIONS * LEARNERS:
        return course
    print(f"making {ORGANISATIONS} organisations × {LEARNERS} learners…", flush=True)
    keys = list(
        Step.objects.filter(module__version__course=course, module__version__state="published").values_list(
            "key", flat=True
        )
    )
    now = timezone.now()
    Organisation.objects.bulk_create(Organisation(name=f"Benkteater {o}") for o in range(ORGANISATIONS))
    organisations = list(Organisation.objects.filter(name__startswith="Benkteater ").order_by("pk"))
    User.objects.bulk_create(
        User(email=f"admin{o}@bench.example", full_name=f"Admin {o}", password=unusable)
        for o in range(ORGANISATIONS)
    )
    User.objects.bulk_create(
        User(email=f"l{o}-{i}@bench.example", full_name=f"Lærling {o}-{i}", password=unusable)
        for o in range(ORGANISATIONS)
        for i in range(LEARNERS)
    )
    users = {u.email: u for u in User.objects.filter(email__endswith="@bench.example")}
    memberships, enrollments, completions = [], [], []
    for o, organisation in enumerate(organisations):
        memberships.append(
            Membership(user=users[f"admin{o}@bench.example"], organisation=organisation, role=Role.ADMIN)
        )
        for i in range(LEARNERS):
            user = users[f"l{o}-{i}@bench.example"]
            memberships.append(Membership(user=user, organisation=organisation, role=Role.MEMBER))
            done = keys[: (i * 7) % len(keys)]
            enrollments.append(
                Enrollment(
                    course=course, organisation=organisation, user=user, started_at=now if done else None
                )
            )
            completions.extend(StepCompletion(user=user, course=course, step_key=k) for k in done)
    Membership.objects.bulk_create(memberships, batch_size=2000)
    Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    StepCompletion.objects.bulk_create(completions, batch_size=5000)
    return course


def _recorder(queries: list[str]):
    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return record


def timed(client, url: str, n: int) -> list[float]:
    assert client.get(url).status_code == 200, url  # warm up
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    n = parser.parse_args().requests
    from django.db import connection
    from django.test import Client

    from balanse.core.models import User
    from balanse.organisations.models import Organisation

    course = make_data()
    organisation = Organisation.objects.filter(name__startswith="Benkteater ").order_by("pk")[50]
    admin = User.objects.get(email="admin50@bench.example")
    learner = User.objects.get(email="l50-3@bench.example")
    admin_client, learner_client, anonymous = Client(), Client(), Client()
    admin_client.force_login(admin)
    learner_client.force_login(learner)
    pages = {
        "plain Django view": (anonymous, "/bench/hello/"),
        "admin progress page": (admin_client, f"/virksomhet/{organisation.pk}/kurs/{course.slug}/"),
        "learner course page": (learner_client, f"/kurs/{course.slug}/"),
    }
    print(f"{ORGANISATIONS} organisations × {LEARNERS} learners, {n} requests each, {connection.vendor}")
    baseline = None
    for name, (client, url) in pages.items():
        queries: list[str] = []
        with connection.execute_wrapper(_recorder(queries)):
            client.get(url)
        times = timed(client, url, n)
        median = statistics.median(times) * 1000
        p95 = sorted(times)[int(len(times) * 0.95) - 1] * 1000
        baseline = baseline or median
        print(
            f"{name:22} median {median:7.2f} ms  p95 {p95:7.2f} ms  "
            f"{len(queries):3d} queries  ratio {median / baseline:5.1f}×"
        )


if __name__ == "__main__":
    main()
