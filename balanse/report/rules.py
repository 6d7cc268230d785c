"""Who may do what: the staff (operators) keep the board, finance, survey and report; everyone may read a
published report."""

import rules

from balanse.core.rules import is_operator

rules.add_perm("report.manage_report", is_operator)
