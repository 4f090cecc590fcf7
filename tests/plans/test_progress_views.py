"""My measures: an officer sees her units' measures and updates them inline (htmx) or with
plain form posts; nobody else's."""

from __future__ import annotations

import pytest

from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.rounds import change_round_state
from tests.conftest import measure_of


@pytest.fixture
def own_entry(open_round):
    """IIT 3: งานประชาสัมพันธ์ and งานพัสดุ answer for it, so the officer may update it."""
    return ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 3)
    )


@pytest.fixture
def other_entry(open_round):
    """IIT 1: only งานธุรการ answers for it."""
    return ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 1)
    )


def test_it_shows_an_officer_only_the_measures_of_her_units(client, officer, open_round):
    client.force_login(officer)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert page.count('class="progress-card') == 4  # IIT 3, EIT 3, EIT 4, OIT 1
    assert "เปิดเผยข้อมูลที่เกี่ยวข้องกับงบประมาณ" in page
    assert "ประกาศนโยบายไม่รับของขวัญ" not in page


def test_it_changes_the_status_inline_with_htmx(client, officer, own_entry):
    client.force_login(officer)
    response = client.post(
        f"/a/thaphae/progress/{own_entry.pk}/status/",
        {f"s{own_entry.pk}-status": "in_progress"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<form method="post" id="entry-{own_entry.pk}-status"')
    assert 'hx-swap-oob="true"' in html
    assert "บันทึกสถานะแล้ว" in html
    own_entry.refresh_from_db()
    assert own_entry.status == "in_progress"
    assert own_entry.updated_by == officer


def test_it_works_without_javascript_too(client, officer, own_entry):
    client.force_login(officer)
    response = client.post(
        f"/a/thaphae/progress/{own_entry.pk}/status/",
        {f"s{own_entry.pk}-status": "completed", "next": "/a/thaphae/my-measures/#entry-1"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/a/thaphae/my-measures/#entry-1"
    own_entry.refresh_from_db()
    assert own_entry.status == "completed"


def test_it_does_not_redirect_elsewhere(client, officer, own_entry):
    client.force_login(officer)
    response = client.post(
        f"/a/thaphae/progress/{own_entry.pk}/status/",
        {f"s{own_entry.pk}-status": "completed", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/a/thaphae/progress/{own_entry.pk}/"


def test_it_saves_the_note_and_evidence_links(client, officer, own_entry):
    client.force_login(officer)
    p = f"p{own_entry.pk}"
    response = client.post(
        f"/a/thaphae/progress/{own_entry.pk}/",
        {
            f"{p}-note": "ปรับปรุงหน้าเว็บจัดซื้อจัดจ้างแล้ว",
            f"{p}-evidence_text": "ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน",
            f"{p}-urls": "https://www.thaphae.go.th/procurement\n\nhttps://www.thaphae.go.th/news/12",
        },
        HTTP_HX_REQUEST="true",
    )
    assert f'id="entry-{own_entry.pk}"' in response.content.decode()
    own_entry.refresh_from_db()
    assert own_entry.note == "ปรับปรุงหน้าเว็บจัดซื้อจัดจ้างแล้ว"
    assert own_entry.urls == [
        "https://www.thaphae.go.th/procurement",
        "https://www.thaphae.go.th/news/12",
    ]


def test_it_refuses_a_link_that_is_not_a_web_address(client, officer, own_entry):
    client.force_login(officer)
    p = f"p{own_entry.pk}"
    page = client.post(
        f"/a/thaphae/progress/{own_entry.pk}/",
        {f"{p}-note": "", f"{p}-evidence_text": "", f"{p}-urls": "javascript:alert(1)"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "ไม่ใช่ที่อยู่เว็บ" in page
    own_entry.refresh_from_db()
    assert own_entry.urls == []


def test_it_refuses_a_measure_of_another_unit(client, officer, other_entry):
    client.force_login(officer)
    url = f"/a/thaphae/progress/{other_entry.pk}/status/"
    assert client.post(url, {f"s{other_entry.pk}-status": "completed"}).status_code == 403
    page = client.get(f"/a/thaphae/progress/{other_entry.pk}/").content.decode()
    assert "hx-post" not in page  # she may read it, not change it
    other_entry.refresh_from_db()
    assert other_entry.status == "completed"  # carried over, unchanged
    assert not other_entry.has_update


def test_it_refuses_readers_and_other_agencies(client, approver, viewer, officer_b, own_entry):
    for user, status in ((approver, 403), (viewer, 403), (officer_b, 404)):
        client.force_login(user)
        response = client.post(
            f"/a/thaphae/progress/{own_entry.pk}/status/", {f"s{own_entry.pk}-status": "completed"}
        )
        assert response.status_code == status
    own_entry.refresh_from_db()
    assert not own_entry.has_update


def test_it_lets_the_coordinator_update_any_measure(client, coordinator, other_entry):
    client.force_login(coordinator)
    client.post(
        f"/a/thaphae/progress/{other_entry.pk}/status/",
        {f"s{other_entry.pk}-status": "in_progress"},
    )
    other_entry.refresh_from_db()
    assert other_entry.status == "in_progress"


def test_it_locks_updates_once_the_report_is_submitted(client, coordinator, officer, own_entry):
    change_round_state(own_entry.round, action="submit", acting_user=coordinator)
    client.force_login(officer)
    response = client.post(
        f"/a/thaphae/progress/{own_entry.pk}/status/", {f"s{own_entry.pk}-status": "completed"}
    )
    assert response.status_code == 403
    assert "ไม่มีรอบรายงานที่เปิดให้รายงานผล" in client.get("/a/thaphae/my-measures/").content.decode()


def test_it_tells_an_officer_without_units_what_to_do(client, django_user_model, agency_a, plan_a):
    from ita_tracker.agencies.models import Membership, Role

    user = django_user_model.objects.create_user(username="newcomer")
    Membership.objects.create(user=user, agency=agency_a, role=Role.UNIT_OFFICER)
    client.force_login(user)
    assert "ยังไม่ได้รับการกำหนดส่วนราชการ" in client.get("/a/thaphae/my-measures/").content.decode()


def test_the_note_save_carries_the_status_sent_with_it(client, officer, own_entry):
    """The card's note form includes the status radios (hx-include): a status chosen just
    before pressing "save note and links" is saved with the note."""
    client.force_login(officer)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert f'hx-include="#entry-{own_entry.pk}-status"' in page
    wanted = "in_progress" if own_entry.status != "in_progress" else "completed"
    response = client.post(
        f"/a/thaphae/progress/{own_entry.pk}/",
        {f"p{own_entry.pk}-note": "ทำแล้ว", f"s{own_entry.pk}-status": wanted},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    own_entry.refresh_from_db()
    assert (own_entry.note, own_entry.status) == ("ทำแล้ว", wanted)


def test_a_coordinator_fills_in_the_measures_nobody_reported_on(
    client, coordinator, officer, own_entry, other_entry
):
    """The coordinator's "my measures" lists, as editable cards, the measures without an
    update in the open round; one reported on by its officer leaves the list."""
    from ita_tracker.plans.services.progress import update_progress

    client.force_login(coordinator)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert page.count('class="progress-card') == 10
    assert f'id="entry-{own_entry.pk}-status"' in page
    update_progress(own_entry, acting_user=officer, status="completed")
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert page.count('class="progress-card') == 9
    assert f'id="entry-{own_entry.pk}-status"' not in page
    response = client.post(
        f"/a/thaphae/progress/{other_entry.pk}/status/",
        {f"s{other_entry.pk}-status": "in_progress"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    other_entry.refresh_from_db()
    assert (other_entry.status, other_entry.updated_by) == ("in_progress", coordinator)
