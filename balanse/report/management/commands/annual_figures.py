"""`manage.py annual_figures YEAR [--csv]`: the year's figures as BACK-OFFICE.md specifies (JSON, or CSV)."""

import json

from django.core.management.base import BaseCommand, CommandError

from balanse.report.exports import figures_csv


class Command(BaseCommand):
    help = "Print one year's annual figures as JSON (BACK-OFFICE.md), or as CSV with --csv."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--csv", action="store_true", help="CSV (figure, value) instead of JSON")

    def handle(self, *args, year: int, csv: bool = False, **options):
        from balanse.report.queries import annual_figures

        if not 1990 <= year <= 2200:
            raise CommandError("The year must be between 1990 and 2200.")
        figures = annual_figures(year)
        if csv:
            self.stdout.write(figures_csv(figures), ending="")
        else:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
