"""The workbook's pages: its overview and sections (sections.py), and the plan it produces with its shared
links (plan.py)."""
