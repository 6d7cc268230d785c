"""The organisation's plan, made from its workbook: one structure rendered as HTML, PDF and Word."""

import io
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from balanse.advice.models import AdviceContact
from balanse.core.pdf import html_to_pdf
from balanse.workbook import queries
from balanse.workbook.models import SectionKey, Workbook

PDF_CSS = Path(__file__).resolve().parent / "pdf" / "plan.css"
PLAN_SECTIONS = [
    SectionKey.RULES,
    SectionKey.ROUTINES,
    SectionKey.CONSEQUENCES,
    SectionKey.RESPONSIBILITY,
    SectionKey.CONTRACT_CLAUSE,
    SectionKey.CONVERSATIONS,
]


@dataclass
class PlanPart:
    key: str
    title: str
    items: list[tuple[str, str | list[str]]]


def build(workbook: Workbook) -> dict:
    handlers = queries.section_objects(workbook)
    parts = []
    for key in PLAN_SECTIONS:
        handler = handlers[key]
        items = handler.plan_lines() if hasattr(handler, "plan_lines") else handler.lines()
        parts.append(PlanPart(key, str(SectionKey(key).label), items))
    return {
        "workbook": workbook,
        "organisation": workbook.organisation,
        "parts": parts,
        "contacts": handlers[SectionKey.ROUTINES].contacts(),
        "advice": list(AdviceContact.objects.all()),
        "clause": handlers[SectionKey.CONTRACT_CLAUSE].data.get("text", ""),
    }


def title_for(workbook: Workbook) -> str:
    return _("Plan for a safe workplace – %(organisation)s") % {"organisation": workbook.organisation.name}


def pdf(workbook: Workbook, request=None) -> bytes:
    context = build(workbook) | {"title": title_for(workbook)}
    html = render_to_string("workbook/plan_pdf.html", context, request=request)
    return html_to_pdf(html, stylesheets=[PDF_CSS])


def docx(workbook: Workbook) -> bytes:
    from docx import Document  # python-docx is loaded only when a Word file is asked for

    context = build(workbook)
    document = Document()
    document.core_properties.title = title_for(workbook)
    document.core_properties.language = "nb-NO"
    document.add_heading(title_for(workbook), level=0)
    for part in context["parts"]:
        document.add_heading(part.title, level=1)
        if not part.items:
            document.add_paragraph(_("Not filled in yet."))
        for label, value in part.items:
            document.add_heading(label, level=2)
            if isinstance(value, list):
                for entry in value:
                    document.add_paragraph(entry, style="List Bullet")
            else:
                for paragraph in value.split("\n"):
                    if paragraph.strip():
                        document.add_paragraph(paragraph.strip())
    document.add_heading(_("Where to seek advice"), level=1)
    for contact in context["advice"]:
        document.add_heading(contact.display_name, level=2)
        details = [
            contact.display_description,
            contact.phone,
            contact.email,
            contact.website,
            contact.display_opening_hours,
        ]
        for detail in details:
            if detail:
                document.add_paragraph(detail)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
