"""Org units (divisions and sections) and signatories, managed by the agency administrator."""

from __future__ import annotations

from ita_tracker.agencies.models import OrgUnit, Signatory
from ita_tracker.audit.models import AuditEvent


def test_it_lists_divisions_each_followed_by_its_sections(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    page = client.get("/a/thaphae/units/").content.decode()
    order = [
        page.index(name) for name in ("สำนักปลัดเทศบาล", "งานธุรการ", "กองคลัง", "งานพัสดุ", "กองช่าง")
    ]
    assert order == sorted(order)


def test_it_adds_a_section_under_a_division(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    division = OrgUnit.objects.get(agency=agency_a, name="กองช่าง")
    client.post(
        "/a/thaphae/units/new/",
        {"name": "งานก่อสร้าง", "short_name": "", "parent": division.pk, "phone": "", "order": 1},
    )
    section = OrgUnit.objects.get(agency=agency_a, name="งานก่อสร้าง")
    assert section.label == "กองช่าง งานก่อสร้าง"
    assert AuditEvent.objects.get(action="unit.created").after["name"] == "งานก่อสร้าง"


def test_it_refuses_to_delete_a_unit_that_measures_name(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    unit = OrgUnit.objects.get(agency=agency_a, name="งานธุรการ")
    page = client.post(f"/a/thaphae/units/{unit.pk}/delete/", follow=True).content.decode()
    assert "มีมาตรการที่ระบุส่วนราชการ/งานนี้เป็นผู้รับผิดชอบ" in page
    assert OrgUnit.objects.filter(pk=unit.pk).exists()
    assert not AuditEvent.objects.filter(action="unit.deleted").exists()


def test_it_deletes_an_unused_unit(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    unit = OrgUnit.objects.get(agency=agency_a, name="กองช่าง")
    client.post(f"/a/thaphae/units/{unit.pk}/delete/")
    assert not OrgUnit.objects.filter(pk=unit.pk).exists()


def test_it_refuses_a_parent_from_another_agency(client, agency_admin, agency_b):
    client.force_login(agency_admin)
    foreign = OrgUnit.objects.filter(agency=agency_b).first()
    client.post(
        "/a/thaphae/units/new/",
        {"name": "งานแปลก", "short_name": "", "parent": foreign.pk, "phone": "", "order": 0},
    )
    assert not OrgUnit.objects.filter(name="งานแปลก").exists()


def test_it_adds_and_edits_a_signatory(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    client.post(
        "/a/thaphae/signatories/new/",
        {"name": "นายสมชาย ใจกล้า", "position": "ผู้อำนวยการกองช่าง", "unit": "", "active": "on"},
    )
    signatory = Signatory.objects.get(name="นายสมชาย ใจกล้า")
    client.post(
        f"/a/thaphae/signatories/{signatory.pk}/",
        {"name": "นายสมชาย ใจกล้า", "position": "ผู้อำนวยการกองช่าง", "unit": ""},
    )
    signatory.refresh_from_db()
    assert not signatory.active
    assert AuditEvent.objects.get(action="signatory.updated").after["active"] is False


def test_it_keeps_a_signatory_who_signed_memos(client, agency_admin, agency_a):
    client.force_login(agency_admin)
    mayor = Signatory.objects.get(agency=agency_a, name="นายจรัญ เจียจิราพัถนันท์")
    page = client.post(f"/a/thaphae/signatories/{mayor.pk}/delete/", follow=True).content.decode()
    assert "ลงนามในบันทึกข้อความแล้ว" in page
    assert Signatory.objects.filter(pk=mayor.pk).exists()
