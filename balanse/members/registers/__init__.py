"""The `members`, `fees` and `supporting_members` registers as files (BACK-OFFICE.md "Import formats").

Core's register framework reads the file, previews and confirms; these resources say what a row means: how it
is matched to what is stored, what makes it wrong (in Norwegian, beside the row number), and how it is written
so that export → import changes nothing. One module per register; cells.py holds what they share.
"""

from balanse.members.registers import fees, members, supporting
from balanse.members.registers.cells import OrgNumberWidget

REGISTERS = [members.REGISTER, fees.REGISTER, supporting.REGISTER]

__all__ = ["REGISTERS", "OrgNumberWidget"]
