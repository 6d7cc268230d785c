"""Test helpers for signals."""

from contextlib import contextmanager


@contextmanager
def sole_receiver(signal, receiver):
    """Within the block, `receiver` is the only receiver of `signal` (the apps' own ones are set aside)."""
    saved = signal.receivers
    signal.receivers = []
    signal.sender_receivers_cache.clear()
    signal.connect(receiver, weak=False)
    try:
        yield
    finally:
        signal.receivers = saved
        signal.sender_receivers_cache.clear()
