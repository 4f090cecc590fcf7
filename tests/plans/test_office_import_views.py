"""The coordinator's import pages: upload, preview (nothing written), confirm; the export."""

from __future__ import annotations

import io

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ita_tracker.audit.models import AuditEvent
from ita_tracker.docengine.render import render_document
from ita_tracker.plans.models import Measure, MeasurePlan, ProgressEntry
from tests.officefiles.docx_fixtures import docx_bytes
from tests.officefiles.refusals import CASES

URL = "/a/thaphae/plans/import/"
CONFIRM = "/a/thaphae/plans/import/confirm/"


@pytest.fixture
def seed_docx(example_plan_file) -> bytes:
    return render_document(example_plan_file, round_index=0, fmt="docx")


def _upload(client, data: bytes, name: str = "memo.docx", year: int = 2567):
    from ita_tracker.frameworks.models import FiscalYear

    fiscal_year = FiscalYear.objects.get(be_year=year)
    return client.post(URL, {"fiscal_year": fiscal_year.pk, "file": SimpleUploadedFile(name, data)})


def _payload(html: str) -> str:
    start = html.index('name="payload" value="') + len('name="payload" value="')
    return html[start : html.index('"', start)]


def test_it_shows_the_upload_form_to_the_coordinator(client, coordinator):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    assert 'type="file"' in html
    assert 'enctype="multipart/form-data"' in html


def test_it_previews_the_memo_and_writes_nothing(client, coordinator, seed_docx):
    client.force_login(coordinator)
    events, measures = AuditEvent.objects.count(), Measure.objects.count()
    response = _upload(client, seed_docx, year=2566)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ประกาศนโยบายไม่รับของขวัญหรือของกำนัลจากการปฏิบัติหน้าที่ (No Gift Policy)" in html
    assert "ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน" in html
    assert 'class="unsure"' not in html  # the system's own memo reads without doubt
    assert (AuditEvent.objects.count(), Measure.objects.count()) == (events, measures)


def test_it_writes_the_plan_when_the_coordinator_confirms(client, coordinator, seed_docx):
    client.force_login(coordinator)
    payload = _payload(_upload(client, seed_docx, year=2566).content.decode())
    response = client.post(CONFIRM, {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == "/a/thaphae/plans/2566/"
    plan = MeasurePlan.objects.get(agency__slug="thaphae", fiscal_year__be_year=2566)
    statuses = list(ProgressEntry.objects.filter(round__plan=plan).values_list("status", flat=True))
    assert statuses.count("completed") == 8
    event = AuditEvent.objects.get(action="plan.imported_office")
    assert event.actor_id == coordinator.pk
    assert event.after["source"] == "memo.docx"


def test_it_highlights_unsure_units_and_applies_the_coordinators_choices(client, coordinator):
    header = ["มาตรการ/แนวทาง ยกระดับ IIT", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"]
    data = docx_bytes(
        [
            [
                header,
                ["๑. ก", "- ทำ", "สำนักปลัด งานประชาสัมพันธ, กองสาธารณสุข", "ต.ค.๖๖ – มี.ค.๖๗"],
                ["๒. ข", "- ทำ", "คณะทำงาน ITA", "ตามความเหมาะสม"],
            ]
        ]
    )
    client.force_login(coordinator)
    html = _upload(client, data).content.decode()
    assert html.count('class="unsure"') >= 4  # two units, the period, the new units
    assert "กองสาธารณสุข" in html
    units = ["สำนักปลัด งานประชาสัมพันธ", "กองสาธารณสุข", "คณะทำงาน ITA"]
    choices = {"unit-0": "สำนักปลัดเทศบาล/งานประชาสัมพันธ์", "unit-1": "+กองสาธารณสุข"}
    choices["unit-2"] = "=note"
    assert all(u in html for u in units)
    response = client.post(CONFIRM, {"payload": _payload(html), **choices})
    assert response.status_code == 302
    plan = MeasurePlan.objects.get(agency__slug="thaphae", fiscal_year__be_year=2567)
    first, second = plan.measures.order_by("order")
    assert first.responsible_label() == "สำนักปลัด งานประชาสัมพันธ์, กองสาธารณสุข"
    assert (second.responsible_label(), second.responsible_note) == ("คณะทำงาน ITA", "คณะทำงาน ITA")


@pytest.mark.parametrize("case", list(CASES))
def test_it_refuses_files_that_cannot_be_imported(client, coordinator, case):
    make, words = CASES[case]
    client.force_login(coordinator)
    events, plans = AuditEvent.objects.count(), MeasurePlan.objects.count()
    response = _upload(client, make())
    assert response.status_code == 422
    assert words in response.content.decode() or "10 MB" in response.content.decode()
    assert (AuditEvent.objects.count(), MeasurePlan.objects.count()) == (events, plans)


def test_it_refuses_a_preview_signed_for_someone_else(client, coordinator, agency_admin, seed_docx):
    client.force_login(agency_admin)
    payload = _payload(_upload(client, seed_docx).content.decode())
    client.force_login(coordinator)
    response = client.post(CONFIRM, {"payload": payload}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert not MeasurePlan.objects.filter(fiscal_year__be_year=2567).exists()
    with pytest.raises(signing.BadSignature):
        signing.loads(payload + "x", salt="office-import")


def test_it_lets_only_plan_editors_confirm(client, officer, seed_docx):
    client.force_login(officer)
    assert client.post(CONFIRM, {"payload": "x"}).status_code == 403


def test_it_hides_another_agencys_import(client, officer_b):
    client.force_login(officer_b)
    assert client.get(URL).status_code == 404
    assert client.post(CONFIRM, {"payload": "x"}).status_code == 404
    assert client.get("/a/thaphae/plans/2566/export/").status_code == 404


def test_it_downloads_the_plan_as_excel_and_as_csv(client, viewer, plan_a):
    client.force_login(viewer)
    response = client.get("/a/thaphae/plans/2566/export/")
    assert response["Content-Disposition"] == 'attachment; filename="thaphae-2566.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book["IIT"]["B2"].value.startswith("ประกาศนโยบายไม่รับของขวัญ")
    csv = client.get("/a/thaphae/plans/2566/export/?format=csv&round=0")
    assert csv.content.startswith(b"\xef\xbb\xbf")
    assert "สถานะ" not in csv.content.decode("utf-8-sig").splitlines()[0]


def test_it_writes_nothing_when_the_plan_went_up_the_chain_after_the_preview(
    client, coordinator, chain_a, open_round, seed_docx
):
    from ita_tracker.documents.approvals import submit_round_report

    client.force_login(coordinator)
    payload = _payload(_upload(client, seed_docx, year=2566).content.decode())
    submit_round_report(open_round, acting_user=coordinator)  # meanwhile, in another tab
    events, measures = AuditEvent.objects.count(), list(Measure.objects.values_list("pk"))
    response = client.post(CONFIRM, {"payload": payload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "จึงแทนที่ทั้งแผนไม่ได้" in html  # the importer's own refusal, shown in Thai
    assert "ยืนยันและบันทึกแผน" not in html
    assert (AuditEvent.objects.count(), list(Measure.objects.values_list("pk"))) == (
        events,
        measures,
    )


@pytest.fixture
def evidence_on_iit5(coordinator, open_round):
    """An evidence file on IIT-5 in the open 12-month round."""
    from ita_tracker.plans.services.progress import add_evidence_file
    from tests import samples
    from tests.conftest import measure_of

    entry = ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 5)
    )
    return add_evidence_file(
        entry, upload=SimpleUploadedFile("รูปการอบรม.pdf", samples.PDF), acting_user=coordinator
    )


def test_it_keeps_evidence_of_measures_still_there(
    client, coordinator, evidence_on_iit5, seed_docx
):
    client.force_login(coordinator)
    html = _upload(client, seed_docx, year=2566).content.decode()
    assert "delete_evidence" not in html
    assert client.post(CONFIRM, {"payload": _payload(html)}).status_code == 302
    evidence_on_iit5.refresh_from_db()
    assert evidence_on_iit5.entry.measure.plan.measures.count() == 10


def test_it_deletes_evidence_of_a_dropped_measure_only_when_told(
    client, coordinator, evidence_on_iit5, example_plan_file
):
    from ita_tracker.plans.models import Evidence

    data = example_plan_file.model_dump(mode="json", by_alias=True)
    del data["measures"][4]  # IIT-5 goes
    del data["rounds"][0]["progress"]["IIT-5"]
    from ita_tracker.planfile.schema import PlanFile

    memo = render_document(PlanFile.model_validate(data), round_index=0, fmt="docx")
    client.force_login(coordinator)
    html = _upload(client, memo, year=2566).content.decode()
    assert "รูปการอบรม.pdf" in html
    assert 'name="delete_evidence"' in html
    payload = _payload(html)

    refused = client.post(CONFIRM, {"payload": payload})
    assert refused.status_code == 200
    assert "ต้องยืนยันการลบก่อน" in refused.content.decode()
    assert Evidence.objects.filter(pk=evidence_on_iit5.pk).exists()
    assert MeasurePlan.objects.get(fiscal_year__be_year=2566).measures.count() == 10

    done = client.post(CONFIRM, {"payload": payload, "delete_evidence": "1"})
    assert done.status_code == 302
    assert not Evidence.objects.filter(pk=evidence_on_iit5.pk).exists()
    assert MeasurePlan.objects.get(fiscal_year__be_year=2566).measures.count() == 9


def test_it_speaks_one_language_per_screen(client, coordinator, example_plan_file):
    from tests.screens import english_words

    data = docx_bytes(
        [
            [
                ["มาตรการ/แนวทาง ยกระดับ IIT", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ"],
                ["๑. ก", "- ทำ", "สำนักปลัด งานประชาสัมพันธ, กองสาธารณสุข", "ตามความเหมาะสม"],
            ]
        ]
    )
    client.force_login(coordinator)
    thai = _upload(client, data, name="memo.docx").content.decode()
    assert english_words(thai, {"memo", "coordinator"}) == []
    assert "close match" not in thai
    refused = _upload(client, docx_bytes([[["ชื่อ", "ตำแหน่ง"], ["ก", "ข"]]])).content.decode()
    assert english_words(refused, {"memo", "coordinator"}) == []
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = _upload(client, data, name="memo.docx").content.decode()
    assert "close match: please confirm" in english
    assert "Oct 2566 – Sep 2567" in english  # the whole fiscal year, in English months
    assert "ใกล้เคียง" not in english


def test_a_plan_approved_on_paper_is_saved_approved_and_its_round_opens(
    client, coordinator, seed_docx
):
    """Last year's memo into this year, ticked "approved on paper": the plan is approved, with
    a recorded submission and its audit row, and the 6-month round opens without the chain."""
    from ita_tracker.documents.models import Submission, SubmissionState

    client.force_login(coordinator)
    html = _upload(client, seed_docx, year=2567).content.decode()
    assert 'name="approved_outside"' in html
    response = client.post(CONFIRM, {"payload": _payload(html), "approved_outside": "1"})
    assert response.status_code == 302
    plan = MeasurePlan.objects.get(agency__slug="thaphae", fiscal_year__be_year=2567)
    assert plan.state == "approved"
    recorded = Submission.objects.get(plan=plan, kind="measures_plan")
    assert recorded.state == SubmissionState.RECORDED
    assert AuditEvent.objects.filter(action="document.recorded", actor_id=coordinator.pk).exists()
    assert AuditEvent.objects.get(action="plan.imported_office").after["approved_outside"] is True
    opened = client.post("/a/thaphae/plans/2567/rounds/new/", {"kind": "six_month"})
    assert opened.status_code == 302
    assert plan.rounds.filter(kind="six_month").exists()


def test_without_the_tick_the_imported_plan_is_a_draft(client, coordinator, seed_docx):
    client.force_login(coordinator)
    html = _upload(client, seed_docx, year=2567).content.decode()
    assert client.post(CONFIRM, {"payload": _payload(html)}).status_code == 302
    plan = MeasurePlan.objects.get(agency__slug="thaphae", fiscal_year__be_year=2567)
    assert plan.state == "draft"
