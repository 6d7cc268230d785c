import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balanse.core import form_fields
from balanse.core.form_fields import DateInput
from balanse.core.forms_rendering import StyledFormMixin
from balanse.grants import queries
from balanse.grants.models import Application, DecisionLetter, GrantCall, Status
from balanse.grants.services import APPLICATION_FIELDS, PLACEHOLDERS, REQUIRED_TO_SUBMIT


class KronerField(form_fields.KronerField):
    """Whole kroner from 0 up to a billion."""

    default_error_messages = {"max_value": _("The amount is too large.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 1_000_000_000)
        super().__init__(**kwargs)


class ApplicationForm(StyledFormMixin, forms.ModelForm):
    """The public form. A draft needs only the contact's name and e-mail (the link goes there); sending needs
    everything that `REQUIRED_TO_SUBMIT` names."""

    project_budget = KronerField(label=_("The project's total budget (kr)"), required=False)
    amount_applied = KronerField(label=_("Amount applied for (kr)"), required=False, min_value=1)

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "applicant": _("The organisation's name, or your name"),
            "contact_name": _("Contact person"),
        }
        help_texts = {
            "applicant": _("A member organisation writes its name as in the member list."),
            "description": _("What you will do, for whom, when, and how it promotes equality and diversity."),
            "contact_email": _("We send the link to your draft, the receipt and our answer here."),
        }

    def __init__(self, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name, field in self.fields.items():
            field.required = name in ("contact_name", "contact_email", "applicant_kind") or (
                submitting and name in REQUIRED_TO_SUBMIT
            )
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"

    def clean(self):
        data = super().clean()
        budget, amount = data.get("project_budget"), data.get("amount_applied")
        if budget is not None and amount is not None and amount > budget:
            self.add_error("amount_applied", _("The amount applied for cannot be more than the budget."))
        return data

    def application_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text=_("What you did, who took part, what you learned, and how the money was used."),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CallForm(StyledFormMixin, forms.ModelForm):
    budget = KronerField(label=_("Budget (kr)"))
    criteria_nb = forms.CharField(
        label=_("Criteria (Norwegian), one a line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The staff score each application from 1 to 5 on each criterion."),
    )
    criteria_en = forms.CharField(
        label=_("Criteria (English), one a line in the same order"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    class Meta:
        model = GrantCall
        fields = ["budget", "opens_on", "closes_on", "intro_nb", "intro_en"]
        widgets = {
            "opens_on": DateInput,
            "closes_on": DateInput,
            "intro_nb": forms.Textarea(attrs={"rows": 4}),
            "intro_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            criteria = queries.criteria_texts(self.instance)
            self.initial["criteria_nb"] = "\n".join(nb for nb, _en in criteria)
            self.initial["criteria_en"] = "\n".join(en for _nb, en in criteria)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The call cannot close before it opens."))
        nb, en = _lines(data.get("criteria_nb", "")), _lines(data.get("criteria_en", ""))
        if en and len(en) != len(nb):
            self.add_error("criteria_en", _("Write as many English lines as Norwegian ones, or none."))
        if any(len(line) > 300 for line in nb + en):
            self.add_error("criteria_nb", _("Write each criterion in at most 300 characters."))
        if len(nb) > 20:
            self.add_error("criteria_nb", _("Write at most 20 criteria."))
        data["criteria"] = [(text, en[i] if len(en) == len(nb) else "") for i, text in enumerate(nb)]
        return data


SCORE_CHOICES = [("", "–"), *[(str(n), str(n)) for n in range(1, 6)]]


class ReviewForm(StyledFormMixin, forms.Form):
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(application.call.criteria.all()) if application.call else []
        scores = {s.criterion_id: s.score for s in application.scores.all()}
        self.initial["notes"] = application.review_notes
        for criterion in self.criteria:
            name = f"score_{criterion.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=criterion.text,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("1 (weak) to 5 (strong)"),
            )
            self.initial[name] = scores.get(criterion.pk, "")

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("The decision"),
        choices=[("grant", _("Grant the application")), ("decline", _("Decline the application"))],
        widget=forms.RadioSelect,
    )
    amount = KronerField(label=_("Amount granted (kr)"), required=False, min_value=1)
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Only when declining. The applicant reads it in the letter."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "grant" and not data.get("amount"):
            self.add_error("amount", _("Write the amount granted."))
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write the reason for declining; the applicant reads it."))
        return data


class PayForm(StyledFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid out on"), widget=DateInput)

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class PostponeForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the payout is postponed to next year"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class LetterForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DecisionLetter
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def clean(self):
        data = super().clean()
        text = (data.get("subject") or "") + (data.get("body") or "")
        unknown = sorted(set(re.findall(r"\{([^{}]*)\}", text)) - set(PLACEHOLDERS))
        if unknown:
            self.add_error(
                "body",
                _("Unknown placeholder: %(names)s. Use only %(known)s.")
                % {
                    "names": ", ".join("{" + name + "}" for name in unknown),
                    "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
                },
            )
        return data


STATUS_FILTER = [("", _("All")), *[(s.value, s.label) for s in Status if s != Status.DRAFT]]


class StatusFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER, required=False)
