"""manage.py verify_credential FILE: check a Balansemerket credential's signature, dates and status.

Exit code 0 when the credential is valid, 1 otherwise. The status list is resolved from our own database
(the same function that serves it), never over the network."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from balanse.certification import credentials


class Command(BaseCommand):
    help = "Verify a Balansemerket credential (Open Badges 3.0, Data Integrity eddsa-jcs-2022)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The credential as a JSON file ('-' reads standard input).")

    def handle(self, *args, file: str, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
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
        self.stdout.write(
            f"Signatur / signature: {'OK' if verdict.signature else 'UGYLDIG / INVALID'}\n"
            f"Datoer / dates: {('OK' if verdict.dates else 'UGYLDIG / INVALID') if verdict.signature else unchecked}\n"
            f"Status: {status if verdict.signature else unchecked}"
        )
        if verdict.valid:
            name = document.get("name", "")
            self.stdout.write(self.style.SUCCESS(f"GYLDIG / VALID: {name}"))
            return
        self._fail(verdict.problems)

    def _fail(self, problems):
        for problem in problems:
            self.stdout.write(f"- {problem}")
        self.stdout.write(self.style.ERROR("IKKE GYLDIG / NOT VALID"))
        sys.exit(1)
