"""Apps plug into `load_content` and `load_demo` by having a module `content.py` / `demo.py`.

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
