"""The security keys' library (fido2, through allauth's WebAuthn) reads a data class's type hints with
`typing.get_type_hints` each time it makes one of its options' objects: fifteen of them for the page that adds a
security key, each hint compiled again, a sixth of that page's time (issue 19). A class's hints do not change
once it is defined, so here they are read once per class. Only fido2's own name for the function is replaced,
and only while it is still `typing`'s (a later fido2 that does it another way is left alone)."""

import functools
import typing


@functools.cache
def _class_hints(cls: type) -> dict:
    return typing.get_type_hints(cls)


def hints_read_once(obj, globalns=None, localns=None, include_extras=False) -> dict:
    """`typing.get_type_hints`, answered from the first reading for a class asked without namespaces."""
    if isinstance(obj, type) and globalns is None and localns is None and not include_extras:
        return dict(_class_hints(obj))
    return typing.get_type_hints(obj, globalns, localns, include_extras)


def read_type_hints_once() -> bool:
    """Make fido2 read each class's hints once; True when it does."""
    try:
        from fido2 import utils
    except ImportError:  # no security keys in this installation
        return False
    if utils.get_type_hints is typing.get_type_hints:
        utils.get_type_hints = hints_read_once
    return utils.get_type_hints is hints_read_once
