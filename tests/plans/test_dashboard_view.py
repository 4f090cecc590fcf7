"""The agency dashboard: measures per tool, status per round, last year's scores as a chart,
and what needs attention."""

from __future__ import annotations

from decimal import Decimal

from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.results.services import save_result


def test_it_sends_the_agency_address_to_the_newest_plans_dashboard(client, viewer, plan_a):
    client.force_login(viewer)
    response = client.get("/a/thaphae/")
    assert response["Location"] == "/a/thaphae/dashboard/2566/"


def test_it_counts_measures_per_tool_and_statuses_per_round(client, viewer, open_round):
    client.force_login(viewer)
    page = client.get("/a/thaphae/dashboard/2566/").content.decode()
    assert "จำนวนมาตรการตามเครื่องมือ" in page
    assert '<td class="num">๕</td>' in page  # IIT
    assert "รอบ ๖ เดือน" in page
    assert "รอบ ๑๒ เดือน" in page
    assert "รอบ ๑๒ เดือน: มี ๑๐ มาตรการที่ยังไม่ได้รายงานผล" in page


def test_it_draws_last_years_indicator_scores(client, viewer, plan_a):
    save_result(
        agency=plan_a.agency,
        fiscal_year=FiscalYear.objects.get(be_year=2565),
        total=Decimal("70.33"),
        iit=Decimal("80.10"),
        eit=Decimal("75.00"),
        oit=Decimal("60.05"),
        indicator_scores={n: Decimal(50 + n) for n in range(1, 11)},
        acting_user=None,
    )
    client.force_login(viewer)
    page = client.get("/a/thaphae/dashboard/2566/").content.decode()
    assert "<svg" in page
    assert page.count('<rect class="bar-') == 10
    assert "๖๐.๐๐" in page  # indicator 10
    assert "ระดับ <strong>C</strong>" in page


def test_it_lists_what_needs_attention(client, coordinator, plan_a):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/dashboard/2566/").content.decode()
    # EIT 1 names only "ทุกส่วนราชการ": nobody but the coordinator can report on it.
    assert "มี ๑ มาตรการที่ยังไม่ได้เลือกส่วนราชการผู้รับผิดชอบจากรายการ" in page
    empty = client.get("/a/thaphae/dashboard/2567/").content.decode()
    assert "ยังไม่มีแผนของปีงบประมาณ ๒๕๖๗" in empty


def test_it_says_when_documents_would_be_issued_unsigned(client, coordinator, plan_a):
    """A new agency has no signing certificate: the dashboard says so before the first memo is
    issued without a digital signature, and where the administrator uploads one."""
    client.force_login(coordinator)
    page = client.get("/a/thaphae/dashboard/2566/").content.decode()
    assert "ยังไม่มีใบรับรองสำหรับลงนาม" in page
    assert 'href="/a/thaphae/documents/signing/"' in page


def test_a_new_agency_is_shown_its_first_steps(client, django_user_model, agency_b, plan_a):
    """No plan and no chain yet: the dashboard offers the import of last year's Word memo
    first, and says which chains are missing before anything can be submitted."""
    from ita_tracker.agencies.models import Membership, Role

    user = django_user_model.objects.create_user(username="somsri", password="x-Pass-2567")
    Membership.objects.create(user=user, agency=agency_b, role=Role.AGENCY_ADMIN)
    client.force_login(user)
    page = client.get("/a/agency-b/dashboard/2566/").content.decode()
    assert 'href="/a/agency-b/plans/import/"' in page
    assert "ยังไม่ได้กำหนดลำดับการเสนอ" in page
    assert 'href="/a/agency-b/documents/chains/"' in page


def test_the_missing_chain_goes_once_it_is_set(client, coordinator, chain_a):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/dashboard/2566/").content.decode()
    assert "ยังไม่ได้กำหนดลำดับการเสนอ" not in page
