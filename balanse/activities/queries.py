"""Reads of the activity register that other pages and apps reuse: the operator's list and the year's figures."""

from django.db.models import Count, Q, Sum

from balanse.activities.models import Activity, ActivityType, CourseLink, SupplementaryEntry


def activity_list(
    *,
    year: int | None = None,
    type: ActivityType | None = None,
    place: str = "",
    digital: str = "",
    organiser: str = "",
    q: str = "",
):
    """The activities the operator's filters select, with what the list shows fetched in a fixed number of
    queries (type in the join, member organisers prefetched)."""
    activities = (
        Activity.objects.select_related("type").prefetch_related("organisers").order_by("-date", "title")
    )
    if year:
        activities = activities.of_year(year)
    if type is not None:
        activities = activities.filter(type=type)
    if place:
        activities = activities.filter(place__iexact=place)
    if digital == "yes":
        activities = activities.filter(digital=True)
    elif digital == "no":
        activities = activities.filter(digital=False)
    if organiser:
        activities = activities.filter(organiser_names__icontains=organiser)
    if q:
        activities = activities.filter(
            Q(title__icontains=q) | Q(topics__icontains=q) | Q(description__icontains=q)
        )
    return activities


def places(year: int | None = None) -> list[str]:
    activities = Activity.objects.exclude(place="")
    if year:
        activities = activities.of_year(year)
    return sorted(set(activities.values_list("place", flat=True)))


def annual_figures(year: int) -> dict:
    """BACK-OFFICE.md's `activities` section, plus the share held digitally and what came from supplements."""
    activities = Activity.objects.of_year(year)
    rows = activities.aggregate(
        total=Count("pk"),
        digital=Count("pk", filter=Q(digital=True)),
        participants=Sum("participants"),
        streaming=Sum("streaming_audience"),
    )
    supplements = SupplementaryEntry.objects.filter(year=year)
    extra = supplements.aggregate(
        count=Sum("count"), participants=Sum("participants"), streaming=Sum("streaming_audience")
    )
    by_type: dict[str, int] = {}
    for name, count in (
        activities.values_list("type__name").annotate(n=Count("pk")).order_by("type__order", "type__name")
    ):
        by_type[name] = by_type.get(name, 0) + count
    for name, count in supplements.values_list("type__name").annotate(n=Sum("count")).order_by("type__name"):
        by_type[name] = by_type.get(name, 0) + count
    participants = (rows["participants"] or 0) + (extra["participants"] or 0)
    streaming = (rows["streaming"] or 0) + (extra["streaming"] or 0)
    total = rows["total"] + (extra["count"] or 0)
    places = sorted(set(activities.filter(digital=False).exclude(place="").values_list("place", flat=True)))
    return {
        "activities": {
            "total": total,
            "by_type": by_type,
            "audience_incl_streaming": participants + streaming,
            "audience_excl_streaming": participants,
            "places": places,
            "digital": rows["digital"],
            "digital_share_percent": round(rows["digital"] * 100 / rows["total"], 1)
            if rows["total"]
            else 0.0,
            "supplementary": {
                "count": extra["count"] or 0,
                "participants": extra["participants"] or 0,
                "streaming_audience": extra["streaming"] or 0,
            },
        }
    }


def organisers_reached(year: int) -> list[tuple[int, str]]:
    """The member organisations Balansekunst worked with in `year` through this register: organisers of an
    activity ("activity"), and organisations whose certification course held is an activity ("course")."""
    ids = (
        Activity.organisers.through.objects.filter(activity__date__year=year)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    courses = (
        CourseLink.objects.filter(activity__date__year=year)
        .values_list("course__certification__organisation_id", flat=True)
        .distinct()
    )
    return [(organisation_id, "activity") for organisation_id in ids] + [
        (organisation_id, "course") for organisation_id in courses
    ]
