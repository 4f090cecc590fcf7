"""A measure's history panel: who changed what, when (Buddhist era), from what to what."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ita_tracker.audit.models import AuditEvent
from ita_tracker.lib.thai_dates import MONTHS_ABBR
from ita_tracker.lib.thai_digits import to_thai_digits
from ita_tracker.plans.history import measure_history
from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.measures import MeasureData, update_measure
from ita_tracker.plans.services.progress import add_evidence_file, update_progress
from tests import samples
from tests.conftest import measure_of


def test_it_tells_who_changed_the_status_from_what_to_what(
    client, coordinator, officer, open_round
):
    officer.first_name, officer.last_name = "สมศรี", "ใจดี"
    officer.save()
    measure = measure_of(open_round.plan, "IIT", 3)
    entry = ProgressEntry.objects.get(round=open_round, measure=measure)
    update_progress(entry, acting_user=officer, status="in_progress", urls=["https://a.go.th/x"])
    add_evidence_file(entry, upload=SimpleUploadedFile("ภาพ.png", samples.PNG), acting_user=officer)

    history = measure_history(measure)
    assert [item.action for item in history[:2]] == ["เพิ่มไฟล์หลักฐาน", "รายงานผลการดำเนินการ"]
    reported = history[1]
    assert reported.who == "สมศรี ใจดี"
    assert reported.context == "รอบ ๑๒ เดือน (2566)"
    assert ("สถานะ", "ดำเนินการเสร็จเรียบร้อยแล้ว", "อยู่ระหว่างดำเนินการ") in [
        (c.label, c.before, c.after) for c in reported.changes
    ]
    assert history[0].detail == "ภาพ.png"

    client.force_login(coordinator)
    page = client.get(f"/a/thaphae/progress/{entry.pk}/").content.decode()
    assert "สมศรี ใจดี" in page
    today = timezone.localdate()
    shown = f"{today.day} {MONTHS_ABBR[today.month - 1]} {today.year + 543}"
    assert to_thai_digits(shown) in page  # the agency writes its screens in Thai digits


def test_it_shows_measure_changes_with_months_in_the_buddhist_era(draft_plan, coordinator):
    measure = measure_of(draft_plan, "OIT", 1)
    update_measure(
        measure,
        MeasureData(
            tool=measure.tool,
            title=measure.title,
            methods=["ขั้นเดียว"],
            units=measure.ordered_units(),
            responsible_note=measure.responsible_note,
            period_start=dt.date(2022, 10, 1),
            period_end=dt.date(2023, 9, 1),
            follow_up=measure.follow_up,
            indicators=list(measure.indicators.all()),
        ),
        acting_user=coordinator,
    )
    item = measure_history(measure)[0]
    assert item.action == "แก้ไขมาตรการ"
    changes = {c.label: (c.before, c.after) for c in item.changes}
    assert changes["ถึงเดือน"] == ("มีนาคม 2566", "กันยายน 2566")
    assert changes["วิธีดำเนินการ"][1] == "1. ขั้นเดียว"


def test_it_says_when_a_status_was_confirmed_unchanged(open_round, officer):
    entry = ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "OIT", 1)
    )
    update_progress(entry, acting_user=officer)
    assert measure_of(open_round.plan, "OIT", 1) is not None
    assert measure_history(entry.measure)[0].detail == "ยืนยันผลเดิมโดยไม่มีการเปลี่ยนแปลง"
    assert AuditEvent.objects.filter(action="progress.updated").count() == 1
