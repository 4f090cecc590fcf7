"""The Tha Phae demo: catalogues, the FY2566 plan and one account per role. Re-runnable."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from ita_tracker.agencies.models import Agency, Membership, OrgUnit, Role, Signatory
from ita_tracker.docengine.signing import make_self_signed_p12
from ita_tracker.documents.approvals import record_imported
from ita_tracker.documents.chains import StepSpec, set_chain
from ita_tracker.documents.models import AgencySigningCertificate, ApprovalChain, DocumentKind
from ita_tracker.documents.signing_service import upload_signing_certificate
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.planfile.schema import PlanFile, RoundState
from ita_tracker.plans.models import MeasurePlan
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.results.importing import import_agency_results
from ita_tracker.results.models import ItaResult

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "thaphae-2566.yaml"
# Tha Phae's results history for the analysis screen. The 2565 total (70.33) and level (C) are the
# seed's; the tool, indicator and OIT-item figures of 2564 and 2565 are an example, and the file
# marks them so (column ตัวอย่าง): the screens say "example figures".
RESULTS = EXAMPLE.parent / "thaphae-results.csv"
DEMO_PASSWORD = "ita-demo-2566"  # noqa: S105 - printed on purpose: a local demo only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str | None  # None: site administrator
    description: str
    units: tuple[str, ...] = ()
    signatory: tuple[str, str] | None = None
    # Thai first and last name: screens name people, never by login (agencies/people.py).
    full_name: tuple[str, str] = ("", "")


ACCOUNTS = (
    DemoAccount("admin", None, "ผู้ดูแลระบบ / site administrator", full_name=("วีระ", "ศรีสวัสดิ์")),
    DemoAccount(
        "thaphae-admin",
        Role.AGENCY_ADMIN,
        "ผู้ดูแลหน่วยงาน / agency administrator",
        full_name=("ธนพล", "แก้วมณี"),
    ),
    DemoAccount(
        "coordinator",
        Role.COORDINATOR,
        "ผู้ประสานงาน ITA / ITA coordinator",
        signatory=("นางสาวกมลทิพย์ วัจนะพันธ์", "นักจัดการงานทั่วไปชำนาญการ"),
        full_name=("กมลทิพย์", "วัจนะพันธ์"),
    ),
    DemoAccount(
        "officer-pr",
        Role.UNIT_OFFICER,
        "เจ้าหน้าที่งานประชาสัมพันธ์ / PR section officer",
        units=("สำนักปลัดเทศบาล/งานประชาสัมพันธ์",),
        full_name=("วิไลวรรณ", "ศรีสุข"),
    ),
    DemoAccount(
        "officer-finance",
        Role.UNIT_OFFICER,
        "เจ้าหน้าที่กองคลัง / finance division officer",
        units=("กองคลัง",),
        full_name=("ประเสริฐ", "คงดี"),
    ),
    DemoAccount(
        "head",
        Role.APPROVER,
        "หัวหน้าสำนักปลัดเทศบาล / head of the clerk's office (approval step 1)",
        signatory=("นางสายฝน ยกชู", "หัวหน้าสำนักปลัดเทศบาล"),
        full_name=("สายฝน", "ยกชู"),
    ),
    DemoAccount(
        "approver",
        Role.APPROVER,
        "ปลัดเทศบาล / municipal clerk (approval step 2)",
        signatory=("นางภาวดี สุปรียสุนทร", "ปลัดเทศบาลตำบลท่าแพ"),
        full_name=("ภาวดี", "สุปรียสุนทร"),
    ),
    DemoAccount(
        "mayor",
        Role.APPROVER,
        "นายกเทศมนตรี / mayor (approval step 3)",
        signatory=("นายจรัญ เจียจิราพัถนันท์", "นายกเทศมนตรีตำบลท่าแพ"),
        full_name=("จรัญ", "เจียจิราพัถนันท์"),
    ),
    DemoAccount(
        "viewer", Role.VIEWER, "ผู้อ่านอย่างเดียว / read-only viewer", full_name=("อรุณี", "ทองดี")
    ),
)


@dataclass
class DemoSummary:
    plan_imported: bool = False
    results_imported: bool = False
    chains_set: bool = False
    certificate_created: bool = False
    accounts: list[DemoAccount] = field(default_factory=list)


def _unit(agency: Agency, path: str) -> OrgUnit:
    parent_name, _, name = path.rpartition("/")
    if parent_name:
        return OrgUnit.objects.get(agency=agency, parent__name=parent_name, name=name)
    return OrgUnit.objects.get(agency=agency, parent=None, name=name)


# The seed memo's chain: the heading printed on the memo, and the demo account holding it.
DEMO_CHAIN = (
    ("ความเห็นผู้อำนวยการกอง", "หัวหน้าสำนักปลัดเทศบาล", "head"),
    ("ความเห็นปลัดเทศบาล", "ปลัดเทศบาลตำบลท่าแพ", "approver"),
    ("ความเห็นนายกเทศมนตรี", "นายกเทศมนตรีตำบลท่าแพ", "mayor"),
)


def _as_open_report(plan: PlanFile) -> PlanFile:
    """The seed with its 6-month report not yet sent: the round open with the seed's statuses,
    the memo's texts kept, its number, date and approvals left to the approval chain."""
    rounds = []
    for round_ in plan.rounds:
        memo = round_.memo
        if memo is not None:
            memo = memo.model_copy(update={"number": "", "date": None, "approvals": []})
        rounds.append(round_.model_copy(update={"state": RoundState.OPEN, "memo": memo}))
    return plan.model_copy(update={"rounds": rounds})


def _set_chains(agency: Agency) -> bool:
    """The seed's three-step chain for the progress report, the plan and the analysis report,
    set once per kind (a demo database made before a kind existed gets that kind's chain)."""
    have = set(ApprovalChain.objects.filter(agency=agency).values_list("kind", flat=True))
    missing = [kind for kind in DocumentKind if kind not in have]
    if not missing:
        return False
    steps = [
        StepSpec(
            heading=heading,
            position=position,
            holder=Membership.objects.get(agency=agency, user__username=username),
        )
        for heading, position, username in DEMO_CHAIN
    ]
    for kind in missing:
        set_chain(agency=agency, kind=kind, steps=steps, acting_user=None)
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
    """Load the catalogues, import the Tha Phae plan if absent, create the demo accounts and
    the seed's approval chain (head of the clerk's office → clerk → mayor).

    The plan is approved (as the seed says); its 6-month round is open with the seed's
    statuses, ready for the coordinator to send up the chain. Running it again changes nothing
    that is already there (passwords are reset to the demo password so the printed list stays
    true). The agency gets a self-signed signing certificate, once.
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
        row = import_plan(_as_open_report(plan), acting_user=None, source=str(example))
        record_imported(row, acting_user=None)  # the plan itself was approved in 2565
        summary.plan_imported = True
    agency = Agency.objects.get(slug=plan.agency.slug)
    if not ItaResult.objects.filter(agency=agency, fiscal_year__be_year=2564).exists():
        import_agency_results(
            agency=agency, data=RESULTS.read_bytes(), filename=RESULTS.name, acting_user=None
        )
        summary.results_imported = True
    summary.certificate_created = _give_signing_certificate(agency)

    user_model = get_user_model()
    for account in ACCOUNTS:
        user, _ = user_model.objects.get_or_create(username=account.username)
        user.set_password(DEMO_PASSWORD)
        # Console e-mail in the demo: the notifications of the approval flow show in the log.
        user.email = user.email or f"{account.username}@thaphae.example"
        user.is_staff = user.is_superuser = account.role is None
        user.first_name, user.last_name = account.full_name
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
    summary.chains_set = _set_chains(agency)
    return summary
