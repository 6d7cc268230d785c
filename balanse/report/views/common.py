from django.http import Http404

from balanse.core.views_helpers import require_perm

PERM = "report.manage_report"


def check_year(year: int) -> int:
    if not 1990 <= year <= 2200:
        raise Http404
    return year


def require_operator(request, year: int | None = None) -> None:
    require_perm(request, PERM)
    if year is not None:
        check_year(year)
