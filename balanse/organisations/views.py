from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from balanse.core.audit import latest_entries_for
from balanse.core.auth_backends import MODEL_BACKEND
from balanse.core.counts import count_panels
from balanse.core.rules import is_operator
from balanse.core.signals import collect, first_answer
from balanse.core.views_helpers import base_url, get_object_with_perm, paginate, require_perm, with_perm
from balanse.organisations import queries, rows, services
from balanse.organisations.forms import (
    AcceptInvitationForm,
    InvitationForm,
    OperatorOrganisationForm,
    OrganisationFilterForm,
    OrganisationForm,
    RoleForm,
)
from balanse.organisations.models import Membership, Organisation
from balanse.organisations.signals import landing_requested, organisation_panels


def _get_organisation_for_user(request, pk: int, perm: str) -> Organisation:
    return get_object_with_perm(request, Organisation, perm, pk=pk)


def _form_class_for(user):
    return OperatorOrganisationForm if is_operator(user) else OrganisationForm


@login_required
def organisation_list(request):
    require_perm(request, "organisations.list_organisations")
    form = OrganisationFilterForm(request.GET or None, municipalities=queries.municipalities())
    organisations = None  # every one
    if form.is_valid():
        data = form.cleaned_data
        if data["q"] or data["field"] or data["municipality"]:
            organisations = (
                Organisation.objects.search(data["q"])
                .in_field(data["field"])
                .in_municipality(data["municipality"])
            )
    found = paginate(request, queries.Listed(organisations), 25)
    rows_html = rows.list_rows(found["page"].object_list)
    return render(request, "organisations/list.html", {"form": form, "rows_html": rows_html, **found})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    require_perm(request, "organisations.add_organisation")
    form = OperatorOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(by=request.user, data=dict(form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": organisation.name})
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "creating": True})


@login_required
def my_organisation(request):
    """Where an organisation user lands: their organisation, or a choice if they belong to several."""
    organisations = Organisation.objects.for_user(request.user)
    if len(organisations) == 1:
        return redirect("organisations:detail", pk=organisations[0].pk)
    if not organisations:
        # Someone in no organisation (a learner, say) goes where another app says, e.g. to the course.
        landing = first_answer(landing_requested, user=request.user)
        if landing:
            return redirect(landing)
    return render(request, "organisations/mine.html", {"organisations": organisations})


@login_required
def organisation_detail(request, pk: int):
    organisation = with_perm(request, queries.page_organisation(pk), "organisations.view_organisation")
    can_manage = request.user.has_perm("organisations.manage_people", organisation)
    people = queries.people_rows(organisation)
    invitations = queries.pending_invitation_rows(organisation) if can_manage else []
    token = get_token(request) if can_manage and (people or invitations) else ""
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "art_fields": organisation.art_field_names,
            "people": people,
            "people_html": rows.people_rows(organisation.pk, people, can_manage=can_manage, csrf_token=token),
            "invitations": invitations,
            "invitations_html": rows.invitation_items(organisation.pk, invitations, token),
            "can_manage": can_manage,
            "can_edit": request.user.has_perm("organisations.change_organisation", organisation),
            "invite_form": InvitationForm() if can_manage else None,
            "history": latest_entries_for(organisation, 10) if is_operator(request.user) else [],
            "panels": count_panels(
                sorted(
                    collect(organisation_panels, request=request, organisation=organisation),
                    key=lambda p: p.order,
                )
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    organisation = with_perm(request, queries.page_organisation(pk), "organisations.change_organisation")
    form_class = _form_class_for(request.user)
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                organisation=organisation, by=request.user, data=dict(form.cleaned_data)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk: int):
    organisation = _get_organisation_for_user(request, pk, "organisations.manage_people")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                base_url=base_url(request),
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. It is valid for %(days)s days.")
                % {"email": invitation.email, "days": services.settings.INVITATION_VALID_DAYS},
            )
            return redirect("organisations:detail", pk=organisation.pk)
    return render(request, "organisations/invite.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def invitation_revoke(request, pk: int, invitation_pk: int):
    organisation = _get_organisation_for_user(request, pk, "organisations.manage_people")
    invitation = organisation.invitations.filter(pk=invitation_pk).first()
    if invitation is None:
        messages.error(request, _("That invitation no longer exists."))
    else:
        try:
            services.revoke_invitation(invitation=invitation, by=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(
                request,
                _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
            )
    return redirect("organisations:detail", pk=organisation.pk)


@login_required
@require_POST
def membership_update(request, pk: int, membership_pk: int):
    organisation = _get_organisation_for_user(request, pk, "organisations.manage_people")
    membership = (
        Membership.objects.filter(organisation=organisation, pk=membership_pk).select_related("user").first()
    )
    if membership is None:
        messages.error(request, _("That person is no longer part of the organisation."))
        return redirect("organisations:detail", pk=organisation.pk)
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(membership=membership, by=request.user)
            messages.success(request, _("%(person)s was removed.") % {"person": membership.user})
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a role."))
            else:
                services.change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
                messages.success(
                    request, _("The role of %(person)s was changed.") % {"person": membership.user}
                )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    if not Membership.objects.filter(
        organisation=organisation, user=request.user
    ).exists() and not is_operator(request.user):
        return redirect("core:dashboard")
    return redirect("organisations:detail", pk=organisation.pk)


def _invalid_invitation(request, exc: services.InvitationError):
    return render(request, "organisations/invitation_invalid.html", {"reason": str(exc)}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """The page an invitation link opens.

    A new address: accepting makes the account and logs it in (the link proves the address). An address
    that already has an account: its owner logs in the normal way first (the log-in page brings them back
    here), then accepts. The link never starts a session for an existing account."""
    try:
        invitation = services.get_invitation(token)
    except services.InvitationError as exc:
        return _invalid_invitation(request, exc)
    user = request.user if request.user.is_authenticated else None
    wrong_account = user is not None and user.email.lower() != invitation.email.lower()
    has_account = user is None and services.account_exists(invitation.email)
    # The name is asked for wherever none is known: a new account, or a logged-in account without one.
    needs_name = (user is None and not has_account) or (
        user is not None and not wrong_account and not user.full_name
    )
    form = AcceptInvitationForm(request.POST or None) if needs_name else None
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": has_account,
        "wrong_account": wrong_account,
        "login_url": reverse("account_login") + "?" + urlencode({"next": request.path}, safe="/"),
    }
    if request.method != "POST":
        return render(request, "organisations/invitation.html", context)
    if form is not None and not form.is_valid():
        return render(request, "organisations/invitation.html", context, status=400)
    try:
        person = services.accept_invitation(
            token=token, user=user, full_name=form.cleaned_data["full_name"] if form else ""
        )
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
        else:
            form.add_error("full_name", exc)
        return render(request, "organisations/invitation.html", context, status=400)
    except (services.LoginRequired, services.WrongAccount) as exc:
        messages.error(request, str(exc))
        context |= {"has_account": isinstance(exc, services.LoginRequired), "form": None}
        return render(request, "organisations/invitation.html", context, status=403)
    except services.InvitationError as exc:
        return _invalid_invitation(request, exc)
    if person.created and services.may_be_logged_in_by_link(person.user):
        login(request, person.user, backend=MODEL_BACKEND)
        messages.success(
            request,
            _(
                "Welcome! You are now part of %(organisation)s. Next time, log in with a code sent to %(email)s."
            )
            % {"organisation": person.membership.organisation.name, "email": person.user.email},
        )
    else:
        messages.success(
            request,
            _("You are now part of %(organisation)s.")
            % {"organisation": person.membership.organisation.name},
        )
    return redirect("organisations:detail", pk=person.membership.organisation_id)
