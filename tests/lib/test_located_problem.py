"""One located problem for every imported table file (Office plans, result sheets)."""

from __future__ import annotations

import pytest

from ita_tracker.lib.errors import LocatedProblem, Location, column_letter


@pytest.mark.parametrize(
    ("number", "letters"), [(1, "A"), (4, "D"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")]
)
def test_it_names_sheet_columns_as_excel_does(number, letters):
    assert column_letter(number) == letters


def test_a_word_table_counts_its_columns():
    where = Location(2, 5, 3)
    assert where.th() == "ตารางที่ 2 แถว 5 คอลัมน์ 3"
    assert where.en() == "table 2, row 5, column 3"


def test_a_sheet_names_its_columns_with_letters():
    where = Location("แผน", 2, 28)
    assert where.th() == "แผ่นงาน «แผน» แถว 2 คอลัมน์ AB"
    assert where.en() == "sheet 'แผน', row 2, column AB"


def test_a_column_written_out_is_shown_as_it_is():
    where = Location(row=3, column="B (คะแนนรวม)")
    assert where.th() == "แถว 3 คอลัมน์ B (คะแนนรวม)"
    assert where.en() == "row 3, column B (คะแนนรวม)"


def test_a_problem_with_the_whole_file_has_no_place():
    problem = LocatedProblem("ไฟล์ว่างเปล่า", "the file is empty", Location(column=""))
    assert problem.format("th") == "ไฟล์ว่างเปล่า"
    assert problem.format("en") == "the file is empty"
    assert problem.line() == "ไฟล์ว่างเปล่า / the file is empty"


def test_a_screen_gets_one_language_and_the_command_line_both():
    problem = LocatedProblem("ไม่มีคะแนนรวม", "no total score", Location(row=4, column="C"))
    assert problem.format("th") == "แถว 4 คอลัมน์ C: ไม่มีคะแนนรวม"
    assert problem.format("en") == "row 4, column C: no total score"
    assert problem.format() == "แถว 4 คอลัมน์ C: ไม่มีคะแนนรวม / row 4, column C: no total score"
    assert problem.line() == "row 4, column C: ไม่มีคะแนนรวม / no total score"


def test_it_survives_a_round_trip_through_json_data():
    problem = LocatedProblem("ก", "a", Location("IIT", 7, 2))
    assert LocatedProblem.from_dict(problem.as_dict()) == problem
    assert LocatedProblem.from_dict({"th": "ก", "en": "a"}) == LocatedProblem("ก", "a")
