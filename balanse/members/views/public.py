"""Public pages: “Bli medlem” (organisations) and “Bli støttemedlem” (people), confirming and leaving."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from balanse.core.kept_pages import kept_public_page
from balanse.core.ratelimit import limit_posts
from balanse.members import forms, services


@require_http_methods(["GET", "POST"])
@limit_posts("members-apply", "MEMBERS_APPLICATION_RATE")
@kept_public_page
def apply(request):
    year = timezone.localdate().year
    form = forms.ApplicationForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        services.submit_application(data=form.application_data())
        return redirect("members:apply_thanks")
    return render(request, "members/public/apply.html", {"form": form})


@kept_public_page
def apply_thanks(request):
    return render(request, "members/public/apply_thanks.html")


@require_http_methods(["GET", "POST"])
@limit_posts("members-supporting", "MEMBERS_SUPPORTING_SIGNUP_RATE")
@kept_public_page
def supporting_signup(request):
    form = forms.SupportingSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.sign_up_supporting_member(request=request, **form.cleaned_data)
        return redirect("members:supporting_sent")
    return render(request, "members/public/supporting_signup.html", {"form": form})


@kept_public_page
def supporting_sent(request):
    return render(request, "members/public/supporting_sent.html")


@require_http_methods(["GET", "POST"])
def supporting_confirm(request, token: str):
    """GET shows a button (mail scanners follow links); POST confirms."""
    try:
        member = services.supporting_member_for_confirm_token(token)
    except services.SupportingMemberError as exc:
        return render(
            request, "members/public/supporting_link_invalid.html", {"message": str(exc)}, status=400
        )
    if request.method == "POST" or member.joined:
        if request.method == "POST":
            services.confirm_supporting_member(member=member, request=request)
        return render(
            request,
            "members/public/supporting_welcome.html",
            {"member": member, "leave_token": services.leave_token(member)},
        )
    return render(request, "members/public/supporting_confirm.html", {"member": member})


@require_http_methods(["GET", "POST"])
def supporting_leave(request, token: str):
    try:
        member = services.supporting_member_for_leave_token(token)
    except services.SupportingMemberError as exc:
        return render(
            request, "members/public/supporting_link_invalid.html", {"message": str(exc)}, status=400
        )
    if request.method == "POST":
        services.leave_supporting_member(member=member)
        return render(request, "members/public/supporting_left.html")
    return render(request, "members/public/supporting_leave.html", {"member": member})
