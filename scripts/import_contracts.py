"""An import-linter contract of our own: apps import only each other's public modules.

`type = public_modules`: between the apps (the sub-packages of ``container``), an import may reach only the
public modules of another app (by default ``models``, ``services``, ``queries`` and ``signals``, and anything inside those packages).
Apps listed in ``shared`` (core) are the shared foundation: any of their modules may be imported.
"""

import grimp
from importlinter import Contract, ContractCheck, fields, output


class PublicModulesContract(Contract):
    type_name = "public_modules"

    container = fields.StringField()
    public = fields.ListField(subfield=fields.StringField())
    shared = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        container = str(self.container)
        apps = sorted(
            child for child in graph.find_children(container) if graph.find_children(child)
        )  # the packages (apps) directly inside the container
        public = set(self.public)  # type: ignore[arg-type]
        shared = set(self.shared or [])  # type: ignore[arg-type]

        def app_of(module: str) -> str | None:
            for app in apps:
                if module == app or module.startswith(app + "."):
                    return app
            return None

        broken = []
        for importer in sorted(graph.modules):
            importer_app = app_of(importer)
            if importer_app is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                imported_app = app_of(imported)
                if imported_app in (None, importer_app) or imported_app in shared:
                    continue
                tail = imported[len(imported_app) + 1 :].split(".")[0] if imported != imported_app else ""
                if tail not in public:
                    details = graph.get_import_details(importer=importer, imported=imported)
                    line = details[0]["line_number"] if details else "?"
                    broken.append(f"{importer}:{line} imports {imported}")
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["broken"]:
            output.print_error(f"- {line}", bold=False)
        output.new_line()
        output.print(f"Only these modules of another app may be imported: {', '.join(sorted(self.public))}.")
