import re
from pathlib import Path

import pytest
from django.core.management import call_command

from balanse.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_pages_send_a_strict_content_security_policy(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for path in ROOT.glob("balanse/**/templates/**/*.html"):
        text = path.read_text()
        if re.search(r"<style\b", text) or re.search(r"\sstyle=", text):
            offenders.append(f"{path}: inline style")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{path}: inline script")
        if re.search(r"\son[a-z]+=\"", text) or "hx-on" in text:
            offenders.append(f"{path}: inline event handler")
    # the plain 500 page is static HTML without scripts or styles
    assert offenders == []


def test_front_page_is_norwegian_by_default_even_for_english_browsers(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nb"' in html
    assert "Tre steg til merket" in html


def test_language_switch_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Three steps to the mark" in html


def test_every_page_has_skip_link_landmarks_and_language_switch(client):
    html = client.get("/sok-rad/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert 'name="language" value="en"' in html


def test_dev_outbox_is_hidden_unless_enabled(client, settings):
    settings.DEV_OUTBOX_ENABLED = False
    assert client.get("/dev/outbox/").status_code == 404
    settings.DEV_OUTBOX_ENABLED = True
    assert client.get("/dev/outbox/").status_code == 200


def test_outbox_backend_keeps_messages_for_the_outbox_page(client, settings):
    from django.core.mail import send_mail

    settings.MAILERS = {"default": {"BACKEND": "balanse.core.mail.OutboxBackend"}}
    settings.DEV_OUTBOX_ENABLED = True
    send_mail("Innloggingskode", "Koden din er\n\n123456\n", None, ["a@example.org"])
    html = client.get("/dev/outbox/").content.decode()
    assert "Innloggingskode" in html and "123456" in html and "a@example.org" in html


def test_staff_without_second_factor_is_sent_to_set_it_up(client, operator):
    client.force_login(operator)
    response = client.get("/drift/virksomheter/")
    assert response.status_code == 302
    assert response.url == "/konto/2fa/totp/activate/"


def test_staff_cannot_ask_for_a_login_code(client, operator):
    response = client.post("/konto/login/code/", {"email": operator.email})
    assert response.status_code == 200
    assert "Ansatte i Balansekunst logger inn med passord" in response.content.decode()


def test_login_code_is_sent_to_organisation_users(
    client, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave when the transaction commits
        response = client.post("/konto/login/code/", {"email": org_admin.email})
    assert response.status_code == 302
    assert re.search(r"^\d{6}$", mailoutbox[-1].body, re.MULTILINE)


def test_failed_logins_are_rate_limited(client, operator):
    operator.set_password("Et riktig passord 2026")
    operator.save()
    statuses = []
    for _ in range(7):
        response = client.post("/konto/login/", {"login": operator.email, "password": "feil passord"})
        statuses.append("For mange innloggingsforsøk" in response.content.decode())
    assert statuses[:5] == [False] * 5
    assert statuses[-1] is True
    response = client.post("/konto/login/", {"login": operator.email, "password": "Et riktig passord 2026"})
    assert "For mange innloggingsforsøk" in response.content.decode()


def test_signup_is_closed(client):
    from allauth.account.models import EmailAddress
    from django.core import mail

    from balanse.core.models import Session

    def heading(response) -> str:
        return re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", response.content.decode(), re.S).group(1)

    page = client.get("/konto/signup/")
    assert (page.status_code, heading(page)) == (200, "Registrering stengt")
    response = client.post(
        "/konto/signup/", {"email": "ny@example.org", "password1": "Et langt nok passord 2026"}
    )
    assert User.objects.count() == 0
    assert EmailAddress.objects.count() == 0
    assert Session.objects.count() == 0
    assert "_auth_user_id" not in client.session
    assert mail.outbox == []
    assert response.status_code == 200
    assert heading(response) == "Registrering stengt"


def test_nothing_stores_ip_addresses_or_user_agents():
    from django.apps import apps

    suspicious = []
    for model in apps.get_models():
        if not model.__module__.startswith("balanse."):
            continue
        for field in model._meta.get_fields():
            name = field.name.lower()
            if "ip_address" in name or name in {"ip", "user_agent", "useragent"}:
                suspicious.append(f"{model.__name__}.{field.name}")
    assert suspicious == []


def test_production_settings_are_secure(tmp_path):
    import json
    import os
    import subprocess
    import sys

    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEV_OUTBOX_ENABLED]))"
    )
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "balanse.example",
        "BALANSE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "balanse.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [
        False,
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        True,
        True,
        31536000,
        True,
        False,
    ]


def test_production_refuses_to_start_without_secret_key(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": "", "BALANSE_VAR_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "balanse.settings"
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "Set SECRET_KEY" in out.stderr


def test_load_demo_twice_changes_nothing():
    from django.apps import apps

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {m._meta.label: m.objects.count() for m in apps.get_models()}
    audit_count = AuditEntry.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {m._meta.label: m.objects.count() for m in apps.get_models()} == counts
    assert AuditEntry.objects.count() == audit_count


def test_demo_has_the_105_member_organisations_with_24_new_in_2020():
    from balanse.organisations.models import Organisation

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Organisation.objects.filter(is_member=True).count() == 105
    assert Organisation.objects.filter(member_since=2020).count() == 24
    assert Organisation.objects.filter(art_fields__code="music").count() == 54


# The annual report's headings for the art fields, and our codes for them.
REPORT_FIELDS = {
    "Musikk": "music",
    "Film": "film",
    "Dramatikk og litteratur": "drama_literature",
    "Kulturhistorie": "cultural_history",
    "Mote": "fashion",
    "Arkitektur": "architecture",
    "Billedkunst": "visual_arts",
    "Tverrkunstnerisk": "cross_disciplinary",
    "Scenekunst": "performing_arts",
    "Utdanningsinstitusjoner": "education",
}


def annual_report_members() -> dict[str, tuple[str, bool]]:
    """name → (art field code, new in 2020), as the 2020 annual report prints its member list."""
    members, heading = {}, None
    for line in (ROOT / "tests/core/data/annual-report-2020-members.txt").read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            heading = line.strip("[]")
            continue
        name = line.removesuffix(" (ny)")
        members[name] = (REPORT_FIELDS[heading], name != line)
    return members


def test_member_list_names_come_from_the_annual_report():
    import csv

    report = annual_report_members()
    assert len(report) == 105  # "I 2020 besto Balansekunst av 105 medlemsorganisasjoner."
    assert sum(new for _, new in report.values()) == 24
    with (ROOT / "content/organisations/members-2020.csv").open() as members:
        rows = list(csv.DictReader(members))
    ours = {row["name"]: (row["field"], row["new_in_2020"] == "yes") for row in rows}
    assert len(rows) == len(ours)  # no name twice
    assert ours == report


def test_translation_catalogs_are_complete():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "messages.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
