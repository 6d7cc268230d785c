"""Who may do what in the activity register: the staff keep it; anyone sees the public calendar."""

import rules

from balanse.core.rules import is_operator

rules.add_perm("activities.manage_activities", is_operator)
