"""The staff's Markdown, rendered safely: headings start at level 3 (the section is level 2)."""

import re

import markdown as md
import nh3

_HEADING = re.compile(r"<(/?)h([1-6])\b")


def render_markdown(text: str) -> str:
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{max(3, min(6, int(m.group(2)) + 2))}", html)
    return nh3.clean(html, link_rel="noopener noreferrer")
