from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def field(form, name):
    """The bound field `name` of a form: {{ form|field:"rule_0_text" }}."""
    return form[name]


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list)


@register.filter
def attr_group(bound_field):
    """A bound field rendered with the shared field template (label, help, errors)."""
    return bound_field.as_field_group()


@register.filter
def label_of(bound_field) -> str:
    return bound_field.label


@register.filter
def who(user) -> str:
    """A person's name for "changed by" lines; "someone" for a deleted account or the system."""
    if user is None:
        return gettext("someone")
    return user.full_name or user.email
