"""The default questionnaire of the board's diversity survey: what the 2020 report publishes.

Each question is (key, kind, Norwegian, English, [(Norwegian, English), ...]); every question also gets
“Vil ikke svare” / “Prefer not to answer”. A new survey copies these; the operator edits its copy.
"""

DECLINE = ("Vil ikke svare", "Prefer not to answer")
YES_NO = [("Ja", "Yes"), ("Nei", "No")]
LEVELS = [("Høy", "High"), ("Middels", "Medium"), ("Lav", "Low")]

DEFAULT_QUESTIONS = [
    ("age", "number", "Hvor gammel er du?", "How old are you?", []),
    (
        "region",
        "choice",
        "Hvor bor du?",
        "Where do you live?",
        [
            ("Oslo", "Oslo"),
            ("Østlandet ellers", "Elsewhere in Eastern Norway"),
            ("Vestlandet", "Western Norway"),
            ("Sørlandet", "Southern Norway"),
            ("Trøndelag", "Central Norway"),
            ("Nord-Norge", "Northern Norway"),
            ("Utenfor Norge", "Outside Norway"),
        ],
    ),
    (
        "gender",
        "choice",
        "Hvilken kjønnsidentitet har du?",
        "What is your gender identity?",
        [("Kvinne", "Woman"), ("Mann", "Man"), ("Annen kjønnsidentitet", "Another gender identity")],
    ),
    (
        "lgbtq",
        "choice",
        "Identifiserer du deg som lhbtq+ eller skeiv?",
        "Do you identify as LGBTQ+ or queer?",
        YES_NO,
    ),
    (
        "immigrant",
        "choice",
        "Har du innvandret, eller har foreldrene dine innvandret, til Norge fra land utenfor EU/EFTA, "
        "Nord-Amerika, Australia og New Zealand?",
        "Have you, or have your parents, immigrated to Norway from countries outside the EU/EFTA, North "
        "America, Australia and New Zealand?",
        [
            ("Jeg har innvandret", "I have immigrated"),
            ("Foreldrene mine har innvandret", "My parents have immigrated"),
            ("Nei", "No"),
        ],
    ),
    (
        "multicultural",
        "choice",
        "Identifiserer du deg som flerkulturell?",
        "Do you identify as multicultural?",
        YES_NO,
    ),
    (
        "minority",
        "choice",
        "Har du tilhørighet til en nasjonal minoritet?",
        "Do you belong to a national minority?",
        YES_NO,
    ),
    (
        "melanin",
        "choice",
        "Identifiserer du deg som melaninrik eller ikke-hvit?",
        "Do you identify as melanin-rich or non-white?",
        YES_NO,
    ),
    (
        "visible_disability",
        "choice",
        "Har du en synlig funksjonsnedsettelse?",
        "Do you have a visible disability?",
        YES_NO,
    ),
    (
        "invisible_disability",
        "choice",
        "Har du en usynlig funksjonsnedsettelse?",
        "Do you have an invisible disability?",
        YES_NO,
    ),
    (
        "cultural_capital_childhood",
        "choice",
        "Hvordan vurderer du din kulturelle kapital i oppveksten?",
        "How would you rate your cultural capital growing up?",
        LEVELS,
    ),
    (
        "economic_capital_childhood",
        "choice",
        "Hvordan vurderer du din økonomiske kapital i oppveksten?",
        "How would you rate your economic capital growing up?",
        LEVELS,
    ),
    (
        "cultural_capital_today",
        "choice",
        "Hvordan vurderer du din kulturelle kapital i dag?",
        "How would you rate your cultural capital today?",
        LEVELS,
    ),
    (
        "economic_capital_today",
        "choice",
        "Hvordan vurderer du din økonomiske kapital i dag?",
        "How would you rate your economic capital today?",
        LEVELS,
    ),
]
