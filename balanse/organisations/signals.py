"""Signals the organisations app sends. See balanse/core/signals.py for how apps use signals."""

from django.dispatch import Signal

organisation_panels = Signal()
"""Sent by an organisation's page (``organisations:detail``) for the sections other apps add to it.

sender: None. Arguments: ``request``, ``organisation``. A receiver checks the person's permission itself and
returns a list of `balanse.core.signals.Panel` (empty when there is nothing to show to this person).
"""

landing_requested = Signal()
"""Sent by ``organisations:mine`` (where people land after logging in) for a person who belongs to no
organisation: a learner in a course, say.

sender: None. Arguments: ``user``. A receiver returns the path to send the person to, or None. The first
answer that is not None wins; with none, the page says what the person can do.
"""
