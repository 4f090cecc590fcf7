"""Bad content never makes a silently wrong memo: a plan with no measures is refused with a
clear message (Thai first), an emoji is refused where it is typed or imported, and by the
renderer for data already stored, and zero-width characters are dropped on input."""

from __future__ import annotations

import pytest

from ita_tracker.docengine.errors import DocumentError
from ita_tracker.docengine.glyphs import missing_glyphs
from ita_tracker.docengine.render import render_document
from ita_tracker.lib.document_text import strip_invisible, unprintable
from ita_tracker.planfile.reader import PlanFileError
from ita_tracker.planfile.schema import PlanFile
from ita_tracker.plans.models import Measure, ProgressEntry
from tests.conftest import measure_of
from tests.documents.helpers import paragraph_texts, plan_from

EMOJI = "\U0001f600"  # 😀
ZWSP = "\u200b"


def test_it_knows_what_the_fonts_draw() -> None:
    assert missing_glyphs("ประชาสัมพันธ์ (No Gift Policy) ๒๕๖๖ – “x” • é") == []
    # DejaVu Sans has 😀 and ☺, but LibreOffice's fallback lost the one and boxed the other.
    assert missing_glyphs(f"ยอดเยี่ยม{EMOJI}👍 ☺ ✅") == [EMOJI, "👍", "☺", "✅"]
    assert unprintable(f"a{EMOJI}\ue000b") == [EMOJI, "\ue000"]
    assert strip_invisible(f"ประชา{ZWSP}สัมพันธ์\ufeff") == "ประชาสัมพันธ์"


def test_a_plan_with_no_measures_is_refused_with_a_clear_message(plan: PlanFile) -> None:
    empty = plan.model_copy(update={"measures": []})
    for round_index in (None, 0):
        with pytest.raises(DocumentError) as caught:
            render_document(empty, round_index=round_index, fmt="docx")
        assert str(caught.value).startswith("แผนนี้ยังไม่มีมาตรการ")
        assert "no measures" in str(caught.value)


def test_the_no_measures_page_answers_422_in_thai(client, coordinator, plan_a) -> None:
    Measure.objects.filter(plan=plan_a).delete()
    client.force_login(coordinator)
    response = client.get(f"/a/{plan_a.agency.slug}/documents/plans/2566/document.docx")
    assert response.status_code == 422
    assert "แผนนี้ยังไม่มีมาตรการ" in response.content.decode()


def test_a_plan_file_with_an_emoji_is_refused_where_it_is(example_text: str) -> None:
    text = example_text.replace(
        "title: การเผยแพร่ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณประจำปี",
        f"title: การเผยแพร่ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณประจำปี {EMOJI}",
    )
    with pytest.raises(PlanFileError) as caught:
        plan_from(text)
    message = str(caught.value)
    assert "U+1F600" in message
    assert "พิมพ์ในเอกสารไม่ได้" in message
    assert "measures" in message  # located: the measure and its field
    assert "title" in message


def test_a_plan_file_loses_its_zero_width_characters(example_text: str) -> None:
    text = example_text.replace("ประกาศนโยบายไม่รับของขวัญ", f"ประกาศ{ZWSP}นโยบายไม่รับ{ZWSP}ของขวัญ")
    plan = plan_from(text)
    assert ZWSP not in plan.measures[0].title
    assert "ประกาศนโยบายไม่รับของขวัญ" in plan.measures[0].title


def test_stored_text_with_an_emoji_is_refused_by_the_renderer_with_its_place(
    plan: PlanFile,
) -> None:
    measure = plan.measures[1].model_construct(
        **{**dict(plan.measures[1]), "follow_up": f"รายงานผลทุกเดือน {EMOJI}"}
    )
    measures = list(plan.measures)
    measures[1] = measure
    stored = plan.model_copy(update={"measures": measures})
    with pytest.raises(DocumentError) as caught:
        render_document(stored, round_index=0, fmt="docx")
    message = str(caught.value)
    assert message.startswith("มาตรการ IIT-2 (การติดตามประเมินผล)")
    assert "U+1F600" in message


def test_the_progress_form_refuses_an_emoji_on_its_field(client, officer, open_round) -> None:
    entry = ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 3)
    )
    client.force_login(officer)
    p = f"p{entry.pk}"
    response = client.post(
        f"/a/thaphae/progress/{entry.pk}/",
        {f"{p}-note": f"เผยแพร่แล้ว {EMOJI}", f"{p}-evidence_text": "", f"{p}-urls": ""},
    )
    page = response.content.decode()
    assert "U+1F600" in page
    entry.refresh_from_db()
    assert EMOJI not in entry.note


def test_the_progress_form_drops_zero_width_characters(client, officer, open_round) -> None:
    entry = ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 3)
    )
    client.force_login(officer)
    p = f"p{entry.pk}"
    client.post(
        f"/a/thaphae/progress/{entry.pk}/",
        {
            f"{p}-note": f"ปรับปรุง{ZWSP}หน้าเว็บ",
            f"{p}-evidence_text": "",
            f"{p}-urls": f"https://www.thaphae.go.th/{ZWSP}news",
        },
    )
    entry.refresh_from_db()
    assert entry.note == "ปรับปรุงหน้าเว็บ"
    assert entry.urls == ["https://www.thaphae.go.th/news"]


def test_the_rendered_memo_has_no_zero_width_characters(plan: PlanFile) -> None:
    measure = plan.measures[0].model_construct(
        **{**dict(plan.measures[0]), "title": f"ประกาศ{ZWSP}นโยบาย"}
    )
    stored = plan.model_copy(update={"measures": [measure, *plan.measures[1:]]})
    docx = render_document(stored, round_index=0, fmt="docx")
    assert not any(ZWSP in text for text in paragraph_texts(docx))
