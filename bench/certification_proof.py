"""Benchmark: the proof of the mark (verification page, badge, credential, status list, diploma, credential
check) and signing/verifying with both cryptosuites, against a trivial view (/healthz) in the same run.

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/certification_proof.py [--rounds 30] [--withdrawn 1000]

Builds a throw-away SQLite database and signing key in a temporary folder, awards one mark and withdraws
`--withdrawn` others (so the status list has bits set), and prints milliseconds per request (Django test
client, no network) and per call.
"""

import argparse
import json
import random

from django.test import Client  # noqa: E402
from harness import fresh_database, timed_call

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--withdrawn", type=int, default=1000)
    args = parser.parse_args()
    fresh_database()

    from django.core.cache import cache
    from django.utils import timezone

    from balanse.certification import credentials
    from balanse.certification.models import Certification, Period
    from balanse.organisations.models import Organisation

    today = timezone.localdate()
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Benkteater {i}") for i in range(args.withdrawn + 1)
    )
    places = random.sample(range(credentials.MIN_STATUS_LIST_BITS), args.withdrawn + 1)
    certs = Certification.objects.bulk_create(
        Certification(
            organisation=org,
            state="certified" if i == 0 else "withdrawn",
            certificate_number=f"BM-2026-{i + 1:04d}",
            valid_from=today,
            valid_until=today.replace(year=today.year + 1),
            withdrawn_at=None if i == 0 else timezone.now(),
            status_list_index=places[i],
        )
        for i, org in enumerate(orgs)
    )
    Period.objects.bulk_create(
        Period(certification=c, cycle=1, valid_from=c.valid_from, valid_until=c.valid_until) for c in certs
    )
    mark = certs[0]
    number = mark.certificate_number
    client = Client()
    get = lambda url, **headers: lambda: client.get(url, **headers)  # noqa: E731
    document = credentials.issue_credential(mark)
    assert credentials.verify_credential(document).valid
    record, private = credentials.signing_key()
    legacy = credentials.sign(
        document,
        private,
        verification_method=credentials.verification_method_id(record.key_id),
        cryptosuite=credentials.JCS,
    )
    assert credentials.verify_credential(legacy).valid
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    method = credentials.verification_method_id(record.key_id)

    def status_list_after_a_change():
        cache.clear()  # as after a withdrawal: the list is signed again
        return client.get("/merket/statusliste/")

    addresses = iter(range(1, 10**6))

    def check_page():  # each from its own address, so the page's rate limit does not answer instead
        address = next(addresses)
        return client.post(
            "/merket/kontroller/",
            {"text": json.dumps(document)},
            REMOTE_ADDR=f"10.{address // 65536}.{address // 256 % 256}.{address % 256}",
        )

    baseline = timed_call(get("/healthz"), args.rounds)
    print(f"{'what':48} {'ms':>8} {'× /healthz':>11}")
    print(f"{'/healthz (baseline)':48} {baseline:8.2f} {1:11.1f}")
    rows = [
        ("verification page", get(f"/merket/{number}/"), args.rounds),
        ("badge SVG", get(f"/merket/{number}/merke.svg"), args.rounds),
        ("credential application/vc (signs)", get(f"/merket/{number}/bevis.json"), args.rounds),
        (
            "credential page for a browser (signs)",
            get(f"/merket/{number}/bevis.json", HTTP_ACCEPT=BROWSER),
            args.rounds,
        ),
        ("issuer profile", get("/merket/utsteder/"), args.rounds),
        (f"status list ({args.withdrawn} withdrawn, cached)", get("/merket/statusliste/"), args.rounds),
        (f"status list ({args.withdrawn} withdrawn, signs anew)", status_list_after_a_change, args.rounds),
        ("credential check page (POST, verifies)", check_page, args.rounds),
        ("diploma PDF (WeasyPrint)", get(f"/merket/{number}/diplom.pdf"), max(3, args.rounds // 10)),
        (
            "sign eddsa-rdfc-2022",
            lambda: credentials.sign(unsigned, private, verification_method=method),
            args.rounds,
        ),
        (
            "sign eddsa-jcs-2022 (as before)",
            lambda: credentials.sign(
                unsigned, private, verification_method=method, cryptosuite=credentials.JCS
            ),
            args.rounds,
        ),
        ("verify_credential, eddsa-rdfc-2022", lambda: credentials.verify_credential(document), args.rounds),
        ("verify_credential, eddsa-jcs-2022", lambda: credentials.verify_credential(legacy), args.rounds),
    ]
    for name, function, rounds in rows:
        ms = timed_call(function, rounds)
        print(f"{name:48} {ms:8.2f} {ms / baseline:11.1f}")


if __name__ == "__main__":
    main()
