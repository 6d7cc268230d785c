"""Tiny helpers that read settings from the environment, and stop start-up on a value they cannot read.

A misspelt value (``DEBUG=ture``, ``DATABASE_POOL_MAX_SIZE=abc``) raises `ImproperlyConfigured` with the
variable's name, so the site never starts on a silent default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None or value.strip() == "" else value.strip()


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_rate(name: str, default: str) -> str:
    """A rate limit written ``count/seconds`` (``60/60``: sixty in a minute)."""
    value = _raw(name) or default
    count, _, seconds = value.partition("/")
    if not (
        count.isascii() and count.isdigit() and seconds.isascii() and seconds.isdigit() and int(seconds) > 0
    ):
        raise ImproperlyConfigured(f"{name} must be written count/seconds, such as 60/60, not {value!r}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def refuse(name: str, reason: str) -> None:
    """Stop start-up when a variable that no longer works is set."""
    if _raw(name) is not None:
        raise ImproperlyConfigured(f"{name} is not supported: {reason}")
