"""The `communication` register as a file (BACK-OFFICE.md "Import formats"): date, type (`medieoppslag`,
`kronikk`, `politisk møte`, `høringsinnspill`), title, link. Matched on date + type + title."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from balanse.communication.models import Entry, EntryType
from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, of_year, text_cell


def _type_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for choice in EntryType:
        labels = [choice.value]
        for language in ("nb", "en"):
            with translation.override(language):
                labels.append(str(choice.label))
        names[choice.value] = labels
    names[EntryType.POLICY_MEETING].append("politisk innspillsmøte")
    names[EntryType.CONSULTATION].append("høringssvar")
    return names


class EntryResource(RegisterResource):
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget())
    type = fields.Field(attribute="type", column_name="type", widget=widgets.ChoiceWidget(_type_names()))
    title = fields.Field(attribute="title", column_name="title", widget=widgets.TextWidget())
    link = fields.Field(attribute="link", column_name="link", widget=widgets.TextWidget())

    audit_action = "communication.imported"
    required = ("date", "type", "title")

    class Meta:
        model = Entry
        fields = ("date", "type", "title", "link")

    def find(self, row):
        try:
            when = widgets.DateWidget().clean(row.get("date"))
            type_ = widgets.ChoiceWidget(_type_names()).clean(row.get("type"))
        except ValueError:
            return None
        title = text_cell(row, "title")
        return Entry.objects.filter(date=when, type=type_, title=title).first() if when else None

    def check(self, instance, errors):
        problems = []
        if len(instance.title or "") > 300:
            problems.append(("title", _("Write the title in at most 300 characters.")))
        if instance.link and "link" not in errors:
            try:
                URLValidator(schemes=["http", "https"])(instance.link)
            except ValidationError:
                problems.append(
                    ("link", _("“%(value)s” is not a web address (https://…).") % {"value": instance.link})
                )
            if len(instance.link) > 500:
                problems.append(("link", _("The link takes at most 500 characters.")))
        return problems


def entry_rows(year: int | None):
    return of_year(Entry.objects.order_by("date", "type", "title", "pk"), year)


REGISTERS = [
    Register(
        kind="communication",
        label=gettext_lazy("Communication"),
        resource=EntryResource,
        permission="communication.manage_communication",
        required=("date", "type", "title"),
        aliases={"dato": "date", "tittel": "title", "overskrift": "title", "lenke": "link", "url": "link"},
        queryset=entry_rows,
        description=gettext_lazy(
            "one row is a media story, op-ed, policy meeting or consultation response, matched on date, type "
            "and title."
        ),
    ),
]
