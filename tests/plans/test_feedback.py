"""Feedback a user can see: a page for a GET on a POST-only address, a message beside the
upload box, room for several links, a status choice that waits for the user, and reminder
messages that do not contradict each other."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.plans.models import ProgressEntry
from tests import samples
from tests.conftest import measure_of
from tests.screens import english_words


def _entry(round_):
    return ProgressEntry.objects.get(round=round_, measure=measure_of(round_.plan, "IIT", 3))


def test_it_explains_a_get_on_a_post_only_address(client, coordinator, open_round):
    client.force_login(coordinator)
    response = client.get(f"/a/thaphae/plans/2566/rounds/{open_round.pk}/remind/")
    assert response.status_code == 405
    page = response.content.decode()
    assert "ที่อยู่นี้ใช้กับแบบฟอร์ม" in page
    assert english_words(page, {"coordinator"}) == []
    assert "POST" in response["Allow"]


def test_it_says_the_file_was_added_beside_the_upload_box(client, officer, open_round):
    entry = _entry(open_round)
    client.force_login(officer)
    html = client.post(
        f"/a/thaphae/progress/{entry.pk}/files/",
        {f"f{entry.pk}-file": SimpleUploadedFile("คำสั่ง.pdf", samples.PDF)},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    files_part = html.split(f'id="entry-{entry.pk}-files"', 1)[1].split(
        f'id="entry-{entry.pk}-stamp"'
    )[0]
    assert 'role="status">✓ เพิ่มไฟล์แล้ว' in files_part


def test_it_gives_the_links_box_room_for_several_links(client, officer, open_round):
    entry = _entry(open_round)
    client.force_login(officer)
    page = client.get(f"/a/thaphae/progress/{entry.pk}/").content.decode()
    box = re.search(r'<textarea[^>]*name="[^"]*urls"[^>]*>', page)
    assert box is not None
    assert int(re.search(r'rows="(\d+)"', box.group(0)).group(1)) >= 4


def test_it_saves_a_status_after_a_pause_not_at_every_arrow_key(client, officer, open_round):
    entry = _entry(open_round)
    client.force_login(officer)
    page = client.get(f"/a/thaphae/progress/{entry.pk}/").content.decode()
    trigger = re.search(rf'id="entry-{entry.pk}-status"[^>]*hx-trigger="([^"]+)"', page)
    assert trigger is not None
    assert "delay:" in trigger.group(1)


def _remind(client, open_round) -> list[str]:
    response = client.post(f"/a/thaphae/plans/2566/rounds/{open_round.pk}/remind/")
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_does_not_say_nobody_to_remind_when_officers_lack_e_mail(
    client, coordinator, officer, open_round
):
    client.force_login(coordinator)
    said = _remind(client, open_round)
    text = " ".join(said)
    assert "ไม่มีผู้ที่ต้องเตือน" not in text
    assert "ทุกมาตรการ" not in text  # not "every measure has an update"
    assert any("ไม่มีอีเมล" in m for m in said)
    assert any("ไม่มีเจ้าหน้าที่ส่วนราชการ" in m for m in said)  # measures nobody can be reminded of


def test_it_says_nobody_to_remind_only_when_every_measure_has_an_update(
    client, coordinator, officer, open_round
):
    from django.utils import timezone

    open_round.entries.update(updated_at=timezone.now())
    client.force_login(coordinator)
    said = _remind(client, open_round)
    assert len(said) == 1
    assert "ทุกมาตรการ" in said[0]
