"""The Tha Phae demo: catalogues, the FY2566 plan and one account per role. Re-runnable."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from ita_tracker.agencies.models import Agency, Membership, OrgUnit, Role, Signatory
from ita_tracker.docengine.signing import make_self_signed_p12
from ita_tracker.documents.models import AgencySigningCertificate
from ita_tracker.documents.signing_service import upload_signing_certificate
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.plans.models import MeasurePlan, RoundKind
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.rounds import open_round

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "thaphae-2566.yaml"
DEMO_PASSWORD = "ita-demo-2566"  # noqa: S105 - printed on purpose: a local demo only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str | None  # None: site administrator
    description: str
    units: tuple[str, ...] = ()
    signatory: tuple[str, str] | None = None


ACCOUNTS = (
    DemoAccount("admin", None, "ผู้ดูแลระบบ / site administrator"),
    DemoAccount("thaphae-admin", Role.AGENCY_ADMIN, "ผู้ดูแลหน่วยงาน / agency administrator"),
    DemoAccount(
        "coordinator",
        Role.COORDINATOR,
        "ผู้ประสานงาน ITA / ITA coordinator",
        signatory=("นางสาวกมลทิพย์ วัจนะพันธ์", "นักจัดการงานทั่วไปชำนาญการ"),
    ),
    DemoAccount(
        "officer-pr",
        Role.UNIT_OFFICER,
        "เจ้าหน้าที่งานประชาสัมพันธ์ / PR section officer",
        units=("สำนักปลัดเทศบาล/งานประชาสัมพันธ์",),
    ),
    DemoAccount(
        "officer-finance",
        Role.UNIT_OFFICER,
        "เจ้าหน้าที่กองคลัง / finance division officer",
        units=("กองคลัง",),
    ),
    DemoAccount(
        "approver",
        Role.APPROVER,
        "ผู้อนุมัติ (ปลัดเทศบาล) / approver (municipal clerk)",
        signatory=("นางภาวดี สุปรียสุนทร", "ปลัดเทศบาลตำบลท่าแพ"),
    ),
    DemoAccount("viewer", Role.VIEWER, "ผู้อ่านอย่างเดียว / read-only viewer"),
)


@dataclass
class DemoSummary:
    plan_imported: bool = False
    round_opened: bool = False
    certificate_created: bool = False
    accounts: list[DemoAccount] = field(default_factory=list)


def _unit(agency: Agency, path: str) -> OrgUnit:
    parent_name, _, name = path.rpartition("/")
    if parent_name:
        return OrgUnit.objects.get(agency=agency, parent__name=parent_name, name=name)
    return OrgUnit.objects.get(agency=agency, parent=None, name=name)


def _open_twelve_month_round(agency: Agency, be_year: int) -> bool:
    """Give the officers something to update: the 12-month round, opened once."""
    plan_row = MeasurePlan.objects.get(agency=agency, fiscal_year__be_year=be_year)
    if plan_row.rounds.filter(kind=RoundKind.TWELVE_MONTH).exists():
        return False
    open_round(plan_row, kind=RoundKind.TWELVE_MONTH, acting_user=None)
    return True


@transaction.atomic
def _give_signing_certificate(agency: Agency) -> bool:
    """A self-signed signing certificate for the demo agency, made once: a real agency uploads
    one from a certification authority. Never replaced, so issued demo documents stay valid."""
    if AgencySigningCertificate.objects.filter(agency=agency).exists():
        return False
    upload_signing_certificate(
        agency=agency,
        name="demo-self-signed.p12",
        data=make_self_signed_p12(agency.name, agency.name),
        password="",
        acting_user=None,
    )
    return True


def load_demo(example: Path = EXAMPLE) -> DemoSummary:
    """Load the catalogues, import the Tha Phae plan if absent, and create the demo accounts.

    The 12-month round of the plan is opened, so that the officers have something to update, and
    the agency gets a self-signed signing certificate (once).
    Running it again changes nothing that is already there (passwords are reset to the demo
    password so the printed list stays true).
    """
    call_command("load_frameworks", verbosity=0)
    summary = DemoSummary()
    plan = read_plan_file(example)
    agency = Agency.objects.filter(slug=plan.agency.slug).first()
    if (
        agency is None
        or not MeasurePlan.objects.filter(
            agency=agency, fiscal_year__be_year=plan.fiscal_year
        ).exists()
    ):
        import_plan(plan, acting_user=None, source=str(example))
        summary.plan_imported = True
    agency = Agency.objects.get(slug=plan.agency.slug)
    summary.round_opened = _open_twelve_month_round(agency, plan.fiscal_year)
    summary.certificate_created = _give_signing_certificate(agency)

    user_model = get_user_model()
    for account in ACCOUNTS:
        user, _ = user_model.objects.get_or_create(username=account.username)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = account.role is None
        user.save()
        if account.role is not None:
            signatory = None
            if account.signatory:
                name, position = account.signatory
                signatory, _ = Signatory.objects.get_or_create(
                    agency=agency, name=name, position=position
                )
            membership, _ = Membership.objects.update_or_create(
                user=user,
                agency=agency,
                defaults={"role": account.role, "signatory": signatory},
            )
            membership.units.set([_unit(agency, path) for path in account.units])
        summary.accounts.append(account)
    return summary
