"""The exercise templates: a facilitator's own copies of the scenarios, relations and questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from balanse.core.numbers import parse_ascii_int
from balanse.core.rules import is_operator
from balanse.core.views_helpers import get_object_with_perm, require_perm
from balanse.exercise import queries, services
from balanse.exercise.forms import TemplateForm
from balanse.exercise.models import ExerciseTemplate


def _get_template_for_user(request, pk: int, perm: str = "exercise.change_template") -> ExerciseTemplate:
    return get_object_with_perm(request, ExerciseTemplate, perm, pk=pk)


def _new_template_form(request, initial: dict) -> TemplateForm:
    """The form of a new own copy, with whose it is: an organisation admin chooses among theirs (a select), the
    operator searches every organisation. The queryset validates a choice sent; a form only shown gets the
    select's choices from one query compiled once, as the start form does (a model choice field builds and
    runs its queryset each time it is shown)."""
    user, data = request.user, request.POST or None
    operator = is_operator(user)
    form = TemplateForm(
        data,
        initial=initial,
        organisations=queries.admin_organisations(user),
        organisation_required=not operator,
        search_organisation=operator,
    )
    if data is None and not operator:
        form.fields["organisation"].choices = queries.administered_choices(user)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request):
    """A new own copy, prefilled from the exercise in ?fra= (the default one unless another is given)."""
    require_perm(request, "exercise.facilitate")
    source = None
    source_pk = parse_ascii_int(request.GET.get("fra", ""), low=1)
    if source_pk is not None:
        source = _get_template_for_user(request, source_pk, "exercise.use_template")
    source = source or services.default_template()
    initial = TemplateForm.initial_from(source) if source else {}
    if source:
        initial["title"] = _("%(title)s (copy)") % {"title": source.title}
        initial["organisation"] = None
    form = _new_template_form(request, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        template = services.save_template(
            by=request.user, template=None, organisation=data.get("organisation"), data=data
        )
        messages.success(request, _("The exercise “%(title)s” was saved.") % {"title": template.title})
        return redirect("exercise:facilitate")
    return render(request, "exercise/template_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    template = _get_template_for_user(request, pk)
    form = TemplateForm(request.POST or None, initial=TemplateForm.initial_from(template), organisations=None)
    if request.method == "POST" and form.is_valid():
        services.save_template(
            by=request.user, template=template, organisation=template.organisation, data=form.cleaned_data
        )
        messages.success(request, _("The exercise “%(title)s” was saved.") % {"title": template.title})
        return redirect("exercise:facilitate")
    return render(request, "exercise/template_form.html", {"form": form, "template": template})
