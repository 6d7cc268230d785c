"""The workbook: the organisation's way in, the overview, each section with its history, adding a suggested
rule, and what changed since last year."""

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balanse.certification.models import Certification
from balanse.core.views_helpers import get_object_with_perm, row_link, with_perm
from balanse.organisations.models import Organisation
from balanse.workbook import content as workbook_content
from balanse.workbook import diffing, queries, services
from balanse.workbook.forms import AddRuleForm
from balanse.workbook.models import (
    SECTION_SLUGS,
    SLUG_TO_KEY,
    SectionKey,
    Workbook,
)
from balanse.workbook.sections import APPLIES, NUMBERS, ORDER, default_factors

S = Certification.State


def _get_workbook_for_user(request, pk: int, perm: str = "workbook.view_workbook") -> Workbook:
    """The workbook with its organisation and certification (404 if there is none, 403 without `perm`)."""
    return with_perm(request, queries.workbook_with_organisation(pk), perm)


def _section_key(slug: str) -> str:
    key = SLUG_TO_KEY.get(slug)
    if key is None:
        raise Http404
    return key


def _lock_message(workbook: Workbook) -> str:
    if not workbook.is_current:
        return _("This is an earlier year's workbook. It can no longer be changed.")
    state = workbook.certification.state
    if state == S.IN_REVIEW:
        return _("The workbook is locked while Balansekunst reviews your measures.")
    if state == S.CERTIFIED:
        return _("You hold the mark; the workbook is locked until the yearly follow-up.")
    return _("The workbook is locked.")


def _section_urls(workbook: Workbook) -> dict[str, str]:
    """{key: the address of the section's page}, reversed once for all the sections."""
    link = row_link("workbook:section", key="slug", pk=workbook.pk)
    return {key: link(SECTION_SLUGS[key]) for key in ORDER}


def _nav(workbook: Workbook, current: str | None = None) -> list[dict]:
    urls = _section_urls(workbook)
    return [
        {
            "key": key,
            "number": NUMBERS[key],
            "label": SectionKey(key).label,
            "url": urls[key],
            "current": key == current,
        }
        for key in ORDER
    ]


@login_required
def organisation_workbook(request, pk: int):
    """The organisation's way in: the current workbook, started when the measures step is reached."""
    organisation = get_object_with_perm(request, Organisation, "workbook.open_for_organisation", pk=pk)
    certification = Certification.objects.current_for(organisation)
    workbook = queries.current_workbook(certification) if certification else None
    if (
        workbook is None
        and certification
        and certification.state in services.WORKBOOK_STATES
        and request.user.has_perm("workbook.edit_workbook", Workbook(organisation=organisation))
    ):
        workbook = services.start_workbook(certification=certification, by=request.user)
    if workbook is not None:
        return redirect("workbook:overview", pk=workbook.pk)
    latest = queries.latest_workbook(organisation)
    return render(
        request,
        "workbook/not_started.html",
        {"organisation": organisation, "certification": certification, "latest": latest},
    )


@login_required
def overview(request, pk: int):
    workbook = _get_workbook_for_user(request, pk)
    sections = queries.sections_of(workbook)
    handlers = queries.section_objects(workbook, sections)
    items = queries.completeness(workbook, handlers)
    comments = queries.review_comments(workbook)
    sent_back = queries.sent_back(workbook, items, comments)
    urls = _section_urls(workbook)
    by_key: dict[str, list] = {item.key: [] for item in items}
    for comment in comments:  # oldest first: the newest of each section last
        by_key.setdefault(comment.requirement_key, []).append(comment)
    rows = [
        {
            "item": item,
            "must_change": item.key in sent_back,
            "number": NUMBERS[item.key],
            "section": sections.get(item.key),
            "url": urls[item.key],
            # The newest comment from the review and how many came before it; the section's page shows all.
            "comment": by_key[item.key][-1] if by_key[item.key] else None,
            "more_comments": max(len(by_key[item.key]) - 1, 0),
        }
        for item in items
    ]
    certification = workbook.certification
    return render(
        request,
        "workbook/overview.html",
        {
            "workbook": workbook,
            "organisation": workbook.organisation,
            "certification": certification,
            "rows": rows,
            # Complete only when every section is filled in and none was sent back by the review.
            "complete": all(i.complete for i in items) and not sent_back,
            "missing_count": sum(1 for i in items if not i.complete and i.key not in sent_back),
            "change_count": len(sent_back),
            "editable": workbook.editable,
            "lock_message": "" if workbook.editable else _lock_message(workbook),
            "can_submit_page": request.user.has_perm("certification.view_certification", certification),
            "can_share": request.user.has_perm("workbook.share_plan", workbook.organisation),
            "years": queries.years_of(workbook.organisation_id),
        },
    )


def _section_context(request, workbook, key, section, handlers, form, **extra):
    content = queries.texts()
    handler = handlers[key]
    editable = workbook.editable and request.user.has_perm("workbook.edit_workbook", workbook)
    missing = handler.missing()
    comments = queries.review_comments(workbook, key)
    label = SectionKey(key).label
    context = {
        "workbook": workbook,
        "organisation": workbook.organisation,
        "key": key,
        "number": NUMBERS[key],
        "label": label,
        "slug": SECTION_SLUGS[key],
        "section": section,
        "form": form,
        "handler": handler,
        "guidance": content.get(f"guidance_{key}", ""),
        "nav": _nav(workbook, key),
        "editable": editable,
        "lock_message": "" if workbook.editable else _lock_message(workbook),
        "comments": comments,
        "missing": missing,
        "must_change": bool(
            queries.sent_back(workbook, [queries.Completeness(key, str(label), missing)], comments)
        ),
        # The saved content as text, shown instead of the form: only worked out when it is shown.
        "lines": [] if editable or extra.get("kept_typing") else handler.lines(),
    }
    if key == SectionKey.RULES:
        titles = {f.key: f.title for f in handler.factors()}
        translated = (workbook_content.in_page_language() or {}).get("suggestions", {})
        context |= {
            "prompts": [p for p in content.get("prompts_rules", "").splitlines() if p.strip()],
            "suggestions": [
                {"text": translated.get(slug, text), "factors": [f for f in factors if f.slug in titles]}
                for slug, text, factors in queries.rule_suggestions()
            ],
            "unanswered": handler.unanswered(),
            "add_form": extra.pop("add_form", None) or AddRuleForm(),
        }
    if key == SectionKey.CONSEQUENCES:
        context["police_note"] = content.get("police_note", "")
    if key == SectionKey.RISK_MAPPING:
        context["applies_labels"] = dict(APPLIES)
    return context | extra


@login_required
def section(request, pk: int, slug: str):
    workbook = _get_workbook_for_user(request, pk)
    key = _section_key(slug)
    sections = queries.sections_of(workbook)
    section = sections[key]
    handlers = queries.section_objects(workbook, sections)
    handler = handlers[key]
    if request.method != "POST":
        form = handler.build_form(version=section.version)
        return render(
            request,
            "workbook/section.html",
            _section_context(request, workbook, key, section, handlers, form),
        )

    if not request.user.has_perm("workbook.edit_workbook", workbook):
        raise PermissionDenied
    if not workbook.editable:
        # Checked before anything that was sent is read. The (bounded) form only shows the text back.
        messages.error(request, _lock_message(workbook))
        form = handler.build_form(request.POST, version=section.version)
        form.is_valid()
        context = _section_context(request, workbook, key, section, handlers, form, kept_typing=True)
        return render(request, "workbook/section.html", context, status=409)
    form = handler.build_form(request.POST, version=section.version)
    status = 400
    extra = {}
    if form.is_valid():
        try:
            services.save_section(
                section=section,
                data=handler.to_data(form),
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except services.StaleSection as exc:
            current = exc.current
            theirs = queries.section_objects(workbook, {**sections, key: current})[key]
            mine = queries.section_objects(
                workbook, {**sections, key: _with_data(section, handler.to_data(form))}
            )[key]
            # Keep the typed form, now carrying the newer version so a deliberate save replaces it.
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = handler.build_form(data, version=current.version)
            form.is_valid()
            extra = {"stale": current, "theirs": theirs.lines(), "mine": mine.lines(), "section": current}
            messages.error(request, exc.messages[0])
            status = 409
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 409
        else:
            messages.success(request, _("“%(section)s” was saved.") % {"section": SectionKey(key).label})
            return redirect("workbook:section", pk=workbook.pk, slug=slug)
    else:
        messages.error(
            request, _("Nothing was saved. Check the fields marked below; what you wrote is kept.")
        )
    context = _section_context(request, workbook, key, extra.pop("section", section), handlers, form, **extra)
    return render(request, "workbook/section.html", context, status=status)


def _with_data(section, data):
    clone = copy(section)
    clone.data = data
    return clone


@login_required
@require_POST
def add_rule(request, pk: int):
    workbook = _get_workbook_for_user(request, pk, "workbook.edit_workbook")
    sections = queries.sections_of(workbook)
    handlers = queries.section_objects(workbook, sections)
    keys = [f.key for f in handlers[SectionKey.RULES].factors()]
    form = AddRuleForm(request.POST, factor_keys=keys)
    if form.is_valid():
        try:
            services.add_rule(workbook=workbook, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The rule was added to your rules. Adapt it below if you like."))
            return redirect(
                reverse("workbook:section", args=[workbook.pk, SECTION_SLUGS[SectionKey.RULES]])
                + "#rules-form"
            )
    else:
        messages.error(
            request, _("The rule was not added. Check the field marked below; what you wrote is kept.")
        )
    section = sections[SectionKey.RULES]
    edit_form = handlers[SectionKey.RULES].build_form(version=section.version)
    context = _section_context(
        request, workbook, SectionKey.RULES, section, handlers, edit_form, add_form=form
    )
    return render(request, "workbook/section.html", context, status=400)


@login_required
def history(request, pk: int, slug: str):
    workbook = _get_workbook_for_user(request, pk)
    key = _section_key(slug)
    sections = queries.sections_of(workbook)
    versions = list(sections[key].versions.select_related("by")[:50])
    content, defaults = queries.texts(), default_factors()

    def lines_of(data):
        handlers = queries.section_objects(
            workbook, {**sections, key: _with_data(sections[key], data)}, content, defaults
        )
        return diffing.as_text(handlers[key].lines())

    entries = []
    for i, version in enumerate(versions):
        older = versions[i + 1].data if i + 1 < len(versions) else {}
        entries.append({"version": version, "diff": diffing.diff(lines_of(older), lines_of(version.data))})
    return render(
        request,
        "workbook/history.html",
        {
            "workbook": workbook,
            "organisation": workbook.organisation,
            "label": SectionKey(key).label,
            "slug": slug,
            "entries": entries,
        },
    )


@login_required
def changes(request, pk: int):
    """What changed since last year: each section of the previous workbook against this one."""
    workbook = _get_workbook_for_user(request, pk)
    previous = workbook.copied_from
    parts = []
    if previous is not None:
        old = queries.section_objects(previous)
        new = queries.section_objects(workbook)
        for key in ORDER:
            lines = diffing.diff(diffing.as_text(old[key].lines()), diffing.as_text(new[key].lines()))
            parts.append({"label": SectionKey(key).label, "diff": lines})
    return render(
        request,
        "workbook/changes.html",
        {"workbook": workbook, "organisation": workbook.organisation, "previous": previous, "parts": parts},
    )
