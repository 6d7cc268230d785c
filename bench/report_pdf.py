"""Benchmark: the annual report 2020 as PDF (target under 5 s), against a plain one-page PDF.

Run on demand (never in the test suite):
    DJANGO_ENV=test .venv/bin/python bench/report_pdf.py [--rounds 3]

Builds a throw-away SQLite database with the demo (2020 as the seed tells it), then prints, in milliseconds:
a plain page (one heading and a paragraph through the same PDF helper, balanse.core.pdf), the whole 2020
report as a draft (figures read from the registers, charts drawn) and as published (from the snapshot), each
with its ratio to the plain page, and the page count.
"""

import argparse
import io
import os
import time

from harness import fresh_database, timed_call


def cpu_ms(function, rounds: int) -> float:
    """CPU milliseconds of this process per call (what the machine's other load does not inflate)."""
    start = time.process_time()
    for _ in range(rounds):
        function()
    return (time.process_time() - start) / rounds * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    fresh_database()
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)

    from django.test import Client
    from pypdf import PdfReader

    from balanse.core.pdf import html_to_pdf
    from balanse.report import services
    from balanse.report.charts import _bar_svg
    from tests.factories import OperatorFactory

    plain_html = "<!DOCTYPE html><html lang='nb'><head><title>Side</title></head><body><h1>Side</h1><p>Tekst.</p></body></html>"
    plain = timed_call(lambda: html_to_pdf(plain_html), rounds * 3)
    plain_cpu = cpu_ms(lambda: html_to_pdf(plain_html), rounds * 3)
    print(f"plain page PDF:                 {plain:8.1f} ms wall, {plain_cpu:8.1f} ms CPU")

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    operator = OperatorFactory()
    TOTP.activate(operator, generate_totp_secret())  # staff pages need a second factor
    client = Client()
    client.force_login(operator)

    def draft():
        _bar_svg.cache_clear()  # draw the charts every time, as a fresh process would
        response = client.get("/arsrapport/2020/arsrapport.pdf")
        assert response.status_code == 200
        return response

    ms = timed_call(draft, rounds)
    cpu = cpu_ms(draft, rounds)
    pages = len(PdfReader(io.BytesIO(draft().content)).pages)
    print(
        f"2020 report PDF, draft:         {ms:8.1f} ms wall, {cpu:8.1f} ms CPU "
        f"({ms / plain:5.1f}× / {cpu / plain_cpu:5.1f}× plain page), {pages} pages"
    )
    services.publish_report(report=services.get_report(2020), by=operator)
    from django.core.cache import cache

    def published():
        cache.clear()  # made again each time; the page keeps it in the cache after the first request
        return draft()

    ms = timed_call(published, rounds)
    cpu = cpu_ms(published, rounds)
    print(
        f"2020 report PDF, published:     {ms:8.1f} ms wall, {cpu:8.1f} ms CPU "
        f"({ms / plain:5.1f}× / {cpu / plain_cpu:5.1f}× plain page)"
    )
    cached = timed_call(lambda: client.get("/arsrapport/2020/arsrapport.pdf"), rounds * 5)
    print(f"2020 report PDF, published, from the cache: {cached:6.1f} ms ({cached / plain:5.2f}× plain page)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("target: under 5000 ms")


if __name__ == "__main__":
    main()
