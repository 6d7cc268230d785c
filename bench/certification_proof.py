"""Benchmark: the proof of the mark (verification page, badge, credential, status list, diploma) and the
credential check, against a trivial view (/healthz) measured in the same run.

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/certification_proof.py [--rounds 30] [--withdrawn 1000]

Builds a throw-away SQLite database and signing key in a temporary folder, awards one mark and withdraws
`--withdrawn` others (so the status list has bits set), and prints milliseconds per request (Django test
client, no network) and per credential verification.
"""

import argparse

from django.test import Client  # noqa: E402
from harness import fresh_database, timed_call


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--withdrawn", type=int, default=1000)
    args = parser.parse_args()
    fresh_database()

    from django.utils import timezone

    from balanse.certification import credentials
    from balanse.certification.models import Certification, Period
    from balanse.organisations.models import Organisation

    today = timezone.localdate()
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Benkteater {i}") for i in range(args.withdrawn + 1)
    )
    certs = Certification.objects.bulk_create(
        Certification(
            organisation=org,
            state="certified" if i == 0 else "withdrawn",
            certificate_number=f"BM-2026-{i + 1:04d}",
            valid_from=today,
            valid_until=today.replace(year=today.year + 1),
        )
        for i, org in enumerate(orgs)
    )
    Period.objects.bulk_create(
        Period(certification=c, cycle=1, valid_from=c.valid_from, valid_until=c.valid_until) for c in certs
    )
    mark = certs[0]
    number = mark.certificate_number
    client = Client()
    get = lambda url: lambda: client.get(url)  # noqa: E731
    baseline = timed_call(get("/healthz"), args.rounds)
    print(f"{'what':42} {'ms':>8} {'× /healthz':>11}")
    print(f"{'/healthz (baseline)':42} {baseline:8.2f} {1:11.1f}")
    rows = [
        ("verification page", get(f"/merket/{number}/"), args.rounds),
        ("badge SVG", get(f"/merket/{number}/merke.svg"), args.rounds),
        ("credential JSON (signs)", get(f"/merket/{number}/bevis.json"), args.rounds),
        ("issuer profile", get("/merket/utsteder/"), args.rounds),
        (f"status list ({args.withdrawn} withdrawn, signs)", get("/merket/statusliste/"), args.rounds),
        ("diploma PDF (WeasyPrint)", get(f"/merket/{number}/diplom.pdf"), max(3, args.rounds // 10)),
    ]
    document = credentials.issue_credential(mark)
    assert credentials.verify_credential(document).valid
    rows.append(
        (
            "verify_credential (signature+dates+status)",
            lambda: credentials.verify_credential(document),
            args.rounds,
        )
    )
    for name, function, rounds in rows:
        ms = timed_call(function, rounds)
        print(f"{name:42} {ms:8.2f} {ms / baseline:11.1f}")


if __name__ == "__main__":
    main()
