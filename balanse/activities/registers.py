"""The `activities` register as a file (BACK-OFFICE.md "Import formats"): date, title, type, place, digital,
participants, streaming_audience, organisers (names separated by |; a name that matches a member links it),
public. Matched on date + title."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields
from import_export.widgets import Widget

from balanse.activities import services
from balanse.activities.models import Activity, ActivityType
from balanse.core.registers import Register, widgets
from balanse.core.registers.resources import RegisterResource, cell, of_year, text_cell


class TypeWidget(Widget):
    """An activity type by its name in files (`workshop`) or its label, case not mattering."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        for activity_type in ActivityType.objects.all():
            if text.lower() in (activity_type.name.lower(), activity_type.label.lower()):
                return activity_type
        names = ", ".join(ActivityType.objects.values_list("name", flat=True))
        raise ValueError(
            _("“%(value)s” is not an activity type. The types are: %(types)s.")
            % {"value": text, "types": names}
        )

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OrganisersWidget(widgets.TextWidget):
    def clean(self, value, row=None, **kwargs):
        return services.join_names(services.split_names(super().clean(value, row=row, **kwargs)))


class ActivityResource(RegisterResource):
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget())
    title = fields.Field(attribute="title", column_name="title", widget=widgets.TextWidget())
    type = fields.Field(attribute="type", column_name="type", widget=TypeWidget())
    place = fields.Field(attribute="place", column_name="place", widget=widgets.TextWidget())
    digital = fields.Field(attribute="digital", column_name="digital", widget=widgets.BooleanWidget())
    participants = fields.Field(
        attribute="participants", column_name="participants", widget=widgets.NumberWidget()
    )
    streaming_audience = fields.Field(
        attribute="streaming_audience", column_name="streaming_audience", widget=widgets.NumberWidget()
    )
    organisers = fields.Field(
        attribute="organiser_names", column_name="organisers", widget=OrganisersWidget()
    )
    public = fields.Field(attribute="public", column_name="public", widget=widgets.BooleanWidget())

    audit_action = "activity.imported"
    required = ("date", "title", "type")

    class Meta:
        model = Activity
        fields = (
            "date",
            "title",
            "type",
            "place",
            "digital",
            "participants",
            "streaming_audience",
            "organisers",
            "public",
        )

    def find(self, row):
        when = cell(widgets.DateWidget(), row, "date")
        title = text_cell(row, "title")
        return (
            Activity.objects.select_related("type").filter(date=when, title=title).first() if when else None
        )

    def check(self, instance, errors):
        problems = []
        if len(instance.title or "") > 200:
            problems.append(("title", _("Write the title in at most 200 characters.")))
        if len(instance.place or "") > 200:
            problems.append(("place", _("Write the place in at most 200 characters.")))
        if len(instance.organiser_names or "") > 1000:
            problems.append(("organiser_names", _("The organisers take at most 1000 characters.")))
        for attribute in ("participants", "streaming_audience"):
            value = getattr(instance, attribute)
            if attribute not in errors and value is not None and value < 0:
                problems.append((attribute, _("The number cannot be negative.")))
        if instance.date and not 1900 <= instance.date.year <= 2200 and "date" not in errors:
            problems.append(("date", _("The date is not in a year the register keeps.")))
        return problems

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.streaming_audience:
            instance.streamed = True
        if not instance.public:
            instance.registration = False

    def after_save_instance(self, instance, row, **kwargs):
        services.link_organisers(instance)
        services.absorb_linked(instance)
        super().after_save_instance(instance, row, **kwargs)


def activity_rows(year: int | None):
    return of_year(Activity.objects.select_related("type").order_by("date", "title", "pk"), year)


REGISTERS = [
    Register(
        kind="activities",
        label=gettext_lazy("Activities"),
        resource=ActivityResource,
        permission="activities.manage_activities",
        required=("date", "title", "type"),
        aliases={
            "dato": "date",
            "tittel": "title",
            "navn": "title",
            "type": "type",
            "sted": "place",
            "digitalt": "digital",
            "digital": "digital",
            "deltakere": "participants",
            "publikum": "participants",
            "strømming": "streaming_audience",
            "strømmepublikum": "streaming_audience",
            "arrangører": "organisers",
            "arrangør": "organisers",
            "arrangør/samarbeidspartner": "organisers",
            "samarbeidspartnere": "organisers",
            "åpent": "public",
            "offentlig": "public",
        },
        queryset=activity_rows,
        description=gettext_lazy("one row is an activity held on a date, matched on date and title."),
    ),
]
