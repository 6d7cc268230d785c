"""What the `members`, `fees` and `supporting_members` registers share: their cell formats (the resource base
is core's `balanse.core.registers.resources.RegisterResource`)."""

import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export.widgets import Widget

from balanse.core.registers import widgets
from balanse.members import services
from balanse.members.models import REPORT_FIELD_LABELS, Member
from balanse.organisations.models import ArtField, ArtFieldCode

ERASED = re.compile(r"^\(slettet #(\d+)\)$")


# Cell formats of these registers


class OrgNumberWidget(Widget):
    """An organisation number as people type it; checked (MOD11) as the organisations app checks it."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return services.clean_org_number(str(value if value is not None else ""))
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ArtFieldWidget(Widget):
    """A field by the annual report's label (“Musikk”), the site's name for it in Norwegian or English, or its
    code. Written as the report's label."""

    def __init__(self):
        super().__init__()
        self.names: dict[str, str] = {}
        for code in ArtFieldCode:
            names = [REPORT_FIELD_LABELS[code], code.value, str(code.label)]
            for language in ("nb", "en"):
                with translation.override(language):
                    names.append(str(code.label))
            for name in names:
                self.names[name.lower()] = code.value
        self._fields: dict[str, ArtField] | None = None

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        code = self.names.get(text.lower())
        if code is None:
            raise ValueError(
                _("“%(value)s” is not a field. The fields are: %(fields)s.")
                % {"value": text, "fields": ", ".join(REPORT_FIELD_LABELS.values())}
            )
        if self._fields is None:
            self._fields = {f.code: f for f in ArtField.objects.all()}
        return self._fields[code]

    def render(self, value, obj=None, **kwargs):
        return REPORT_FIELD_LABELS.get(value.code, "") if value else ""


class MemberRefWidget(Widget):
    """A member organisation by its organisation number or its exact name. Written as the number if it has one."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        digits = re.sub(r"[\s.\-]", "", text)
        members = Member.objects.select_related("organisation")
        found = None
        if digits.isdigit() and len(digits) == 9:
            found = members.filter(organisation__org_number=digits).first()
        found = found or members.filter(organisation__name=text).first()
        if found is None:
            raise ValueError(
                _("No member has the organisation number or the name “%(value)s”.") % {"value": text}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.organisation.org_number or value.organisation.name


class PaidWidget(widgets.AmountWidget):
    """Paid in whole kroner; empty means nothing paid (written empty)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row=row, **kwargs) or 0

    def render(self, value, obj=None, **kwargs):
        return "" if not value else str(int(value))


class EmailWidget(widgets.TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row=row, **kwargs).lower()
