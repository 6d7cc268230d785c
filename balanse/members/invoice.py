"""The fee invoice as a tagged PDF (PDF/UA-1): Balansekunst's name, org number and bank account from settings."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from balanse.members.models import Fee, FeeTier

STYLESHEET = Path(__file__).resolve().parent / "invoice.css"


def _account_display(account: str) -> str:
    digits = "".join(c for c in account if c.isdigit())
    return f"{digits[:4]}.{digits[4:6]}.{digits[6:]}" if len(digits) == 11 else account


def invoice_filename(fee: Fee) -> str:
    return f"faktura-kontingent-{fee.year}-{fee.kid}.pdf"


def invoice_pdf(fee: Fee) -> bytes:
    from balanse.core.pdf import html_to_pdf

    tier = FeeTier.objects.filter(year=fee.year, amount=fee.tier).first()
    org_number = settings.BALANSEKUNST_ORG_NUMBER
    html = render_to_string(
        "members/invoice_pdf.html",
        {
            "fee": fee,
            "organisation": fee.member.organisation,
            "member": fee.member,
            "tier": tier,
            "invoice_date": timezone.localtime(fee.claimed_at).date()
            if fee.claimed_at
            else timezone.localdate(),
            "sender": settings.BALANSEKUNST_NAME,
            "sender_org_number": f"{org_number[:3]} {org_number[3:6]} {org_number[6:]}"
            if len(org_number) == 9
            else org_number,
            "sender_address": settings.BALANSEKUNST_ADDRESS,
            "account": _account_display(settings.BALANSEKUNST_BANK_ACCOUNT),
            "LANGUAGE_CODE": get_language() or "nb",
        },
    )
    return html_to_pdf(html, stylesheets=[STYLESHEET])
