"""Demo data for Balansemerket: organisations in every state.

The 2020 figures follow Balansekunst's annual report for 2020: the target was 20 organisations, five got
the mark and seven more completed the course. The twelve are member organisations picked from the
report's list of courses held that year: the "Balansemerket" courses (Nasjonal jazzscene with Norsk
jazzforum, Norske Dansekunstnere, Norske kulturhus, AKKS, MØST and BRAK, Notam), the course on sexual
harassment for Norsk senter for folkemusikk og folkedans, and three other courses on harassment and power
(NOPA, Flow Dance Academy Oslo, Høyskolen Kristiania). Everything after 2020 is invented so that every page
has something on it."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from balanse.certification.models import (
    Certification,
    ChecklistItem,
    ChecklistKey,
    CourseBooking,
    FollowUpMeeting,
    GuidanceMeeting,
    Period,
    ReviewComment,
    StateChange,
    YearTarget,
)
from balanse.certification.services import period_end
from balanse.core.demo import DEMO_ADMIN_EMAIL, DEMO_OPERATOR_EMAIL
from balanse.core.models import User
from balanse.organisations.models import Organisation

S = Certification.State
FACILITATOR = "Balansekunst"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class Story:
    """Writes one organisation's history directly (dated in the past), as the services would have."""

    def __init__(self, name: str, operator, start: date):
        self.organisation = _organisation(name)
        self.operator = operator
        self.cert = Certification.objects.create(
            organisation=self.organisation, state=S.APPLIED, state_changed_at=_at(start), created=_at(start)
        )
        self._change("", S.APPLIED, start, by=None)

    def _change(self, frm, to, day: date, by="operator", reason=""):
        StateChange.objects.create(
            certification=self.cert,
            from_state=frm,
            to_state=to,
            at=_at(day),
            by=self.operator if by == "operator" else by,
            reason=reason,
            cycle=self.cert.cycle,
        )
        self.cert.state = to
        self.cert.state_changed_at = _at(day)

    def course(self, day: date, participants: int, place="", video=False, held=True):
        self._change(S.APPLIED, S.COURSE, day - timedelta(days=30))
        CourseBooking.objects.create(
            certification=self.cert,
            date=day,
            place=place,
            video_link="https://video.balansekunst.example/kurs" if video else "",
            facilitator=FACILITATOR,
            participants=participants,
            held_at=_at(day) if held else None,
        )
        if held:
            self._change(S.COURSE, S.MEASURES, day)
        return self

    def checklist(self, done: int, notes: dict | None = None):
        for i, key in enumerate(ChecklistKey.values):
            ChecklistItem.objects.get_or_create(
                certification=self.cert,
                cycle=self.cert.cycle,
                key=key,
                defaults={
                    "complete": i < done,
                    "note": (notes or {}).get(key, ""),
                    "updated_by": self.operator,
                },
            )
        return self

    def meeting(self, day: date, notes: str, next_step: str):
        GuidanceMeeting.objects.create(
            certification=self.cert,
            cycle=self.cert.cycle,
            date=day,
            notes=notes,
            next_step=next_step,
            by=self.operator,
        )
        return self

    def submit(self, day: date, by=None):
        self.checklist(7)
        self._change(S.MEASURES, S.IN_REVIEW, day, by=by)
        self.cert.submitted_at = _at(day)
        return self

    def send_back(self, day: date, comments: dict):
        for key, text in comments.items():
            ReviewComment.objects.create(
                certification=self.cert,
                cycle=self.cert.cycle,
                requirement_key=key,
                text=text,
                author=self.operator,
                created=_at(day),
            )
            ChecklistItem.objects.filter(certification=self.cert, cycle=self.cert.cycle, key=key).update(
                complete=False
            )
        self._change(S.IN_REVIEW, S.MEASURES, day)
        return self

    def award(self, day: date, number: str):
        self.submit(day - timedelta(days=14))
        self.cert.certificate_number = number
        self._period(day)
        self._change(S.IN_REVIEW, S.CERTIFIED, day)
        return self

    def _period(self, valid_from: date):
        until = period_end(valid_from)
        Period.objects.create(
            certification=self.cert,
            cycle=self.cert.cycle,
            valid_from=valid_from,
            valid_until=until,
            decided_by=self.operator,
            decided_at=_at(valid_from),
        )
        self.cert.valid_from, self.cert.valid_until = valid_from, until

    def follow_up(self, day: date, notes="Gikk gjennom fjorårets plan og erfaringer."):
        self.cert.cycle += 1
        FollowUpMeeting.objects.create(
            certification=self.cert, cycle=self.cert.cycle, date=day, notes=notes, by=self.operator
        )
        self._change(S.CERTIFIED, S.FOLLOW_UP, day)
        self.checklist(7)
        return self

    def renew_until(self, today: date, stop_in_follow_up=False):
        """Renew every year while the current period ends before `today` (+ the follow-up window)."""
        while self.cert.valid_until < today:
            self.follow_up(self.cert.valid_until - timedelta(days=30))
            start = self.cert.valid_until + timedelta(days=1)
            self._period(start)
            self._change(S.FOLLOW_UP, S.CERTIFIED, start - timedelta(days=10))
        if stop_in_follow_up:
            self.follow_up(min(today - timedelta(days=3), self.cert.valid_until - timedelta(days=20)))
        return self

    def expire(self):
        self._change(self.cert.state, S.EXPIRED, self.cert.valid_until + timedelta(days=1), by=None)
        return self

    def withdraw(self, day: date, reason: str):
        self.cert.withdrawn_at = _at(day)
        self.cert.withdrawn_reason = reason
        self._change(self.cert.state, S.WITHDRAWN, day, reason=reason)
        return self

    def save(self):
        Certification.objects.filter(pk=self.cert.pk).update(
            **{
                f: getattr(self.cert, f)
                for f in (
                    "state",
                    "state_changed_at",
                    "cycle",
                    "certificate_number",
                    "valid_from",
                    "valid_until",
                    "withdrawn_at",
                    "withdrawn_reason",
                    "submitted_at",
                )
            }
        )
        return self.cert


def _organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _stories(operator, today: date, admin) -> None:
    def story(name, start):
        return Story(name, operator, start)

    # Five got the mark in 2020.
    s = story("NOPA", date(2019, 12, 2)).course(date(2020, 1, 13), 70, place="Tjøme")
    s.award(date(2020, 5, 15), "BM-2020-001").renew_until(today).save()
    s = story("Nasjonal jazzscene", date(2020, 1, 20)).course(date(2020, 3, 2), 11, place="Oslo")
    s.award(date(2020, 6, 10), "BM-2020-002").renew_until(today).save()
    s = story("Norsk jazzforum", date(2020, 1, 20)).course(date(2020, 3, 2), 11, place="Oslo")
    s.award(date(2020, 6, 10), "BM-2020-003").renew_until(today, stop_in_follow_up=True).save()
    s = story("Norske Dansekunstnere", date(2020, 8, 14)).course(date(2020, 9, 22), 8, place="Oslo")
    s.award(date(2020, 12, 1), "BM-2020-004").renew_until(today).save()
    s = story("Flow Dance Academy Oslo", date(2020, 8, 20)).course(date(2020, 9, 23), 15, place="Oslo")
    s.award(date(2020, 12, 10), "BM-2020-005").renew_until(date(2022, 12, 10)).expire().save()

    # Seven more completed the course in 2020.
    s = story("Norske kulturhus", date(2020, 9, 1)).course(date(2020, 10, 23), 15, video=True)
    s.award(date(2021, 4, 20), "BM-2021-001").renew_until(today).save()
    story("AKKS Norge", date(2020, 9, 15)).course(date(2020, 10, 27), 11, video=True).checklist(
        3, {"routines": "Varslingsrutinen mangler hvem som tar imot varsler i lokallagene."}
    ).meeting(date(2021, 2, 3), "Gikk gjennom kartleggingen og reglene.", "Utkast til varslingsrutine").save()
    s = story("MØST", date(2020, 10, 1)).course(date(2020, 11, 3), 8, video=True)
    s.meeting(
        today - timedelta(days=40), "Siste gjennomgang av rutinene før innsending.", "Sende inn"
    ).submit(today - timedelta(days=6)).save()
    story("BRAK", date(2020, 10, 1)).course(date(2020, 11, 3), 8, video=True).checklist(
        5,
        {
            "conversations": "Plan for faste samtaler om grenser mangler.",
            "contract_clause": "Klausul i frilanskontrakter mangler.",
        },
    ).meeting(
        date(2021, 3, 9), "Kartlegging, regler og rutiner er på plass.", "Samtaleplan og kontraktsklausul"
    ).save()
    story("Høyskolen Kristiania", date(2020, 9, 1)).course(date(2020, 10, 13), 30, place="Oslo").checklist(
        1
    ).withdraw(date(2022, 5, 2), "Virksomheten valgte å avslutte arbeidet med merket.").save()
    s = story("Notam", date(2020, 10, 5)).course(date(2020, 11, 4), 7, video=True)
    s.award(date(2021, 3, 1), "BM-2021-002").renew_until(date(2023, 3, 1)).expire().save()
    s = story("Norsk senter for folkemusikk og folkedans", date(2020, 11, 2)).course(
        date(2020, 12, 12), 50, video=True
    )
    s.award(date(2021, 5, 31), "BM-2021-003").renew_until(today).save()

    # Later and current cases.
    s = story("Black Box teater", today - timedelta(days=150)).course(
        today - timedelta(days=110), 24, place="Oslo"
    )
    s.meeting(
        today - timedelta(days=80), "Gikk gjennom risikofaktorene for scenekunst.", "Skrive regler"
    ).checklist(7)
    s.meeting(today - timedelta(days=45), "Regler og rutiner er skrevet.", "Sende inn tiltakene").submit(
        today - timedelta(days=30), by=admin
    ).send_back(
        today - timedelta(days=20),
        {"contract_clause": "Kontraktsklausulen må også gjelde gjestespill og innleide teknikere."},
    ).save()
    s = story("Mandaljazz", today - timedelta(days=460)).course(
        today - timedelta(days=420), 14, place="Mandal"
    )
    s.award(today - timedelta(days=330), f"BM-{(today - timedelta(days=330)).year}-010").save()
    story("Kongsberg Jazzfestival", today - timedelta(days=5)).save()
    story("Østnorsk jazzsenter", today - timedelta(days=120)).save()
    story("Sørnorsk jazzsenter", today - timedelta(days=20)).course(
        today + timedelta(days=14), None, place="Kristiansand", held=False
    ).save()
    YearTarget.objects.get_or_create(year=2020, defaults={"target": 20})


def load_demo(stdout) -> list[str]:
    if StateChange.objects.exists() or Certification.objects.exists():
        stdout.write("  Balansemerket: demo data already loaded")
        return []
    operator = User.objects.get(email=DEMO_OPERATOR_EMAIL)
    admin = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
    _stories(operator, timezone.localdate(), admin)
    stdout.write(f"  Balansemerket: {Certification.objects.count()} certifications in every state")
    return []
