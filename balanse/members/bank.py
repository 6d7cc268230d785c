"""Reading the bank's statement: ISO 20022 camt.053 XML (what Norwegian banks export) or a plain CSV with the
columns date, amount and KID. Both give `BankEntry`s; nothing here touches the database.

Every entry carries a `reference` that is the same each time the same file is read (the bank's own reference
when the file has one), so importing a statement twice registers each payment once.
"""

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from balanse.members.kid import normalise_kid

MAX_ENTRIES = 20_000


class StatementError(Exception):
    """The file cannot be read as a bank statement; the message says why, in the user's language."""


@dataclass(frozen=True)
class BankEntry:
    reference: str
    booked_on: date
    amount: Decimal
    currency: str = "NOK"
    kid: str = ""
    payer: str = ""
    message: str = ""


def read_statement(content: bytes, filename: str = "") -> list[BankEntry]:
    """The incoming payments in a camt.053 (XML) or CSV file. Outgoing and unbooked entries are left out."""
    if not content.strip():
        raise StatementError(_("The file is empty."))
    if filename.lower().endswith(".xml") or content.lstrip()[:1] == b"<":
        return parse_camt053(content)
    return parse_csv(content)


# camt.053


def _strip_namespaces(root) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]


def _text(element, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None and found.text else ""


def _amount(element, path: str) -> tuple[Decimal | None, str]:
    found = element.find(path) if element is not None else None
    if found is None or not (found.text or "").strip():
        return None, ""
    try:
        return Decimal(found.text.strip()), found.get("Ccy", "")
    except InvalidOperation as exc:
        raise StatementError(
            _("The amount “%(value)s” in the bank statement cannot be read.") % {"value": found.text}
        ) from exc


def _date(entry) -> date:
    for path in ("BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm"):
        text = _text(entry, path)
        if text:
            try:
                return date.fromisoformat(text[:10])
            except ValueError as exc:
                raise StatementError(
                    _("The date “%(value)s” in the bank statement cannot be read.") % {"value": text}
                ) from exc
    raise StatementError(_("An entry in the bank statement has no booking date."))


def _fingerprint(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


def parse_camt053(content: bytes) -> list[BankEntry]:
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise StatementError(
            _("The file cannot be read as XML. Export the statement from the bank as camt.053 again.")
        ) from exc
    _strip_namespaces(root)
    statements = list(root.iter("Stmt"))
    if not statements or (root.tag != "BkToCstmrStmt" and root.find(".//BkToCstmrStmt") is None):
        raise StatementError(_("The file is XML, but not a camt.053 bank statement (BkToCstmrStmt)."))
    entries: list[BankEntry] = []
    for s_index, statement in enumerate(statements):
        statement_id = _text(statement, "Id") or str(s_index)
        for e_index, entry in enumerate(statement.findall("Ntry")):
            status = _text(entry, "Sts/Cd") or _text(entry, "Sts")
            if _text(entry, "CdtDbtInd") != "CRDT" or (status and status != "BOOK"):
                continue
            booked_on = _date(entry)
            entry_amount, entry_currency = _amount(entry, "Amt")
            entry_ref = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
            transactions = entry.findall("NtryDtls/TxDtls") or [None]
            for t_index, tx in enumerate(transactions):
                amount, currency = None, ""
                for path in ("AmtDtls/TxAmt/Amt", "Amt", "AmtDtls/InstdAmt/Amt"):
                    amount, currency = _amount(tx, path)
                    if amount is not None:
                        break
                if amount is None and len(transactions) == 1:
                    amount, currency = entry_amount, entry_currency
                if amount is None:
                    continue
                kid = normalise_kid(_text(tx, "RmtInf/Strd/CdtrRefInf/Ref"))
                payer = _text(tx, "RltdPties/Dbtr/Nm") or _text(tx, "RltdPties/Dbtr/Pty/Nm")
                message = " ".join(
                    (e.text or "").strip() for e in (tx.findall("RmtInf/Ustrd") if tx is not None else [])
                ).strip()
                tx_ref = _text(tx, "Refs/AcctSvcrRef")
                if tx_ref:
                    reference = f"camt:{tx_ref}"
                elif entry_ref:
                    reference = f"camt:{entry_ref}/{t_index}"
                else:
                    reference = "camt:" + _fingerprint(statement_id, e_index, t_index, booked_on, amount, kid)
                entries.append(
                    BankEntry(
                        reference=reference[:200],
                        booked_on=booked_on,
                        amount=amount,
                        currency=currency or entry_currency or "NOK",
                        kid=kid[:25],
                        payer=payer[:140],
                        message=message[:140],
                    )
                )
                if len(entries) > MAX_ENTRIES:
                    raise StatementError(
                        _("The statement has too many entries. Split it into smaller files.")
                    )
    return entries


# CSV: date, amount, KID

COLUMNS = {
    "date": {"date", "dato", "bokføringsdato", "bokfort", "bokført", "betalingsdato"},
    "amount": {"amount", "beløp", "belop", "beløp inn", "inn", "innskudd"},
    "kid": {"kid", "kid-nummer", "kidnummer"},
}


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def parse_amount(text: str) -> Decimal:
    """15 000,00 · 15000.00 · 15.000,00 · 15000 → Decimal."""
    value = re.sub(r"[\s\u00a0\u202f]", "", str(text)).removeprefix("kr").removesuffix("kr")
    if "," in value and "." in value:
        value = (
            value.replace(".", "").replace(",", ".")
            if value.rfind(",") > value.rfind(".")
            else value.replace(",", "")
        )
    else:
        value = value.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", value):
        raise ValueError(text)
    return Decimal(value)


def parse_date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_csv(content: bytes) -> list[BankEntry]:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first.count)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in row)]
    if not rows:
        raise StatementError(_("The file has no rows."))
    header = [cell.strip().lower() for cell in rows[0]]
    positions = {}
    for column, names in COLUMNS.items():
        matches = [i for i, name in enumerate(header) if name in names]
        if not matches:
            raise StatementError(
                _("The CSV file needs the columns date, amount and KID (dato, beløp, kid). Found: %(found)s.")
                % {"found": ", ".join(rows[0]) or "–"}
            )
        positions[column] = matches[0]
    entries, problems, seen = [], [], Counter()
    for number, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        raw_date, raw_amount = cells[positions["date"]], cells[positions["amount"]]
        kid = normalise_kid(cells[positions["kid"]])
        try:
            booked_on = parse_date(raw_date)
        except ValueError:
            problems.append(_("row %(row)s: “%(value)s” is not a date") % {"row": number, "value": raw_date})
            continue
        try:
            amount = parse_amount(raw_amount)
        except ValueError:
            problems.append(
                _("row %(row)s: “%(value)s” is not an amount") % {"row": number, "value": raw_amount}
            )
            continue
        if amount <= 0:
            continue
        key = (booked_on, amount, kid)
        seen[key] += 1
        reference = "csv:" + _fingerprint(booked_on, amount, kid, seen[key])
        entries.append(BankEntry(reference=reference, booked_on=booked_on, amount=amount, kid=kid[:25]))
        if len(entries) > MAX_ENTRIES:
            raise StatementError(_("The file has too many rows. Split it into smaller files."))
    if problems:
        shown = "; ".join(problems[:10]) + ("; …" if len(problems) > 10 else "")
        raise StatementError(_("Nothing was read. Correct these rows: %(rows)s.") % {"rows": shown})
    return entries
