"""The measure editor: add (Thai month inputs), edit, reorder, delete."""

from __future__ import annotations

from ita_tracker.agencies.models import OrgUnit
from ita_tracker.frameworks.models import Indicator, Tool
from ita_tracker.plans.models import Measure
from tests.conftest import measure_of


def _form(plan, **overrides):
    data = {
        "tool": Tool.objects.get(code="OIT").pk,
        "title": "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน",
        "methods": "- รวบรวมข้อมูลจากกองคลัง\n๒. เผยแพร่บนเว็บไซต์หลัก\n\n",
        "units": [OrgUnit.objects.get(agency=plan.agency, name="งานพัสดุ").pk],
        "responsible_note": "ทุกส่วนราชการ",
        "period_start": "ต.ค.๖๕",
        "period_end": "9/2566",
        "follow_up": "รายงานทุกเดือน",
        "indicators": [Indicator.objects.get(fiscal_year=plan.fiscal_year, number=9).pk],
    }
    data.update(overrides)
    return data


def test_it_adds_a_measure_typed_with_thai_months_and_steps(client, coordinator, draft_plan):
    client.force_login(coordinator)
    response = client.post("/a/thaphae/plans/2566/measures/new/", _form(draft_plan))
    assert response.status_code == 302
    measure = Measure.objects.get(title="เผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน")
    assert measure.methods == ["รวบรวมข้อมูลจากกองคลัง", "เผยแพร่บนเว็บไซต์หลัก"]
    assert (measure.period_start.isoformat(), measure.period_end.isoformat()) == (
        "2022-10-01",
        "2023-09-01",
    )
    assert measure.responsible_label() == "กองคลัง งานพัสดุ, ทุกส่วนราชการ"
    assert response["Location"].endswith(f"#measure-{measure.pk}")


def test_it_shows_the_month_inputs_in_the_buddhist_era(client, coordinator, draft_plan):
    client.force_login(coordinator)
    page = client.get(f"/a/thaphae/plans/2566/measures/{measure_of(draft_plan, 'IIT', 1).pk}/edit/")
    html = page.content.decode()
    assert 'value="๑๐/๒๕๖๕"' in html
    assert 'value="๓/๒๕๖๖"' in html
    assert "พ.ศ." in html


def test_it_refuses_a_period_outside_the_fiscal_year_in_thai(client, coordinator, draft_plan):
    client.force_login(coordinator)
    response = client.post(
        "/a/thaphae/plans/2566/measures/new/", _form(draft_plan, period_end="10/2566")
    )
    assert response.status_code == 200
    assert "ระยะเวลาต้องอยู่ในปีงบประมาณ ๒๕๖๖" in response.content.decode()
    assert not Measure.objects.filter(title="เผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน").exists()


def test_it_refuses_a_gregorian_year(client, coordinator, draft_plan):
    client.force_login(coordinator)
    response = client.post(
        "/a/thaphae/plans/2566/measures/new/", _form(draft_plan, period_start="10/2022")
    )
    assert "ปีพุทธศักราช" in response.content.decode()


def test_it_edits_a_measure(client, coordinator, draft_plan):
    client.force_login(coordinator)
    measure = measure_of(draft_plan, "EIT", 3)
    client.post(
        f"/a/thaphae/plans/2566/measures/{measure.pk}/edit/",
        _form(draft_plan, tool=measure.tool.pk, title="จัดให้มีช่องทางถาม-ตอบ"),
    )
    measure.refresh_from_db()
    assert measure.title == "จัดให้มีช่องทางถาม-ตอบ"
    assert measure.order == 3


def test_it_reorders_measures(client, coordinator, draft_plan):
    client.force_login(coordinator)
    measure = measure_of(draft_plan, "IIT", 5)
    client.post(f"/a/thaphae/plans/2566/measures/{measure.pk}/move/", {"direction": "up"})
    measure.refresh_from_db()
    assert measure.order == 4


def test_it_deletes_a_measure_after_confirmation(client, coordinator, draft_plan):
    client.force_login(coordinator)
    measure = measure_of(draft_plan, "OIT", 1)
    measure.entries.all().delete()
    url = f"/a/thaphae/plans/2566/measures/{measure.pk}/delete/"
    assert "ลบมาตรการนี้หรือไม่" in client.get(url).content.decode()
    client.post(url)
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_it_refuses_to_edit_an_approved_plan_and_says_why(client, coordinator, plan_a):
    client.force_login(coordinator)
    response = client.post("/a/thaphae/plans/2566/measures/new/", _form(plan_a), follow=True)
    assert "กรุณานำแผนกลับมาเป็นร่างก่อนแก้ไข" in response.content.decode()
    assert not Measure.objects.filter(title="เผยแพร่ข้อมูลการจัดซื้อจัดจ้างรายเดือน").exists()


def test_it_refuses_editors_other_than_the_coordinator(
    client, officer, approver, viewer, officer_b, draft_plan
):
    measure = measure_of(draft_plan, "IIT", 2)
    for user, status in ((officer, 403), (approver, 403), (viewer, 403), (officer_b, 404)):
        client.force_login(user)
        assert (
            client.post("/a/thaphae/plans/2566/measures/new/", _form(draft_plan)).status_code
            == status
        )
        assert (
            client.post(
                f"/a/thaphae/plans/2566/measures/{measure.pk}/move/", {"direction": "up"}
            ).status_code
            == status
        )
        assert (
            client.post(f"/a/thaphae/plans/2566/measures/{measure.pk}/delete/").status_code
            == status
        )
    assert Measure.objects.filter(plan=draft_plan).count() == 10
    measure.refresh_from_db()
    assert measure.order == 2


def test_it_shows_a_measure_with_its_history(client, viewer, plan_a):
    client.force_login(viewer)
    measure = measure_of(plan_a, "IIT", 1)
    page = client.get(f"/a/thaphae/plans/2566/measures/{measure.pk}/").content.decode()
    assert "ประวัติการแก้ไข" in page
    assert "รอบ ๖ เดือน" in page
