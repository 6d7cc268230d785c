from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list)


@register.simple_tag
def risk_factor_fields(form, own_label: str):
    """The risk mapping's fields (`form.factor_groups`, then `new_title`), rendered by one template of the form
    renderer (workbook/jinja2/workbook/forms/risk_factors.html), each with core's field macro: the same markup
    as each field's as_field_group(), in one render. `own_label`: the translated "your own" of an own
    factor."""
    return form.render("workbook/forms/risk_factors.html", {"form": form, "own_label": own_label})


@register.filter
def label_of(bound_field) -> str:
    return bound_field.label


@register.filter
def who(user) -> str:
    """A person's name for "changed by" lines; "someone" for a deleted account or the system."""
    if user is None:
        return gettext("someone")
    return user.full_name or user.email
