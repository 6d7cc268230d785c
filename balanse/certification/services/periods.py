"""The dates and numbers of a mark: one-year periods that tile exactly, and certificate numbers."""

from datetime import date, timedelta

from balanse.certification.models import Certification


def anniversary(day: date) -> date:
    """The same date a year later; for 29 February, 1 March (the day after 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


def period_end(valid_from: date) -> date:
    """The last day of a one-year period: the day before the anniversary, so that a renewal starting the
    day after begins on the anniversary and the periods tile exactly (10 June 2020 – 9 June 2021, then
    10 June 2021 – 9 June 2022)."""
    return anniversary(valid_from) - timedelta(days=1)


def next_certificate_number(on: date) -> str:
    """The number the next mark awarded on `on` gets (BM-<year>-<nnn>)."""
    prefix = f"BM-{on.year}-"
    taken = Certification.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    highest = max((int(n.removeprefix(prefix)) for n in taken if n.removeprefix(prefix).isdigit()), default=0)
    return f"{prefix}{highest + 1:03d}"
