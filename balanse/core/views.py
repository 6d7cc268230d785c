from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from balanse.core.mail import read_outbox
from balanse.core.models import AuditEntry
from balanse.core.plugins import collect
from balanse.core.views_helpers import require_perm
from balanse.organisations.models import Organisation


def home(request):
    return render(request, "core/home.html")


@login_required
def dashboard(request):
    """Where everyone lands after logging in: staff get the operator overview, others their organisation."""
    if request.user.has_perm("core.view_operator_pages"):
        return render(
            request,
            "core/operator_dashboard.html",
            {
                "organisation_count": Organisation.objects.count(),
                "member_count": Organisation.objects.filter(is_member=True).count(),
                "recent": AuditEntry.objects.select_related("actor", "content_type")[:8],
                "panels": collect("operator_panels", request),
            },
        )
    return redirect("organisations:mine")


@login_required
def audit_log(request):
    require_perm(request, "core.view_audit_log")
    entries = AuditEntry.objects.select_related("actor", "content_type")
    page = Paginator(entries, 50).get_page(request.GET.get("side"))
    return render(request, "core/audit_log.html", {"page": page})


@require_GET
def dev_outbox(request):
    """E-mails sent in development, so a newcomer can read log-in codes and invitations. Never in production."""
    if not settings.DEV_OUTBOX_ENABLED:
        raise Http404
    return render(request, "core/dev_outbox.html", {"messages_sent": read_outbox()})


def favicon(request):
    return redirect(static("core/favicon.svg"), permanent=True)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
