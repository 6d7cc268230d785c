"""What a register is, and how apps make theirs known (see the package docstring)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from balanse.core.signals import collect, registers_requested


@dataclass(frozen=True)
class Register:
    """One register that can be imported and exported as a file.

    kind:        the name in BACK-OFFICE.md and on the command line (``members``)
    label:       what the operator sees (translated)
    resource:    a django-import-export ``ModelResource`` class; its fields' column names are the file's columns
    permission:  the permission a person needs to import or export it
    required:    the columns a file must have (BACK-OFFICE.md's bold columns)
    aliases:     other column names accepted on import (Norwegian ones), mapped to the columns
    queryset:    the rows to export for an optional year (None: every row)
    description: one line on what a row is
    """

    kind: str
    label: str
    resource: type
    permission: str
    required: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    queryset: Callable[[int | None], QuerySet] | None = None
    description: str = ""

    @property
    def columns(self) -> list[str]:
        resource = self.resource()
        return [f.column_name for f in resource.get_import_fields()]

    def rows_for(self, year: int | None) -> QuerySet:
        if self.queryset is not None:
            return self.queryset(year)
        return self.resource._meta.model.objects.all()


def all_registers() -> dict[str, Register]:
    """Every register the installed apps declare, by kind."""
    return {register.kind: register for register in collect(registers_requested)}


def get_register(kind: str) -> Register | None:
    return all_registers().get(kind)
