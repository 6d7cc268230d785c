"""Signals the organisations app sends. See balanse/core/signals.py for how apps use signals."""

from django.dispatch import Signal

organisation_panels = Signal()
"""Sent by an organisation's page (``organisations:detail``) for the sections other apps add to it.

sender: None. Arguments: ``request``, ``organisation``. A receiver checks the person's permission itself and
returns a list of `balanse.core.signals.Panel` (empty when there is nothing to show to this person).
"""
