"""Who may do what in the communication register: the staff keep it."""

import rules

from balanse.core.rules import is_operator

rules.add_perm("communication.manage_communication", is_operator)
