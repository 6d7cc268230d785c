from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from balanse.core import audit, compiled, stamps
from balanse.core.counts import count_panels
from balanse.core.forms import AuditFilterForm
from balanse.core.kept_pages import kept_public_page
from balanse.core.mail import read_outbox
from balanse.core.models import AuditEntry
from balanse.core.signals import collect, operator_panels
from balanse.core.views_helpers import PAGE_PARAM, paginate, require_perm


@kept_public_page
def home(request):
    return render(request, "core/home.html")


@login_required
def dashboard(request):
    """Where everyone lands after logging in: staff get the operator overview, others their organisation."""
    if request.user.has_perm("core.view_operator_pages"):
        with stamps.one_stamp():  # the panels' kept figures, from every app, under one read of the stamp
            panels = count_panels(sorted(collect(operator_panels, request=request), key=lambda p: p.order))
        return render(
            request,
            "core/operator_dashboard.html",
            {
                "recent": compiled.instances(
                    "core.dashboard.recent",
                    AuditEntry,
                    lambda: AuditEntry.objects.order_by("-at", "-id")[:8],
                    related=("actor", "content_type"),
                ),
                "panels": panels,
            },
        )
    return redirect("organisations:mine")


@login_required
def audit_log(request):
    require_perm(request, "core.view_audit_log")
    entries = AuditEntry.objects.select_related("actor")  # the rows show no object's kind (core.audit.rows)
    language, registered = get_language(), tuple(audit.registered_actions())
    if request.GET.keys() - {PAGE_PARAM}:
        form = AuditFilterForm(request.GET, actions=_audit_actions(language, registered))
        if form.is_valid():
            entries = form.filter(entries)
    else:  # no filter: the empty form's markup, written once per process and language
        form = _blank_audit_filter(language, registered)
    return render(request, "core/audit_log.html", {"form": form, **paginate(request, entries, 50)})


@lru_cache(maxsize=8)
def _audit_actions(language: str | None, registered: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The actions the log's filter offers, by their label in `language` (`registered`: the actions known)."""
    return tuple(
        sorted(((action, audit.action_label(action)) for action in registered), key=lambda p: p[1].casefold())
    )


@lru_cache(maxsize=8)
def _blank_audit_filter(language: str | None, registered: tuple[str, ...]) -> SafeString:
    """The markup of the log's empty filter form (the form renderer took a fifth of the page's time); the same
    markup as the form's own, tests/core hold it so."""
    return SafeString(str(AuditFilterForm(actions=_audit_actions(language, registered))))


@require_GET
def dev_outbox(request):
    """E-mails sent in development, so a newcomer can read log-in codes and invitations. Never in production."""
    if not settings.DEV_OUTBOX_ENABLED:
        raise Http404
    return render(request, "core/dev_outbox.html", {"messages_sent": read_outbox()})


@require_POST
def set_language(request):
    """Django's language switch, and for a logged-in person also the language of the e-mails they get."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and request.user.language != language
    ):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


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
