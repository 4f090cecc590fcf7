"""The Word reader on hand-made variants of the seed's tables, one oddity per fixture."""

from __future__ import annotations

import pytest

from ita_tracker.officefiles import OfficeFileError, read_office_file
from tests.officefiles.docx_fixtures import PLAN_HEADER, WINGDINGS_TICK, docx_bytes

STATUS_HEADER_TOP = [
    "มาตรการ/แนวทาง ยกระดับ IIT",
    "ขั้นตอนหรือวิธีการปฏิบัติ",
    "สถานะดำเนินงาน",
    "สถานะดำเนินงาน",
    "สถานะดำเนินงาน",
]
STATUS_HEADER_SUB = ["", "", "ยังไม่ดำเนินการ", "อยู่ระหว่างดำเนินการ", "ดำเนินการเสร็จเรียบร้อยแล้ว"]


def _read(data: bytes):
    return read_office_file("memo.docx", data)


def _row(title: str, methods: str = "- ทำ", unit: str = "สำนักปลัด", period: str = "ต.ค.๖๕ – มี.ค.๖๖"):
    return [title, methods, unit, period, "รายงานผลในการประชุม"]


def test_it_takes_the_tool_from_heading_rows_spanning_the_table():
    data = docx_bytes(
        [
            [
                PLAN_HEADER,
                ["ยกระดับ IIT", "", "", "", ""],
                _row("๑. มาตรการหนึ่ง"),
                _row("๒. มาตรการสอง"),
                ["มาตรการยกระดับ EIT", "", "", "", ""],
                _row("๑. มาตรการสาม"),
            ]
        ],
        merges=[(0, 1, 0, 1, 4), (0, 4, 0, 4, 4)],
    )
    read = _read(data)
    assert [(m.tool, m.number, m.title) for m in read.measures] == [
        ("IIT", 1, "มาตรการหนึ่ง"),
        ("IIT", 2, "มาตรการสอง"),
        ("EIT", 1, "มาตรการสาม"),
    ]


def test_it_takes_the_tool_from_the_header_or_the_paragraph_before_the_table():
    header_eit = ["มาตรการ/แนวทางการยกระดับ EIT", *PLAN_HEADER[1:]]
    data = docx_bytes(
        [[header_eit, _row("๑. ก")], [PLAN_HEADER, _row("๑. ข")]],
        paragraphs_between=["๓. มาตรการยกระดับการเปิดเผยข้อมูลสาธารณะ (OIT)"],
    )
    assert [(m.tool, m.title) for m in _read(data).measures] == [("EIT", "ก"), ("OIT", "ข")]


def test_it_splits_methods_on_bullets_and_numbers():
    data = docx_bytes(
        [
            [
                ["มาตรการ/แนวทาง ยกระดับ IIT", *PLAN_HEADER[1:]],
                _row("๑. ก", "- ประชุมชี้แจง\n- รวบรวมข้อมูล\vจากทุกส่วนราชการ"),
                _row("๒. ข", "1) ปรับปรุงเว็บไซต์\n๒) เผยแพร่"),
                _row("๓. ค", "- หนึ่ง - สอง"),
                _row("๔. ง", "ประชุม\nรายงาน"),
            ]
        ]
    )
    assert [m.methods for m in _read(data).measures] == [
        ["ประชุมชี้แจง", "รวบรวมข้อมูลจากทุกส่วนราชการ"],
        ["ปรับปรุงเว็บไซต์", "เผยแพร่"],
        ["หนึ่ง", "สอง"],
        ["ประชุม", "รายงาน"],
    ]


def test_it_reads_merged_cells_and_skips_repeated_header_rows():
    header = ["มาตรการ/แนวทาง ยกระดับ IIT", *PLAN_HEADER[1:]]
    data = docx_bytes(
        [
            [
                header,
                _row("๑. ก", "- หนึ่ง", "สำนักปลัด", "ต.ค.๖๕ – มี.ค.๖๖"),
                ["", "- สอง", "", "", ""],  # the title, unit, period … cells merge downwards
                header,  # the header again, as when a table was pasted after a page break
                _row("๒. ข"),
            ]
        ],
        merges=[(0, 1, 0, 2, 0), (0, 1, 2, 2, 2), (0, 1, 3, 2, 3), (0, 1, 4, 2, 4)],
    )
    read = _read(data)
    assert [(m.title, m.methods, m.responsible) for m in read.measures] == [
        ("ก", ["หนึ่ง", "สอง"], ["สำนักปลัด"]),
        ("ข", ["ทำ"], ["สำนักปลัด"]),
    ]


def test_it_joins_a_row_split_across_pages():
    header = ["มาตรการ/แนวทาง ยกระดับ IIT", *PLAN_HEADER[1:]]
    data = docx_bytes(
        [
            [
                header,
                _row("๑. การเผยแพร่ประชาสัมพันธ์", "- ประชุมชี้แจงแผนการ"),
                ["แผนการใช้จ่ายงบประมาณ", "ใช้จ่ายงบประมาณ\n- เวียนหนังสือ", "", "", ""],
                _row("๒. ข"),
            ]
        ]
    )
    first, second = _read(data).measures
    assert first.title == "การเผยแพร่ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณ"
    assert first.methods == ["ประชุมชี้แจงแผนการใช้จ่ายงบประมาณ", "เวียนหนังสือ"]
    assert second.title == "ข"


def test_it_reads_thai_arabic_and_mixed_digits():
    header = ["มาตรการ/แนวทาง ยกระดับ OIT", *PLAN_HEADER[1:]]
    data = docx_bytes(
        [
            [
                header,
                _row("1. ก", period="ต.ค.65 - มี.ค.66"),
                _row("๒. ข", period="ต.ค.๖๕ – ก.ย. 2566"),
                _row("3) ค", period="1 ต.ค. ๖๕ ถึง 31 มี.ค. 66"),
            ]
        ]
    )
    read = _read(data)
    assert [m.number for m in read.measures] == [1, 2, 3]
    assert [m.period for m in read.measures] == [
        "ต.ค.65 - มี.ค.66",
        "ต.ค.๖๕ – ก.ย. 2566",
        "1 ต.ค. ๖๕ ถึง 31 มี.ค. 66",
    ]


def test_it_mends_split_sara_am_stray_spaces_and_hard_line_breaks():
    header = ["มาตรการ/แนวทาง ยกระดับ IIT", *PLAN_HEADER[1:]]
    data = docx_bytes(
        [
            [
                header,
                _row(
                    "๑. การเผยแพร่ประชาสัมพันธ์\vแผนการใช้จ่ายงบประมาณ\v(No Gift\vPolicy)",
                    "- จัดท\u0e4d\u0e32หนังสือเวียน\u200b  ไปยัง  ทุก ส่วนราชการ",
                    "สำนักปลัด  งาน ประชาสัมพันธ์",
                ),
                _row("๒. ประช ุมช ี้แจง เ ว็บไซต์"),
            ]
        ]
    )
    first, second = _read(data).measures
    assert first.title == "การเผยแพร่ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณ (No Gift Policy)"
    assert first.methods == ["จัดทำหนังสือเวียน ไปยัง ทุก ส่วนราชการ"]
    assert first.responsible == ["สำนักปลัด งาน ประชาสัมพันธ์"]  # matched ignoring spaces
    assert second.title == "ประชุมชี้แจง เว็บไซต์"


def test_it_reads_ticks_with_the_note_under_them():
    data = docx_bytes(
        [
            [
                STATUS_HEADER_TOP,
                STATUS_HEADER_SUB,
                ["๑. ก", "- ทำ", "-", "-", "✓\n(ตรวจสอบได้จาก\vเว็บไซต์ของหน่วยงาน)"],
                ["๒. ข", "- ทำ", "-", "✓", "-"],
                ["๓. ค", "- ทำ", "/", "", ""],
                ["๔. ง", "- ทำ", "", "", WINGDINGS_TICK],
            ]
        ],
        merges=[(0, 0, 2, 0, 4), (0, 0, 0, 1, 0), (0, 0, 1, 1, 1)],
    )
    read = _read(data)
    assert read.has_status
    assert [(m.status, m.evidence) for m in read.measures] == [
        ("completed", "ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน"),
        ("in_progress", ""),
        ("not_started", ""),
        ("completed", ""),
    ]
    assert not any(m.flags for m in read.measures)


def test_it_reads_status_words_in_one_column():
    header = ["มาตรการ/แนวทาง ยกระดับ EIT", "วิธีดำเนินการ", "สถานะการดำเนินงาน", "ผลการดำเนินงาน"]
    data = docx_bytes(
        [
            [
                header,
                ["๑. ก", "- ทำ", "ดำเนินการแล้ว (ตรวจสอบได้จากเว็บไซต์)", "จัดประชุม ๒ ครั้ง"],
                ["๒. ข", "- ทำ", "อยู่ระหว่างดำเนินการ", ""],
                ["๓. ค", "- ทำ", "แล้วเสร็จ", "https://www.thaphae.go.th/news/1"],
                ["๔. ง", "- ทำ", "ยังไม่ได้ดำเนินการ", ""],
                ["๕. จ", "- ทำ", "รอ", ""],
            ]
        ]
    )
    measures = _read(data).measures
    assert [m.status for m in measures] == [
        "completed",
        "in_progress",
        "completed",
        "not_started",
        "not_started",
    ]
    assert measures[0].evidence == "ตรวจสอบได้จากเว็บไซต์"
    assert measures[0].note == "จัดประชุม ๒ ครั้ง"
    assert measures[2].urls == ["https://www.thaphae.go.th/news/1"]
    assert [f.field for f in measures[4].flags] == ["status"]  # "รอ" is no status word
    assert measures[4].flags[0].where.column == 3


def test_it_puts_the_status_table_on_the_measures_of_the_plan_table():
    plan = [["มาตรการ/แนวทาง ยกระดับ OIT", *PLAN_HEADER[1:]], _row("๑. ไม่ปิดบัง บิดเบือนข้อมูล")]
    status = [
        [
            "มาตรการ/แนวทาง ยกระดับ OIT",
            "ขั้นตอน",
            "ยังไม่ดำเนินการ",
            "อยู่ระหว่างดำเนินการ",
            "ดำเนินการเสร็จเรียบร้อยแล้ว",
        ],
        ["๑. ไม่ปิดบัง ปิดเบี่ยงข้อมูล", "- ทำ", "", "✓", ""],
    ]
    (measure,) = _read(docx_bytes([plan, status])).measures
    assert (measure.title, measure.status) == ("ไม่ปิดบัง บิดเบือนข้อมูล", "in_progress")
    assert [f.field for f in measure.flags] == ["title"]  # the status table words it differently


def test_it_flags_two_ticks_and_no_tick():
    data = docx_bytes(
        [
            [
                [
                    "มาตรการ IIT",
                    "วิธีดำเนินการ",
                    "ยังไม่ดำเนินการ",
                    "อยู่ระหว่างดำเนินการ",
                    "ดำเนินการเสร็จเรียบร้อยแล้ว",
                ],
                ["๑. ก", "- ทำ", "", "✓", "✓"],
                ["๒. ข", "- ทำ", "-", "-", "-"],
            ]
        ]
    )
    first, second = _read(data).measures
    assert first.status == "completed"
    assert first.flags[0].where.column == 5
    assert second.status == "not_started"
    assert second.flags[0].field == "status"


@pytest.mark.parametrize(
    "tables",
    [
        [[["ผลการประเมิน", "คะแนน"], ["คะแนนรวม", "๗๐.๓๓"]]],
        [[["ชื่อ", "ตำแหน่ง"], ["นางสายฝน ยกชู", "หัวหน้าสำนักปลัดเทศบาล"]]],
        [],
    ],
)
def test_it_refuses_a_file_without_a_measures_table(tables):
    with pytest.raises(OfficeFileError) as caught:
        _read(docx_bytes(tables, before=["บันทึกข้อความ"]))
    assert "ไม่พบตารางมาตรการ" in caught.value.format()
    assert "no measures table found" in caught.value.format()


def test_it_locates_a_measure_whose_tool_it_cannot_tell():
    data = docx_bytes([[PLAN_HEADER, _row("๑. ก")]])
    with pytest.raises(OfficeFileError) as caught:
        _read(data)
    (problem,) = caught.value.problems
    assert (problem.where.table, problem.where.row) == (1, 2)
    assert "ตารางที่ 1 แถว 2" in problem.format("th")


def test_it_takes_out_spaces_inside_words_and_says_so():
    header = ["มาตรการ/แนวทาง ยกระดับ IIT", *PLAN_HEADER[1:]]
    data = docx_bytes(
        [
            [
                header,
                _row(
                    "๑. การเผยแพร่ ประชาสัมพันธ์แผนการใช้ จ่ายงบประมาณประจำปี",
                    "- ปรับปรุงเว็บ ไซต์หลัก\n- ประชุมชี้แจง ทำความเข้าใจกับทุกส่วน ราชการ",
                ),
            ]
        ]
    )
    (measure,) = _read(data).measures
    assert measure.title == "การเผยแพร่ ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณประจำปี"
    assert measure.methods == [
        "ปรับปรุงเว็บไซต์หลัก",
        "ประชุมชี้แจง ทำความเข้าใจกับทุกส่วนราชการ",  # the space between phrases stays
    ]
    assert sorted(f.field for f in measure.flags) == ["methods", "methods", "title"]
    assert "«ใช้ จ่ายงบประมาณ" in measure.flags[0].th or "ใช้ จ่าย" in measure.flags[0].th
