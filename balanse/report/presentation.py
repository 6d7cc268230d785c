"""From the report's content (plain data, live or the published snapshot) to what the page and the PDF show:
labels in the reader's language, the comparison with the year before, the charts with their tables."""

from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balanse.report.charts import bar_svg, data_uri
from balanse.report.models import Body, Gender, Role, Section

NB = "nb"


def _lang() -> str:
    return "en" if (get_language() or NB).startswith("en") else NB


def _get(figures: dict | None, dotted: str):
    value = figures
    for key in dotted.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def key_figures(content: dict) -> list[dict]:
    """The key figures in the 2020 report's order, each with the year before where that year has data."""
    rows = [
        ("activities.total", _("Public activities")),
        ("activities.audience_incl_streaming", _("Audience including streaming")),
        ("activities.audience_excl_streaming", _("Audience excluding streaming")),
        ("members.total", _("Member organisations")),
        ("members.new", _("New member organisations")),
        ("members.paid_share_percent", _("Members who paid the fee (%)")),
        ("supporting_members.total", _("Supporting members")),
        ("supporting_members.new", _("New supporting members")),
        ("collaboration.share_percent", _("Members Balansekunst worked with (%)")),
        ("certification.certified", _("Organisations awarded Balansemerket")),
        ("balansepotten.granted_total", _("Granted from Balansepotten (kr)")),
        ("advisory.inquiries", _("Inquiries to the advisory line")),
        ("communication.media_mentions", _("Media mentions")),
        ("board_and_staff.staff_fte", _("Full-time equivalents")),
        ("board_and_staff.sick_leave_percent", _("Sick leave (%)")),
        ("finance.income_total", _("Operating income (kr)")),
        ("finance.result", _("Result (kr)")),
    ]
    result = []
    before = content.get("previous") or {}
    for dotted, label in rows:
        section = before.get(dotted.split(".")[0]) or {}
        has_data = any(value not in (0, 0.0, None, "", [], {}) for value in section.values())
        previous = _get(before, dotted) if has_data else None
        result.append(
            {"key": dotted, "label": label, "value": _get(content["figures"], dotted), "previous": previous}
        )
    return result


def charts(content: dict) -> dict[str, dict]:
    """Each chart: title, the text alternative, the SVG as a data address, and its table's rows."""
    figures = content["figures"]
    specs = {
        "activities": (
            _("Activities by type"),
            [(label, n) for label, n in figures["activities"]["by_type"].items() if n],
        ),
        "members": (
            _("Member organisations by field"),
            [(label, n) for label, n in figures["members"]["by_field"].items() if n],
        ),
        "audience": (
            _("Audience"),
            [
                (_("Excluding streaming"), figures["activities"]["audience_excl_streaming"]),
                (_("Including streaming"), figures["activities"]["audience_incl_streaming"]),
            ],
        ),
        "income": (_("Operating income by line (kr)"), list(figures["finance"]["income_by_line"].items())),
    }
    result = {}
    for key, (title, items) in specs.items():
        if not any(value for _label, value in items):
            continue
        items = sorted(items, key=lambda item: -item[1]) if key != "audience" else items
        alt = _("%(title)s, %(year)s: ") % {"title": title, "year": content["year"]} + "; ".join(
            f"{label} {value:,}".replace(",", "\u00a0") for label, value in items
        )
        result[key] = {"title": title, "alt": alt, "src": data_uri(bar_svg(items, title)), "rows": items}
    return result


def bodies(content: dict) -> list[dict]:
    result = []
    for body in content["bodies"]:
        people = [
            {
                "name": person["name"],
                "role": str(Role(person["role"]).label),
                "elected_at": date.fromisoformat(person["elected_at"]) if person["elected_at"] else None,
                "fte": person["fte"],
            }
            for person in body["people"]
        ]
        result.append({"body": body["body"], "label": str(Body(body["body"]).label), "people": people})
    return result


def gender_balance(content: dict) -> tuple[list[str], list[dict]]:
    labels = [str(g.label) for g in Gender] + [_("Not stated")]
    rows = []
    for row in content["gender_balance"]:
        total = row["total"]
        rows.append(
            {
                "label": str(Body(row["body"]).label),
                "total": total,
                "cells": [
                    {"count": count, "percent": round(count * 100 / total) if total else 0}
                    for count in row["cells"]
                ],
            }
        )
    return labels, rows


def survey(content: dict) -> dict | None:
    data = content.get("survey")
    if not data:
        return None
    language = _lang()
    questions = []
    for question in data["questions"]:
        questions.append(
            {
                "text": question[f"text_{language}"],
                "n": question["n"],
                "mean": question["mean"],
                "kind": question["kind"],
                "rows": [dict(row, label=row[f"label_{language}"]) for row in question["rows"]],
            }
        )
    return dict(data, questions=questions)


def section_texts(content: dict) -> dict[str, str]:
    language = _lang()
    return {section: texts.get(language) or texts.get(NB, "") for section, texts in content["texts"].items()}


def figures_context(content: dict) -> dict:
    """What the operator's editing page shows of the content (`page_context` has it too): the key figures with
    the year before."""
    return {
        "year": content["year"],
        "previous_year": content["year"] - 1 if content.get("previous") else None,
        "key_figures": key_figures(content),
    }


def page_context(content: dict) -> dict:
    labels, balance = gender_balance(content)
    return {
        "content": content,
        "year": content["year"],
        "figures": content["figures"],
        "previous_year": content["year"] - 1 if content.get("previous") else None,
        "key_figures": key_figures(content),
        "charts": charts(content),
        "bodies": bodies(content),
        "gender_labels": labels,
        "gender_balance": balance,
        "survey": survey(content),
        "texts": section_texts(content),
        "sections": [(s.value, str(s.label)) for s in Section],
        "finance_lines": content["finance_lines"],
    }
