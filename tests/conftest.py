"""Shared fixtures: the loaded ITA catalogues and the personas of STYLE.md.

Personas: coordinator, officer (งานประชาสัมพันธ์), approver, viewer and admin of agency A
(Tha Phae, imported from examples/thaphae-2566.yaml); officer_b of agency B; site_admin.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from ita_tracker.agencies.models import Agency, Membership, OrgUnit, Role
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.plans.models import (
    Measure,
    MeasurePlan,
    PlanState,
    ReportingRound,
    RoundKind,
)
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.rounds import open_round as open_round_service

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "thaphae-2566.yaml"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Load the catalogues once; each test's transaction rolls back on top of them."""
    with django_db_blocker.unblock():
        call_command("load_frameworks", verbosity=0)


@pytest.fixture
def example_plan_file():
    return read_plan_file(EXAMPLE)


@pytest.fixture
def plan_a(db: None, example_plan_file) -> MeasurePlan:
    return import_plan(example_plan_file, acting_user=None, source=str(EXAMPLE))


@pytest.fixture
def agency_a(plan_a: MeasurePlan) -> Agency:
    return plan_a.agency


@pytest.fixture
def agency_b(db: None) -> Agency:
    agency = Agency.objects.create(
        name="เทศบาลตำบลบี", slug="agency-b", head_position="นายกเทศมนตรีตำบลบี"
    )
    OrgUnit.objects.create(agency=agency, name="สำนักปลัดเทศบาล", short_name="สำนักปลัด")
    return agency


def _member(
    django_user_model: Any,
    username: str,
    agency: Agency,
    role: str,
    units: list[OrgUnit] | None = None,
) -> Any:
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    membership = Membership.objects.create(user=user, agency=agency, role=role)
    if units:
        membership.units.set(units)
    return user


@pytest.fixture
def coordinator(django_user_model: Any, agency_a: Agency) -> Any:
    return _member(django_user_model, "coordinator", agency_a, Role.COORDINATOR)


@pytest.fixture
def officer(django_user_model: Any, agency_a: Agency) -> Any:
    unit = OrgUnit.objects.get(agency=agency_a, name="งานประชาสัมพันธ์")
    return _member(django_user_model, "officer", agency_a, Role.UNIT_OFFICER, [unit])


@pytest.fixture
def approver(django_user_model: Any, agency_a: Agency) -> Any:
    return _member(django_user_model, "approver", agency_a, Role.APPROVER)


@pytest.fixture
def viewer(django_user_model: Any, agency_a: Agency) -> Any:
    return _member(django_user_model, "viewer", agency_a, Role.VIEWER)


@pytest.fixture
def agency_admin(django_user_model: Any, agency_a: Agency) -> Any:
    return _member(django_user_model, "agency-admin", agency_a, Role.AGENCY_ADMIN)


@pytest.fixture
def officer_b(django_user_model: Any, agency_b: Agency) -> Any:
    return _member(
        django_user_model, "officer-b", agency_b, Role.UNIT_OFFICER, list(agency_b.units.all())
    )


@pytest.fixture
def coordinator_b(django_user_model: Any, agency_b: Agency) -> Any:
    return _member(django_user_model, "coordinator-b", agency_b, Role.COORDINATOR)


@pytest.fixture
def site_admin(django_user_model: Any, db: None) -> Any:
    return django_user_model.objects.create_superuser(username="site-admin", password=PASSWORD)


@pytest.fixture(autouse=True)
def _private_media(settings: Any, tmp_path: Path) -> None:
    """Uploaded files go to a fresh directory per test, never into ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_public_versions() -> None:
    """Each test has its own database: what a previous test's public pages were is forgotten."""
    from ita_tracker.disclosure import versions

    versions.forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The personas log in hundreds of times; a deliberately slow hash would only cost time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def draft_plan(plan_a: MeasurePlan) -> MeasurePlan:
    """Agency A's plan, returned to draft so that the editor accepts changes."""
    plan_a.state = PlanState.DRAFT
    plan_a.save(update_fields=["state"])
    return plan_a


@pytest.fixture
def open_round(plan_a: MeasurePlan) -> ReportingRound:
    """The 12-month round of agency A's plan, open for updates (the 6-month one is approved).

    Rounds open on approved plans; a test that also wants the plan in draft (``draft_plan``)
    gets what happens when an approved plan with an open round is put back to draft."""
    state = plan_a.state
    plan_a.state = PlanState.APPROVED
    round_ = open_round_service(plan_a, kind=RoundKind.TWELVE_MONTH, acting_user=None)
    if state != PlanState.APPROVED:
        plan_a.state = state
        plan_a.save(update_fields=["state"])
    return round_


def measure_of(plan: MeasurePlan, tool: str, order: int) -> Measure:
    return Measure.objects.get(plan=plan, tool__code=tool, order=order)


# --- approval chains (issue 7): the seed's three steps, one account each -----------------------

SEED_CHAIN = (
    ("head", "ความเห็นผู้อำนวยการกอง", "หัวหน้าสำนักปลัดเทศบาล", "นางสายฝน ยกชู"),
    ("approver", "ความเห็นปลัดเทศบาล", "ปลัดเทศบาลตำบลท่าแพ", "นางภาวดี สุปรียสุนทร"),
    ("mayor", "ความเห็นนายกเทศมนตรี", "นายกเทศมนตรีตำบลท่าแพ", "นายจรัญ เจียจิราพัถนันท์"),
)


@pytest.fixture
def head(django_user_model: Any, agency_a: Agency) -> Any:
    return _member(django_user_model, "head", agency_a, Role.APPROVER)


@pytest.fixture
def mayor(django_user_model: Any, agency_a: Agency) -> Any:
    return _member(django_user_model, "mayor", agency_a, Role.APPROVER)


@pytest.fixture
def chain_a(agency_a: Agency, head: Any, approver: Any, mayor: Any, coordinator: Any) -> list[Any]:
    """Agency A's chains for the progress report and the plan: head of the clerk's office,
    municipal clerk, mayor (each member signs as the seed's signatory). Returns the three users
    in order."""
    from ita_tracker.agencies.models import Signatory
    from ita_tracker.documents.chains import StepSpec, set_chain

    users = {"head": head, "approver": approver, "mayor": mayor}
    specs = []
    for username, heading, position, name in SEED_CHAIN:
        membership = Membership.objects.get(user=users[username], agency=agency_a)
        membership.signatory, _ = Signatory.objects.get_or_create(
            agency=agency_a, name=name, position=position
        )
        membership.save()
        specs.append(StepSpec(heading=heading, position=position, holder=membership))
    coordinator_membership = Membership.objects.get(user=coordinator, agency=agency_a)
    coordinator_membership.signatory, _ = Signatory.objects.get_or_create(
        agency=agency_a, name="นางสาวกมลทิพย์ วัจนะพันธ์", position="นักจัดการงานทั่วไปชำนาญการ"
    )
    coordinator_membership.save()
    for kind in ("progress_report", "measures_plan"):
        set_chain(agency=agency_a, kind=kind, steps=specs, acting_user=None)
    return [head, approver, mayor]


# --- the analysis report (issues 7 and 12) ----------------------------------------------------


@pytest.fixture
def analysis_chain(chain_a: list[Any], agency_a: Any) -> list[Any]:
    """Agency A's chain for the analysis report: the seed's three steps, as for the others."""
    from ita_tracker.documents.chains import StepSpec, set_chain, steps_of

    specs = [StepSpec(s.heading, s.position, s.holder) for s in steps_of(agency_a, "measures_plan")]
    set_chain(agency=agency_a, kind="analysis_report", steps=specs, acting_user=None)
    return chain_a


@pytest.fixture
def analysed(agency_a: Any) -> Any:
    """The 2565 result with its 2564 history and the coordinator's comment on indicator 10."""
    from ita_tracker.results.models import ItaResult
    from ita_tracker.results.report import save_analysis
    from tests.results.test_analysis_view import _results

    _results(agency_a)
    result = ItaResult.objects.get(agency=agency_a, fiscal_year__be_year=2565)
    save_analysis(
        result=result,
        grouping="indicator",
        comments={"10": {"issues": "ยังไม่มีแผนป้องกันการทุจริต", "development": "จัดทำแผน"}},
        include_in_plan=True,
        acting_user=None,
    )
    return result
