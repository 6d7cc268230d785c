import rules

from balanse.core.rules import is_operator

rules.add_perm("advice.view_contacts", rules.always_allow)
rules.add_perm("advice.change_contacts", is_operator)
