"""manage.py verify_credential FILE: check a Balansemerket credential's signature, dates and status.

Accepts both cryptosuites (eddsa-rdfc-2022, and eddsa-jcs-2022 for credentials issued before). Exit code 0
when the credential is valid, 1 otherwise. The keys and the status list are read from our own database
(the same functions that serve them), never over the network."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from balanse.certification import credentials


class Command(BaseCommand):
    help = "Verify a Balansemerket credential (Open Badges 3.0, Data Integrity eddsa-rdfc-2022 or eddsa-jcs-2022)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The credential as a JSON file ('-' reads standard input).")

    def handle(self, *args, file: str, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
            document = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._fail([f"kan ikke lese filen / cannot read the file: {exc}"])
            return
        verdict = credentials.verify_credential(document)
        unchecked = "ikke kontrollert / not checked"
        if verdict.revoked:
            status = "TRUKKET TILBAKE / REVOKED"
        else:
            status = "OK" if verdict.status else "UGYLDIG / INVALID"
        signature = (
            f"OK ({verdict.cryptosuite}, {verdict.key_id})" if verdict.signature else "UGYLDIG / INVALID"
        )
        self.stdout.write(
            f"Signatur / signature: {signature}\n"
            f"Datoer / dates: {('OK' if verdict.dates else 'UGYLDIG / INVALID') if verdict.signature else unchecked}\n"
            f"Status: {status if verdict.signature else unchecked}"
        )
        if verdict.valid:
            name = document.get("name", "")
            self.stdout.write(self.style.SUCCESS(f"GYLDIG / VALID: {name}"))
            return
        problems = [str(problem) for problem in verdict.problems]
        reissue = credentials.reissue_url(document)
        if verdict.compromised_at and reissue:
            problems.append(f"nytt bevis / new credential: {reissue}")
        self._fail(problems)

    def _fail(self, problems):
        for problem in problems:
            self.stdout.write(f"- {problem}")
        self.stdout.write(self.style.ERROR("IKKE GYLDIG / NOT VALID"))
        sys.exit(1)
