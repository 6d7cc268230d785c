"""Small helpers that views share."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from balanse.core import compiled


def get_object_with_perm(request, model_or_qs, perm: str, **lookup):
    """Fetch an object and check a permission on it in one step (404 if there is none, 403 if not allowed). A
    model's row found by one column (`pk=`, `slug=`: every detail page) is read by SQL compiled once per process
    (`balanse.core.compiled`); a queryset or several lookups through the ORM."""
    if isinstance(model_or_qs, type) and len(lookup) == 1:
        ((column, value),) = lookup.items()
        if type(value) in (int, str):
            model = model_or_qs
            found = compiled.instance(
                ("get_object_with_perm", model._meta.label, column),
                model,
                lambda value: model._default_manager.filter(**{column: value}),
                value=value,
            )
            return with_perm(request, found, perm)
    return with_perm(request, get_object_or_404(model_or_qs, **lookup), perm)


def with_perm(request, obj, perm: str):
    """`obj`, found by the page's own read (one compiled once, say), when the person may `perm` it: 404 when
    there is none, 403 when not allowed (as `get_object_with_perm`)."""
    if obj is None:
        raise Http404
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
    return obj


def require_perm(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


# A key no row has (the largest a 32-bit key can be): reversed in its place, then found and replaced.
_STAND_IN = 2147483647


def row_link(name: str, key: str = "pk", query: str = "", **kwargs):
    """`link(row_key)` → the address named `name` for one row of a list (`key`: the URL's argument for the row,
    which must come after the others in the address; `kwargs`: the others, e.g. the deck's), then `query`
    (e.g. "?ar=2026"). Reversed once for a page of rows rather than once a row; the same text as `reverse`."""
    head, found, tail = reverse(name, kwargs={**kwargs, key: _STAND_IN}).rpartition(str(_STAND_IN))
    if not found:
        raise ValueError(f"{name}: the row's key does not appear in its address")
    return lambda row_key: f"{head}{row_key}{tail}{query}"


def tag(color: str, text: str) -> str:
    """A small tag (`ds-tag`, data-size sm) of `color` holding `text` (escaped), as a row written in Python shows
    one: "new", "left", "closed", "cancelled"."""
    return f'<span class="ds-tag" data-color="{color}" data-size="sm">{escape(text)}</span>'


class Counted:
    """A list already counted (its figures have the number) for `paginate`: only the page's rows are read,
    and the pager does not count them again."""

    def __init__(self, rows, count: int):
        self.rows, self.count_ = rows, count

    def __len__(self) -> int:
        return self.count_

    def __getitem__(self, index):
        return list(self.rows[index])


class Paged:
    """A long list `paginate` reads only a page of: a subclass counts it (`count`) and reads the rows of a
    slice (`rows`); one item is read as a slice of one."""

    def count(self) -> int:
        raise NotImplementedError

    def rows(self, index: slice) -> list:
        raise NotImplementedError

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.rows(slice(index, index + 1))[0]
        return self.rows(index)


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


PAGE_PARAM = "side"  # the query parameter `paginate` reads the page number from


def paginate(request, items, per_page: int) -> dict:
    """The page of `items` the `side` parameter asks for, for a list that `core/_pagination.html` pages
    through: `page`, `total` (all items) and `query` (the other parameters, kept in the page links)."""
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return {"page": page, "total": page.paginator.count, "query": query.urlencode()}
