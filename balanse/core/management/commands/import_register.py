from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balanse.core.registers import files, get_register, imports
from balanse.core.registers.base import all_registers


class Command(BaseCommand):
    help = (
        "Import a register from a CSV or XLSX file (BACK-OFFICE.md). Shows what it will do; with --dry-run it "
        "stops there. Writes all rows or none; importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="the register: " + ", ".join(sorted(all_registers())))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")

    def handle(self, *args, kind, file, dry_run, **options):
        register = get_register(kind)
        if register is None:
            raise CommandError(
                f"Unknown register {kind!r}; choose one of: {', '.join(sorted(all_registers()))}"
            )
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            dataset = files.read_table(file.read_bytes(), file.name, register)
        except files.FileError as exc:
            raise CommandError(str(exc)) from exc
        summary = imports.preview(register, dataset)
        self._print(summary)
        if not summary.ok:
            raise CommandError("Nothing was imported: correct the refused rows and run again.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        imports.confirm(register, dataset)
        self.stdout.write(self.style.SUCCESS(f"Imported {summary.changes} rows."))

    def _print(self, summary):
        self.stdout.write(
            f"rows: {summary.total}, new: {summary.new}, updated: {summary.updated}, "
            f"unchanged: {summary.unchanged}, refused: {len(summary.refused)}"
        )
        for row in summary.refused:
            self.stdout.write(f"  row {row.number}: {' '.join(row.reasons)}")
