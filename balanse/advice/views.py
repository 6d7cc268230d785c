from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from balanse.advice import services
from balanse.advice.forms import AdviceContactForm
from balanse.advice.models import AdviceContact
from balanse.core import stamps
from balanse.core.kept_pages import kept_public_page
from balanse.core.views_helpers import get_object_with_perm, require_perm


def _get_contact_for_user(request, pk: int) -> AdviceContact:
    return get_object_with_perm(request, AdviceContact, "advice.change_contacts", pk=pk)


@kept_public_page
def seek_advice(request):
    contacts = []
    for contact in AdviceContact.objects.all():
        line = contact.line_status()
        if line is not None:
            stamps.holds_until(line.changes_at)  # "open now" until the line closes or opens
        contacts.append((contact, line))
    return render(request, "advice/seek_advice.html", {"contacts": contacts})


@login_required
def contact_list(request):
    require_perm(request, "advice.change_contacts")
    return render(request, "advice/contact_list.html", {"contacts": AdviceContact.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk: int | None = None):
    require_perm(request, "advice.change_contacts")
    contact = _get_contact_for_user(request, pk) if pk else AdviceContact()
    form = AdviceContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contact(contact=contact, by=request.user, data=form.save_data())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contact “%(name)s” was saved.") % {"name": contact.name})
            return redirect("advice:contacts")
    return render(request, "advice/contact_form.html", {"form": form, "contact": contact})


@login_required
@require_POST
def contact_delete(request, pk: int):
    contact = _get_contact_for_user(request, pk)
    services.delete_contact(contact=contact, by=request.user)
    messages.success(request, _("The contact “%(name)s” was deleted.") % {"name": contact.name})
    return redirect("advice:contacts")
