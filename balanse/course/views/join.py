"""Joining a course without being a member: the organisation's join link (with a code sent by e-mail) and
the link in a course invitation."""

from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from balanse.core.auth_backends import MODEL_BACKEND
from balanse.course import invitation_links, join_codes, services, translations
from balanse.course.forms import JoinCodeForm, JoinForm, LearnerNameForm
from balanse.course.models import Course
from balanse.organisations import services as org_services


@never_cache
@require_http_methods(["GET", "POST"])
def join(request, token: str):
    """The organisation's join link. A logged-in person joins with one click. Anyone else gives a name and
    an address and gets a code by e-mail; nothing is created until the code is confirmed (join_confirm)."""
    offer = services.get_join_offer(token)
    if offer is None:
        return render(request, "course/join_closed.html", status=410)
    if request.user.is_authenticated:
        # An account without a name gives one (the organisation's list of learners shows it).
        name_form = None if request.user.full_name else LearnerNameForm(request.POST or None)
        if request.method == "POST" and (name_form is None or name_form.is_valid()):
            full_name = name_form.cleaned_data["full_name"] if name_form else request.user.full_name
            services.join_with_link(offer=offer, email=request.user.email, full_name=full_name)
            return redirect("course:learner_course", slug=offer.course.slug)
        translations.translate_course(offer.course)
        status = 400 if request.method == "POST" else 200
        context = {"offer": offer, "form": None, "name_form": name_form}
        return render(request, "course/join.html", context, status=status)
    translations.translate_course(offer.course)  # the page and the e-mailed code, in the page's language
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if ratelimit.consume(request, action="request_login_code", key=email):
            code = services.new_join_code()
            join_codes.start(
                request, offer_pk=offer.pk, email=email, full_name=form.cleaned_data["full_name"], code=code
            )
            services.send_join_code(offer=offer, email=email, code=code, language=request.LANGUAGE_CODE)
            return redirect("course:join_confirm", token=token)
        form.add_error(
            "email", _("Several codes were sent to this address just now. Wait a minute and try again.")
        )
        status = 429
    elif request.method == "POST":
        status = 400
    return render(request, "course/join.html", {"offer": offer, "form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def join_confirm(request, token: str):
    """Type the e-mailed code. A right code enrols the person as a learner (never a member). A new address
    gets its account and is logged in; an address that already has an account is enrolled and then logs in
    the way it usually does (a link never starts a session for an existing account)."""
    offer = services.get_join_offer(token)
    if offer is None:
        join_codes.clear(request)
        return render(request, "course/join_closed.html", status=410)
    pending = join_codes.pending_for(request, offer.pk)
    if pending is None:
        if request.method == "POST":
            messages.error(request, _("The code has expired or was typed wrong too many times. Start again."))
        return redirect("course:join", token=token)
    form = JoinCodeForm(request.POST or None)
    context = {
        "offer": offer,
        "form": form,
        "email": pending.email,
        "start_url": reverse("course:join", args=[token]),
    }
    if request.method != "POST":
        return _render_join_code(request, context)
    if not form.is_valid():
        return _render_join_code(request, context, status=400)
    if not join_codes.check(request, pending, form.cleaned_data["code"]):
        if pending.attempts_left <= 0:
            messages.error(request, _("The code was typed wrong too many times. Start again."))
            return redirect("course:join", token=token)
        form.add_error(
            "code",
            ngettext(
                "The code is not right. You can try %(count)s more time.",
                "The code is not right. You can try %(count)s more times.",
                pending.attempts_left,
            )
            % {"count": pending.attempts_left},
        )
        return _render_join_code(request, context, status=400)
    _enrollment, person = services.join_with_link(
        offer=offer, email=pending.email, full_name=pending.full_name, email_verified=True
    )
    course_url = reverse("course:learner_course", args=[offer.course.slug])
    if person.created and org_services.may_be_logged_in_by_link(person.user):
        login(request, person.user, backend=MODEL_BACKEND)
        messages.success(
            request,
            _("Welcome to the course! Next time, log in with a code sent to %(email)s.")
            % {"email": pending.email},
        )
        return redirect(course_url)
    messages.success(request, _("You have joined the course. Log in the way you usually do to start it."))
    return redirect(reverse("account_login") + "?" + urlencode({"next": course_url}, safe="/"))


def _render_join_code(request, context, status=200):
    translations.translate_course(context["offer"].course)
    return render(request, "course/join_code.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_link(request, token: str):
    """The link in a course invitation. Opening it shows a button (so that a mail scanner that follows
    links uses nothing up); the button logs a new learner in and opens the course. A link that cannot log
    in (used before, an existing account) offers the log-in by e-mailed code with the address filled in."""
    check = invitation_links.check_token(token)
    if check.user is None:
        return render(request, "course/invitation_link.html", {"invalid": True}, status=410)
    course_url = reverse("course:learner_course", args=[check.course_slug])
    if request.user.is_authenticated and request.user.pk == check.user.pk:
        return redirect(course_url)
    course = get_object_or_404(Course, slug=check.course_slug)
    # A learner invited by address has no name yet: asked for here, since the organisation's list shows it.
    form = LearnerNameForm(request.POST or None) if check.may_log_in and not check.user.full_name else None
    if request.method == "POST" and check.may_log_in and (form is None or form.is_valid()):
        if request.user.is_authenticated:
            logout(request)
        services.log_in_by_invitation(
            user=check.user, course_slug=course.slug, full_name=form.cleaned_data["full_name"] if form else ""
        )
        login(request, check.user, backend=MODEL_BACKEND)
        messages.success(
            request,
            _("Welcome to the course! Next time, log in with a code sent to %(email)s.")
            % {"email": check.user.email},
        )
        return redirect(course_url)
    translations.translate_course(course)
    context = {
        "course": course,
        "email": check.user.email,
        "may_log_in": check.may_log_in,
        "next": course_url,
        "other_account": request.user.is_authenticated,
        "form": form,
    }
    status = 400 if request.method == "POST" and form is not None and form.errors else 200
    return render(request, "course/invitation_link.html", context, status=status)
