"""Signals every app may listen to, and the small value types they carry.

Apps talk to each other through signals declared in the app that owns the event (`<app>/signals.py`);
receivers live in the listening app's `receivers.py`, connected once at start-up in its `AppConfig.ready()`.
A receiver returns data (a list of `MenuItem` or `Panel`, say); the sender collects the answers with
`collect()`. No receiver renders HTML for another app's page: a panel is a template name and a context that
the page's own template includes, so the page's context processors run once.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.dispatch import Signal

from balanse.core.links import path_of


@dataclass(frozen=True)
class MenuItem:
    """A link in the site's main menu. `public` items show for everyone, the others after log-in."""

    url: str
    label: str
    active: bool = False
    public: bool = False
    order: int = 50


@dataclass
class Panel:
    """A section another app contributes to a page: rendered with `{% panel %}` inside the page's context.

    `counts`: {name: queryset} for figures that are a number of rows; the page counts the querysets of all
    its panels in one query (`balanse.core.counts.count_panels`) and adds each number to its panel's context
    under its name. Better, a function of `count_values` (whole numbers, texts, dates, aware datetimes: the
    year, today) that returns them, building its querysets from those values alone (no hidden date of today,
    nothing that depends on the person): then the page's query is built and compiled once per process for
    the same panels (`balanse.core.compiled`), where a dict of querysets is compiled at every request."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    counts: dict | Callable[..., dict] = field(default_factory=dict)
    count_values: dict = field(default_factory=dict)


menu_items = Signal()
"""Sent by core's context processor while building the main menu of a page.

sender: None. Arguments: ``request``. A receiver returns a list of `MenuItem` (empty when the person has
nothing of the app's to see); public items are shown to everyone, the others only after log-in.
"""

operator_panels = Signal()
"""Sent by the operator overview (``core:dashboard``) for its sections.

sender: None. Arguments: ``request`` (an operator). A receiver returns a list of `Panel`.
"""

load_default_content = Signal()
"""Sent by ``manage.py load_content`` (and ``load_demo``) to load each app's default content.

sender: None. Arguments: ``stdout``. A receiver loads its app's content idempotently (production too: it
never overwrites the operator's edits) and returns the app's label. Each receiver runs in its own transaction.
"""

load_demo_data = Signal()
"""Sent by ``manage.py load_demo`` after the default content, in INSTALLED_APPS order.

sender: None. Arguments: ``stdout``. A receiver loads its app's demo data idempotently and returns a list of
log-in lines to print (or an empty list). Each receiver runs in its own transaction.
"""


registers_requested = Signal()
"""Sent when the back office's registers are listed (import/export pages, ``manage.py import_register``).

sender: None. No arguments. A receiver returns a list of `balanse.core.registers.Register` for its app.
"""


annual_figures_requested = Signal()
"""Sent by the annual report (and ``manage.py annual_figures``) for one year's figures (BACK-OFFICE.md).

sender: None. Arguments: ``year`` (int), and ``years`` (a tuple, ``year`` first: every year the sender asks
for in the same request, e.g. the report's year and the year before; it may be absent). A receiver returns a
dict of the sections it owns, keyed as in BACK-OFFICE.md's JSON (``{"members": {...}, "supporting_members":
{...}}``), with every key of those sections present (zeros and empty lists when the register holds nothing for
the year). Sections nobody answers are filled with zeros by the report. A receiver may read all of ``years``
in the same queries and keep the other years' answers for the request (`balanse.core.permissions.memo_deferred`),
so that the page's next send costs no query. With ``defer=True`` (the report sends it) a receiver may answer
with a `balanse.core.counts.Deferred` instead: its grouped querysets and how to make the dict from their rows;
the sender runs every receiver's querysets in one query (`balanse.core.counts.resolve`). Without it a receiver
answers with the dict.
"""

organisations_reached = Signal()
"""Sent when the members app counts the member organisations Balansekunst worked with in a year
(BACK-OFFICE.md "collaboration").

sender: None. Arguments: ``year`` (int). A receiver returns a list of ``(organisation_id, kind)`` pairs for the
organisations its register links to in that year: kind is ``"activity"`` (an organiser), ``"course"`` (a
certification course held), ``"grant"`` (an applicant of a grant of that year) or ``"contact"`` (a contact the
staff logged). ``years`` (optional) as for `annual_figures_requested`: the years asked for in the same request,
which a receiver may read together. ``defer`` (optional) as for `annual_figures_requested`: a receiver may answer
with a `balanse.core.counts.Deferred` building the list, run with the others' in one query.
"""

personal_data_requested = Signal()
"""Sent to build the register of personal data (the privacy page, retention, a person's data download).

sender: None. No arguments. A receiver returns a list of `balanse.core.privacy.PersonalData`, one for each
model of its app that holds personal data.
"""


def collect(signal: Signal, **kwargs) -> list:
    """Send `signal` and concatenate the lists its receivers return (None counts as an empty list)."""
    results: list = []
    for _receiver, response in signal.send(sender=None, **kwargs):
        if response:
            results.extend(response)
    return results


def staff_menu_item(
    request, perm: str, url: str, label: str, order: int, *, under: str = ""
) -> list[MenuItem]:
    """The usual back-office menu item, for a `menu_items` receiver: the page named `url` (`members:list`) for
    a person with `perm`, active on the pages of the url's app (below the path `under` when given)."""
    if not (request.user.is_authenticated and request.user.has_perm(perm)):
        return []
    match = request.resolver_match
    active = bool(match and match.app_name == url.split(":")[0] and request.path.startswith(under))
    return [MenuItem(url=path_of(url), label=label, active=active, order=order)]


def with_permission(perm: str):
    """Decorates a receiver of a request's signal (`operator_panels`, say): a person without `perm` gets []."""

    def decorate(function):
        @functools.wraps(function)
        def answer(sender, *, request, **kwargs):
            if not request.user.has_perm(perm):
                return []
            return function(sender, request=request, **kwargs)

        return answer

    return decorate


def answer_always(signal: Signal, value, *, dispatch_uid: str) -> None:
    """Connect a receiver that answers `signal` with `value` every time (an app's registers, say)."""

    def answer(sender, **kwargs):
        return value

    signal.connect(answer, weak=False, dispatch_uid=dispatch_uid)


def answer_with_demo(load: Callable, *, dispatch_uid: str) -> None:
    """Connect an app's `load(stdout)` to `load_demo_data`; its answer is the log-in lines it returns, if any."""

    def answer(sender, *, stdout, **kwargs) -> list[str]:
        return load(stdout) or []

    load_demo_data.connect(answer, weak=False, dispatch_uid=dispatch_uid)


def first_answer(signal: Signal, **kwargs):
    """Send `signal` and return the first answer that is not None (receivers in INSTALLED_APPS order)."""
    for _receiver, response in signal.send(sender=None, **kwargs):
        if response is not None:
            return response
    return None


@dataclass(frozen=True)
class DeletionNote:
    """What deleting a person's account means in one app; `blocking` notes stop the deletion."""

    text: str
    blocking: bool = False


account_deletion_requested = Signal()
"""Sent before a person's account is deleted (their own "delete my account", or the operator's erasure).

sender: None. Arguments: ``user``. A receiver returns a list of `DeletionNote`: the consequences in its app
("you leave 2 organisations"), and a blocking note when the account may not be deleted yet ("you are the
last administrator of X: hand over first"). Receivers must not change anything.
"""
