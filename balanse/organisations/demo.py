"""Demo data: the 105 member organisations of Balansekunst's 2020 annual report, and demo users."""

import csv
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings

from balanse.core.demo import DEMO_ADMIN_EMAIL, DEMO_OPERATOR_EMAIL, DEMO_ORGANISATION
from balanse.core.models import User
from balanse.organisations import services
from balanse.organisations.models import ArtField, Organisation, Role

MEMBERS_CSV = Path(settings.BASE_DIR) / "content" / "organisations" / "members-2020.csv"

DEMO_OPERATOR_PASSWORD = "demo-Balanse-2026!"  # noqa: S105 - printed for newcomers; demo only
# A fixed demo TOTP secret so the printed set-up key works in any authenticator app.
DEMO_OPERATOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPBALANSEDEMOTOTP2"  # noqa: S105
DEMO_ADMIN_ORGANISATION = DEMO_ORGANISATION


def read_members() -> list[dict]:
    with MEMBERS_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_member_organisations() -> int:
    fields = {f.code: f for f in ArtField.objects.all()}
    created = 0
    for row in read_members():
        organisation, was_created = Organisation.objects.get_or_create(
            name=row["name"],
            defaults={
                "municipality": row["municipality"],
                "is_member": True,
                "member_since": 2020 if row["new_in_2020"] == "yes" else None,
            },
        )
        if was_created:
            organisation.art_fields.add(fields[row["field"]])
            created += 1
    return created


def ensure_demo_operator() -> tuple[User, list[str]]:
    user, created = User.objects.get_or_create(
        email=DEMO_OPERATOR_EMAIL, defaults={"full_name": "Demo Drift", "is_staff": True}
    )
    if created:
        user.set_password(DEMO_OPERATOR_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_OPERATOR_TOTP_SECRET)
    codes_auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    codes = RecoveryCodes(codes_auth) if codes_auth else RecoveryCodes.activate(user)
    return user, codes.get_unused_codes()


def ensure_demo_admin() -> User:
    organisation = Organisation.objects.get(name=DEMO_ADMIN_ORGANISATION)
    person = services.get_or_create_person(
        email=DEMO_ADMIN_EMAIL,
        via="demo",
        full_name="Demo Kontaktperson",
        email_verified=True,
        organisation=organisation,
        role=Role.ADMIN,
    )
    return person.user


def load_demo(stdout) -> list[str]:
    created = load_member_organisations()
    stdout.write(f"  member organisations: {created} new, {Organisation.objects.count()} in all")
    _, codes = ensure_demo_operator()
    ensure_demo_admin()
    return [
        f"Operator (Balansekunst staff): {DEMO_OPERATOR_EMAIL} / password {DEMO_OPERATOR_PASSWORD}",
        f"  second factor: add the key {DEMO_OPERATOR_TOTP_SECRET} to an authenticator app,",
        f"  or use a recovery code: {', '.join(codes[:5])}",
        f"Organisation admin ({DEMO_ADMIN_ORGANISATION}): {DEMO_ADMIN_EMAIL}",
        "  choose “Send me a log-in code”; the code is printed here and shown at /dev/outbox/",
    ]
