"""The back office's registers move in and out as files (BACK-OFFICE.md "Import formats").

An app declares its registers by answering `balanse.core.signals.registers_requested` with `Register`s: a
kind (`members`), a django-import-export resource whose fields are the file's columns, the Norwegian names
the import also accepts, and the permission needed. Core then offers, for every register:

- reading a CSV (UTF-8 with or without BOM, comma or semicolon) or XLSX file (`files.read_table`);
- a preview that counts what would be created, updated and left alone and lists every refused row with
  its number and the reason in Norwegian, writing nothing (`imports.preview`);
- a confirm that writes all or nothing (`imports.confirm`); importing the same file again changes nothing;
- export in the same format (`exports.export_rows`), so export → import is a round trip;
- the operator's pages (`/drift/registre/…`) and `manage.py import_register` / `export_register`.

Widgets for the formats every register shares (amounts in whole kroner, two date formats, ja/nei, choices
by their Norwegian label) are in `widgets`.
"""

from balanse.core.registers.base import Register, all_registers, get_register  # noqa: F401
