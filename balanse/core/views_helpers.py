"""Small helpers that views share."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render


def get_object_with_perm(request, model_or_qs, perm: str, **lookup):
    """Fetch an object and check a permission on it in one step (403 if not allowed)."""
    obj = get_object_or_404(model_or_qs, **lookup)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def require_perm(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def save_form_or_render(
    request, form, *, save: Callable, done: str, to: Callable, template: str, context: dict | None = None
):
    """An add or edit page: on a valid POST, `save(row)` the form's row (unsaved), say `done` and redirect to
    `to(saved row)` (a URL or a URL name); else render `template` with the form and `context`."""
    if request.method == "POST" and form.is_valid():
        row = save(form.save(commit=False))
        messages.success(request, done)
        return redirect(to(row))
    return render(request, template, {"form": form, **(context or {})})


def delete_and_redirect(request, row, *, delete: Callable, done: str, to: str):
    """A delete button: `delete(row)`, say `done` and redirect to `to` (a URL or a URL name)."""
    delete(row)
    messages.success(request, done)
    return redirect(to)
