from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from balanse.core import exports
from balanse.core.registers import get_register
from balanse.core.registers.base import all_registers
from balanse.core.registers.exports import export_rows


class Command(BaseCommand):
    help = "Export a register to a CSV (Norwegian Excel) or XLSX file in its import format."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="the register: " + ", ".join(sorted(all_registers())))
        parser.add_argument("file", type=Path, help="ends in .csv or .xlsx")
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, kind, file, year, **options):
        register = get_register(kind)
        if register is None:
            raise CommandError(
                f"Unknown register {kind!r}; choose one of: {', '.join(sorted(all_registers()))}"
            )
        header, rows = export_rows(register, year=year)
        if file.suffix.lower() == ".xlsx":
            file.write_bytes(exports.xlsx_bytes(rows, header=header, title=str(register.label)))
        else:
            file.write_bytes(exports.csv_bytes(rows, header=header, dialect=exports.NORWEGIAN_EXCEL))
        self.stdout.write(f"{len(rows)} rows written to {file}")
