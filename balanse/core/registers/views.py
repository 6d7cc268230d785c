"""The operator's pages for importing and exporting registers: upload → preview → confirm; export."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balanse.core import audit, exports
from balanse.core.models import ImportUpload
from balanse.core.registers import base, files, imports
from balanse.core.registers import exports as register_exports
from balanse.core.registers.forms import ExportForm, UploadForm

UPLOAD_LIFETIME = timedelta(days=1)


def _get_register_for_user(request, kind: str) -> base.Register:
    register = base.get_register(kind)
    if register is None:
        raise Http404
    if not request.user.has_perm(register.permission):
        raise PermissionDenied
    return register


def _get_upload_for_user(request, register: base.Register, pk: int) -> ImportUpload:
    return get_object_or_404(
        ImportUpload,
        pk=pk,
        kind=register.kind,
        uploaded_by=request.user,
        created__gte=timezone.now() - UPLOAD_LIFETIME,
    )


@login_required
def register_list(request):
    registers = [r for r in base.all_registers().values() if request.user.has_perm(r.permission)]
    if not registers:
        raise PermissionDenied
    return render(request, "core/registers/list.html", {"registers": registers})


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request, kind: str):
    register = _get_register_for_user(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        stored = ImportUpload.objects.create(
            kind=register.kind, filename=upload.name[:200], content=upload.read(), uploaded_by=request.user
        )
        return redirect("core:register_preview", kind=register.kind, pk=stored.pk)
    return render(request, "core/registers/import.html", {"register": register, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def register_preview(request, kind: str, pk: int):
    register = _get_register_for_user(request, kind)
    upload = _get_upload_for_user(request, register, pk)
    context = {"register": register, "upload": upload}
    try:
        dataset = files.read_table(bytes(upload.content), upload.filename, register)
    except files.FileError as exc:
        return render(request, "core/registers/preview.html", context | {"file_error": str(exc)})
    if request.method == "POST":
        try:
            summary = imports.confirm(register, dataset, by=request.user)
        except imports.ImportRefused as exc:
            messages.error(request, str(exc))
            return render(request, "core/registers/preview.html", context | {"summary": exc.summary})
        audit.record(
            actor=request.user,
            action="register.imported",
            obj=upload,
            kind=register.kind,
            new=summary.new,
            updated=summary.updated,
            unchanged=summary.unchanged,
        )
        upload.delete()
        messages.success(
            request,
            _("Imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % {"new": summary.new, "updated": summary.updated, "unchanged": summary.unchanged},
        )
        return redirect("core:registers")
    summary = imports.preview(register, dataset, by=request.user)
    return render(request, "core/registers/preview.html", context | {"summary": summary})


@login_required
def register_export(request, kind: str):
    register = _get_register_for_user(request, kind)
    form = ExportForm(request.GET or None)
    if not request.GET or not form.is_valid():
        return render(request, "core/registers/export.html", {"register": register, "form": form})
    year = form.cleaned_data.get("year")
    header, rows = register_exports.export_rows(register, year=year)
    name = f"{register.kind}-{year}" if year else register.kind
    if form.cleaned_data["format"] == "xlsx":
        return exports.xlsx_response(rows, header=header, filename=f"{name}.xlsx", title=str(register.label))
    return exports.csv_response(rows, header=header, filename=f"{name}.csv", dialect=exports.NORWEGIAN_EXCEL)
