"""Default content: the two decision letters (the operator edits them; loading again never overwrites)."""

from balanse.grants.models import DecisionLetter, LetterKind

LETTERS = {
    LetterKind.GRANTED: (
        "Balansepotten {år}: {prosjekt} får støtte",
        """Hei, {kontakt}!

Balansekunst har behandlet søknaden fra {søker} til Balansepotten {år}, og vi er glade for å kunne gi
{beløp} kroner til prosjektet «{prosjekt}».

Vi betaler ut støtten når vi har fått kontonummeret deres. Når prosjektet er gjennomført, ber vi om en
kort rapport om hva dere gjorde og hvordan pengene ble brukt. Skriv den her:
{rapportlenke}

Lykke til med prosjektet!

Vennlig hilsen
Balansekunst""",
    ),
    LetterKind.DECLINED: (
        "Balansepotten {år}: svar på søknaden om «{prosjekt}»",
        """Hei, {kontakt}!

Takk for søknaden fra {søker} til Balansepotten {år}. Vi har dessverre ikke kunnet gi støtte til
«{prosjekt}» denne gangen.

Begrunnelse: {begrunnelse}

Vi håper dere søker igjen ved neste utlysning.

Vennlig hilsen
Balansekunst""",
    ),
}


def load_default_content(stdout=None) -> None:
    for kind, (subject, body) in LETTERS.items():
        DecisionLetter.objects.get_or_create(kind=kind, defaults={"subject": subject, "body": body})
