"""Demo data: Balansekunst's information and policy work in 2020 from the annual report (seed 000).

The report gives totals, not rows: "synlig i 23 ulike medieoppslag, hvorav 5 kronikker (bl.a. i NRK,
Aftenposten, Dagsavisen og Morgenbladet)", "deltatt på 3 politiske innspillsmøter", "levert høringsinnspill til
2 relevante meldinger". Inventing headlines would put words in other people's mouths, so the year is four
supplementary counts with the report's wording as the note (18 media stories + 5 op-eds = 23 media mentions),
and the two key figures the report gives: close to 12 000 unique visitors on balansekunstprosjektet.no and
19 % more Facebook followers than in 2019.

Loading again changes nothing.
"""

from decimal import Decimal

from balanse.communication.models import EntryType, KeyFigure, SupplementaryCount

COUNTS_2020 = [
    (
        EntryType.MEDIA,
        18,
        "Årsrapporten 2020: «synlig i 23 ulike medieoppslag, hvorav 5 kronikker». De 18 som ikke er kronikker, uten liste i rapporten.",
    ),
    (
        EntryType.OP_ED,
        5,
        "Årsrapporten 2020: 5 kronikker, blant annet i NRK, Aftenposten, Dagsavisen og Morgenbladet.",
    ),
    (EntryType.POLICY_MEETING, 3, "Årsrapporten 2020: «deltatt på 3 politiske innspillsmøter»."),
    (
        EntryType.CONSULTATION,
        2,
        "Årsrapporten 2020: «levert høringsinnspill til 2 relevante meldinger på kultur- og likestillingsfeltet». "
        "Innspillene til statsbudsjettet og partiprogrammene er ikke talt med.",
    ),
]

KEY_FIGURES_2020 = [
    (
        "Unike besøkende på balansekunstprosjektet.no",
        Decimal("12000"),
        "besøkende",
        "Årsrapporten 2020: «nærmere 12 000».",
    ),
    ("Vekst i følgere på Facebook fra året før", Decimal("19"), "%", "Årsrapporten 2020."),
]


def load_demo(stdout=None) -> None:
    for type_, count, note in COUNTS_2020:
        SupplementaryCount.objects.get_or_create(
            year=2020, type=type_, defaults={"count": count, "note": note}
        )
    for name, value, unit, note in KEY_FIGURES_2020:
        KeyFigure.objects.get_or_create(
            year=2020, name=name, defaults={"value": value, "unit": unit, "note": note}
        )
    if stdout is not None:
        stdout.write("communication: the 2020 totals and key figures")
