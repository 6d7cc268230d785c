"""A server process moves what it loaded at start-up out of the garbage collector's reach (balanse/core/process.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SHOW = """
import gc
before = gc.get_freeze_count()
import balanse.{module}
print(before, gc.get_freeze_count(), len(gc.get_objects()))
"""


def frozen_after_loading(module: str) -> tuple[int, int, int]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "balanse.settings"}
    out = subprocess.run(
        [sys.executable, "-c", SHOW.format(module=module)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    return tuple(int(n) for n in out[-3:])


def test_the_asgi_and_wsgi_applications_freeze_what_they_loaded():
    for module in ("asgi", "wsgi"):
        before, frozen, tracked = frozen_after_loading(module)
        assert frozen - before > 50_000, (module, before, frozen)  # Django and every app's modules
        assert tracked < frozen / 10, (module, tracked)  # what the collector still walks
