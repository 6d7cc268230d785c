"""Export a register in its import format (round trip identical)."""

from balanse.core.registers.base import Register


def export_rows(register: Register, *, year: int | None = None) -> tuple[list[str], list[list]]:
    """The header (the register's column names) and one row per record, as the import reads them."""
    resource = register.resource()
    dataset = resource.export(queryset=register.rows_for(year))
    return list(dataset.headers), [list(row) for row in dataset]
