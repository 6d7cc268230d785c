"""A camt.053 bank statement shaped like what Norwegian banks export (ISO 20022, BkToCstmrStmt)."""


def statement(
    payments: list[dict], *, version: str = "001.02", statement_id: str = "2020-07-31-0001"
) -> bytes:
    """payments: dicts with amount, kid, date, payer, ref, and optionally `batch` (a list of such dicts for one
    entry with several transactions), `debit`, `pending`, `message`, `currency`."""
    new_status = version >= "001.04"
    entries = []
    for number, payment in enumerate(payments, start=1):
        txs = payment.get("batch") or [payment]
        total = sum(float(tx["amount"]) for tx in txs)
        status = payment.get("status", "PDNG" if payment.get("pending") else "BOOK")
        status_xml = f"<Sts><Cd>{status}</Cd></Sts>" if new_status else f"<Sts>{status}</Sts>"
        details = "".join(_tx(tx, version) for tx in txs)
        batch = f"<Btch><NbOfTxs>{len(txs)}</NbOfTxs></Btch>" if len(txs) > 1 else ""
        currency = payment.get("currency", "NOK")
        entries.append(f"""
      <Ntry>
        <NtryRef>{number}</NtryRef>
        <Amt Ccy="{currency}">{total:.2f}</Amt>
        <CdtDbtInd>{"DBIT" if payment.get("debit") else "CRDT"}</CdtDbtInd>
        {status_xml}
        <BookgDt><Dt>{payment["date"]}</Dt></BookgDt>
        <ValDt><Dt>{payment["date"]}</Dt></ValDt>
        <AcctSvcrRef>{payment.get("entry_ref", f"ENTRY{number:04d}")}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>{batch}{details}</NtryDtls>
      </Ntry>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.{version}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG-{statement_id}</MsgId><CreDtTm>2020-08-01T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>2020-08-01T06:00:00</CreDtTm>
      <FrToDt><FrDtTm>2020-07-01T00:00:00</FrDtTm><ToDtTm>2020-07-31T23:59:59</ToDtTm></FrToDt>
      <Acct><Id><Othr><Id>12345678903</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr></Id><Ccy>NOK</Ccy>
        <Svcr><FinInstnId><BIC>DNBANOKKXXX</BIC></FinInstnId></Svcr></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="NOK">100000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2020-07-01</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="NOK">130000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2020-07-31</Dt></Dt></Bal>
      <TxsSummry><TtlNtries><NbOfNtries>{len(entries)}</NbOfNtries></TtlNtries></TxsSummry>{"".join(entries)}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def _tx(tx: dict, version: str) -> str:
    amount = f'<Amt Ccy="{tx.get("currency", "NOK")}">{float(tx["amount"]):.2f}</Amt>'
    amount_xml = (
        f"{amount}<CdtDbtInd>CRDT</CdtDbtInd>"
        if version >= "001.04"
        else f"<AmtDtls><TxAmt>{amount}</TxAmt></AmtDtls>"
    )
    remittance = ""
    if tx.get("kid"):
        remittance = (
            "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
            f"<Ref>{tx['kid']}</Ref></CdtrRefInf></Strd></RmtInf>"
        )
    elif tx.get("message"):
        remittance = f"<RmtInf><Ustrd>{tx['message']}</Ustrd></RmtInf>"
    refs = (
        f"<Refs><AcctSvcrRef>{tx['ref']}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
        if tx.get("ref")
        else ""
    )
    party = "<Dbtr><Pty><Nm>{}</Nm></Pty></Dbtr>" if version >= "001.08" else "<Dbtr><Nm>{}</Nm></Dbtr>"
    return f"""
          <TxDtls>{refs}{amount_xml}
            <RltdPties>{party.format(tx.get("payer", "Ukjent betaler"))}</RltdPties>
            {remittance}
          </TxDtls>"""
