"""Small helpers that views share."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404


def get_object_with_perm(request, model_or_qs, perm: str, **lookup):
    """Fetch an object and check a permission on it in one step (403 if not allowed)."""
    obj = get_object_or_404(model_or_qs, **lookup)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def require_perm(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


class RowsInOrder:
    """A long list known by its keys, in order, whose rows are read only for the part asked for: give it to
    `paginate` and only the page's rows are read (`load(keys) -> {key: row}`, one query for the page), however
    long the list. For a list sorted in Python (Norwegian order) that would otherwise read every row in full."""

    def __init__(self, keys: list, load):
        self.keys, self.load = keys, load

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            key = self.keys[index]  # IndexError as from a list
            return self.load([key])[key]
        keys = self.keys[index]
        found = self.load(keys) if keys else {}
        return [found[key] for key in keys if key in found]  # a row gone since the keys were read is left out


def paginate(request, items, per_page: int) -> dict:
    """The page of `items` the `side` parameter asks for, for a list that `core/_pagination.html` pages
    through: `page`, `total` (all items) and `query` (the other parameters, kept in the page links)."""
    page = Paginator(items, per_page).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return {"page": page, "total": page.paginator.count, "query": query.urlencode()}
