from django import forms
from django.utils.translation import gettext_lazy as _

from balanse.core.forms_rendering import StyledFormMixin
from balanse.workbook.sections import RULE_LIMIT


class AddRuleForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Rule"),
        max_length=RULE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write the rule."),
            "max_length": _("A rule can be at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )
    factors = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, factor_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factors"].choices = [(key, key) for key in factor_keys]
        self.fields["text"].widget.attrs.pop("maxlength", None)
