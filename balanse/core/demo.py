"""Who the demo is about, shared by every app's demo data (the organisations app creates these people)."""

DEMO_OPERATOR_EMAIL = "drift@balansekunst.example"
DEMO_ADMIN_EMAIL = "kontakt@blackbox.example"
DEMO_ORGANISATION = "Black Box teater"
