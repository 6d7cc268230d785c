"""Who may do what in Balansepotten: the staff run it; applicants act through their e-mailed links."""

import rules

from balanse.core.rules import is_operator

rules.add_perm("grants.manage_grants", is_operator)
