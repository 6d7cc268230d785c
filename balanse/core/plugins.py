"""Apps plug into the platform through small modules, found by name in each balanse app.

`hooks.py` may define any of:
  nav_items(request) -> list[dict(url=..., label=..., active=bool)]   links in the main menu
  organisation_panels(request, organisation) -> list[str]              HTML sections on an organisation's page
  operator_panels(request) -> list[str]                                HTML sections on the operator overview
  public_nav_items(request) -> list[dict]                              public links in the main menu

Apps also plug into `load_content` and `load_demo` by having a module `content.py` / `demo.py`.

`content.load_default_content(stdout)` loads the app's default content idempotently (production too).
`demo.load_demo(stdout) -> list[str]` loads demo data idempotently and returns log-in lines to print.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def app_modules(name: str):
    for config in apps.get_app_configs():
        if not config.name.startswith("balanse."):
            continue
        dotted = f"{config.name}.{name}"
        if find_spec(dotted) is not None:
            yield config, import_module(dotted)


def collect(hook: str, *args) -> list:
    """Call `hook` in every app's hooks.py that defines it, in INSTALLED_APPS order; concatenate results."""
    results: list = []
    for _config, module in app_modules("hooks"):
        function = getattr(module, hook, None)
        if function is not None:
            results.extend(function(*args) or [])
    return results
