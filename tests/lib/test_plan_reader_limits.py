"""The plan reader does bounded work on hostile files and refuses them with a location
(issue 10, finding 10), and never fails in any other way (a small fuzz suite)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from ita_tracker.lib.errors import InputRefused
from ita_tracker.lib.safe_zip import open_checked
from ita_tracker.planfile.reader import PlanFileError, read_plan_text

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

HOSTILE = {
    "billion laughs": (BILLION_LAUGHS, 2, "alias"),
    "nesting 1,000 deep": ("a: " + "[" * 1000 + "]" * 1000 + "\n", 1, "nested"),
    "a list as a key": ("agency:\n  ? [1, 2]\n  : x\n", 2, "key must be text"),
    "a mapping as a key": ("{? {a: 1} : 2}\n", 1, "key must be text"),
    "200,000 unknown keys": ("".join(f"k{n}: 1\n" for n in range(200_000)), None, "longer"),
    "25,000 values": ("x: [" + ",".join("1" for _ in range(25_000)) + "]\n", 1, "values"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_it_refuses_a_hostile_file_with_its_line(case: str) -> None:
    text, line, words = HOSTILE[case]
    with pytest.raises(PlanFileError) as caught:
        read_plan_text(text, "hostile.yaml")
    issue = caught.value.issues[0]
    assert issue.line == line
    assert words in issue.message_en
    assert issue.message_th != issue.message_en  # said in Thai too


@pytest.mark.parametrize(("text", "line"), [("\x00format: x\n", 1), ("a: 1\nb: ก\x00ข\n", 2)])
def test_it_refuses_a_control_character_with_its_line(text: str, line: int) -> None:
    # Found by tests/test_fuzz_imports.py: YAML refuses these before parsing, with no line.
    with pytest.raises(PlanFileError) as caught:
        read_plan_text(text, "nul.yaml")
    [issue] = caught.value.issues
    assert issue.line == line
    assert "#x0000" in issue.message_en


def test_it_reports_at_most_200_problems() -> None:
    text = "format: ita-tracker/plan@1\n" + "".join(f"unknown{n}: 1\n" for n in range(1000))
    with pytest.raises(PlanFileError) as caught:
        read_plan_text(text, "many.yaml")
    assert len(caught.value.issues) == 201
    assert "more problem" in caught.value.issues[-1].message_en


YAML_PIECES = st.sampled_from(
    [
        "format: ita-tracker/plan@1\n",
        "agency:\n",
        "  slug: a\n",
        "  name: ท่าแพ\n",
        "fiscal_year: 2566\n",
        "measures:\n",
        "  - tool: IIT\n",
        "    title: x\n",
        "    period: {start: 2565-10, end: 2566-03}\n",
        "rounds: []\n",
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a ",
        "? ",
        "'",
        '"',
        "\t",
        "\x00",
        "\n",
        "  ",
        "๑๒",
        "2566-02-30",
        "!!python/object:os.system ",
        "<<: *a\n",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
    ]
)


@seed(20261130)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_fuzz_the_reader_only_ever_refuses_with_a_located_plan_file_error(text: str) -> None:
    problems = None
    try:
        read_plan_text(text, "fuzz.yaml")
    except PlanFileError as exc:
        problems = exc.issues
    if problems is not None:
        assert problems
        assert all(i.message_th and i.message_en for i in problems)


@seed(20261130)
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400).map(lambda tail: b"PK\x03\x04" + tail) | st.binary(max_size=400))
def test_fuzz_zip_opening_only_ever_refuses_with_an_input_refusal(data: bytes) -> None:
    refusal = None
    try:
        open_checked(data).close()
    except InputRefused as exc:
        refusal = exc
    assert refusal is None or refusal.message_th
