"""Fuzzing the importers against the database (issue 10): plan files through the plan-file
importer, Word/Excel/CSV files through the Office import, results files through the results
import. Each case starts from a good file (the Tha Phae example, exported) and breaks it a
little: a value replaced by something hostile (control characters, very long text, Thai digits,
impossible dates, numbers where text belongs, nesting), a key dropped or added, a row or cell
changed, bytes flipped.

Whatever the input, the importer either imports it or refuses it with every problem located (a
line, a field path, a table/sheet with row or column; a problem of the whole file names the
file) and nothing changed: the row counts of every domain table are the same after a refusal.
Any other exception fails the test.

Hypothesis runs derandomized (the same cases every run, nothing kept between runs): CI runs a
few hundred cases per database; ``ITA_FUZZ_EXAMPLES=5000`` runs more of each on demand.
"""

from __future__ import annotations

import copy
import csv
import io
import os
from typing import Any

import openpyxl
import pytest
import yaml
from django.apps import apps
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ita_tracker.lib.errors import Location
from ita_tracker.officefiles import read_office_file
from ita_tracker.officefiles.errors import OfficeFileError
from ita_tracker.officefiles.sheets import write_csv, write_xlsx
from ita_tracker.planfile.reader import PlanFileError, read_plan_text
from ita_tracker.plans.planfile.exporter import export_plan
from ita_tracker.plans.planfile.importer import import_plan
from ita_tracker.plans.services.office_import import (
    OfficeImportRefused,
    confirm_office_import,
    preview_office_import,
)
from ita_tracker.results.importing import ImportRefused, import_agency_results
from tests.conftest import ROOT
from tests.officefiles.docx_fixtures import PLAN_HEADER, docx_bytes

DOMAIN_APPS = ("agencies", "plans", "documents", "results", "disclosure", "audit", "auth")


# The profile of these tests: the same cases every run (derandomized, nothing remembered between
# runs), no time limit per case (a loaded CI machine), and the database fixture shared by the
# cases of one test (each case measures its own before and after).
settings.register_profile(
    "ita-fuzz",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)


def fuzz(cases_in_ci: int) -> Any:
    """The profile with ``cases_in_ci`` cases, or ``ITA_FUZZ_EXAMPLES`` on demand."""
    count = int(os.environ.get("ITA_FUZZ_EXAMPLES") or cases_in_ci)
    return settings(settings.get_profile("ita-fuzz"), max_examples=count)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
    }


# --- hostile values -----------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "ก\x00ข",
        "\x1b[31m",
        "\u202e",
        "\ufeff",
        "a" * 301,
        "ก" * 5001,
        "๒๕๖๖",
        "2566-02-30",
        "2580-10-01",
        "31/12/2565",
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        '=HYPERLINK("http://x")',
        "IIT-999",
        "NaN",
        "-1",
        "1e309",
        "99999999999999999999",
        "javascript:alert(1)",
        "http://",
        "../../etc/passwd",
    ]
)
HOSTILE = st.one_of(
    HOSTILE_TEXT,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


def _mutate_tree(data: Any, draw: Any) -> Any:
    """One change somewhere in a JSON-like tree: replace, drop or add."""
    data = copy.deepcopy(data)
    parent: Any = None
    key: Any = None
    node = data
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if isinstance(node, dict) and node:
            k = draw(st.sampled_from(sorted(node, key=str)))
        elif isinstance(node, list) and node:
            k = draw(st.integers(min_value=0, max_value=len(node) - 1))
        else:
            break
        parent, key, node = node, k, node[k]
    action = draw(st.sampled_from(["replace", "replace", "drop", "add", "duplicate"]))
    if parent is None:
        return draw(HOSTILE) if action == "replace" else data
    if action == "replace":
        parent[key] = draw(HOSTILE)
    elif action == "drop":
        del parent[key]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["unknown", "id", "state", "title", "x" * 50]))] = draw(HOSTILE)
    elif action == "add":
        parent.append(draw(HOSTILE))
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    return data


# --- plan files through the importer ------------------------------------------------------


@pytest.fixture
def plan_data(plan_a) -> dict[str, Any]:
    return export_plan(plan_a).model_dump(mode="json", by_alias=True, exclude_none=True)


def _plan_text(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@fuzz(120)
@given(draw=st.data())
def test_fuzz_plan_files_import_or_refuse_located_with_nothing_changed(plan_data, draw):
    data = plan_data
    for _ in range(draw.draw(st.integers(min_value=1, max_value=3))):
        data = _mutate_tree(data, draw.draw)
    text = _plan_text(data)
    if draw.draw(st.booleans()):  # and sometimes the text itself, broken anywhere
        at = draw.draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw.draw(st.sampled_from(["\t", ":", "- ", "&a ", "*a", "\x00", "'"]))
        text += _plan_text(data)[at:]
    before = row_counts()
    issues = None
    try:
        plan = read_plan_text(text, "fuzz.yaml")
        import_plan(plan, acting_user=None, replace=draw.draw(st.booleans()), source="fuzz.yaml")
    except PlanFileError as exc:
        issues = exc.issues
    event("refused" if issues is not None else "imported")
    if issues is not None:
        assert issues
        assert [i.format() for i in issues if not (i.line or i.path)] == []  # each located
        assert row_counts() == before


# --- Word, Excel and CSV through the Office import -----------------------------------------


@pytest.fixture
def office_rows(plan_a) -> list[list[str]]:
    text = write_csv(export_plan(plan_a), round_index=0).decode("utf-8-sig")
    return [list(row) for row in csv.reader(io.StringIO(text))]


@pytest.fixture
def good_files(plan_a, office_rows) -> dict[str, bytes]:
    """Good Word and Excel files, to flip bytes in (made before any case replaces the plan)."""
    return {"xlsx": write_xlsx(export_plan(plan_a), round_index=0), "docx": _docx(office_rows)}


def _mutate_rows(rows: list[list[str]], draw: Any) -> list[list[str]]:
    rows = copy.deepcopy(rows)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not rows:
            break
        r = draw(st.integers(min_value=0, max_value=len(rows) - 1))
        action = draw(st.sampled_from(["cell", "cell", "cell", "drop", "copy", "short", "wide"]))
        if action == "cell" and rows[r]:
            c = draw(st.integers(min_value=0, max_value=len(rows[r]) - 1))
            value = draw(HOSTILE)
            rows[r][c] = value if isinstance(value, str) else str(value)
        elif action == "drop":
            del rows[r]
        elif action == "copy":
            rows.insert(r, list(rows[r]))
        elif action == "short":
            rows[r] = rows[r][: draw(st.integers(min_value=0, max_value=len(rows[r])))]
        elif action == "wide":
            rows[r] = rows[r] + [draw(HOSTILE_TEXT)]
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        # openpyxl cannot store control characters in a cell (Excel cannot either)
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(rows: list[list[str]]) -> bytes:
    width = len(PLAN_HEADER)
    table = [PLAN_HEADER] + [
        [ILLEGAL_CHARACTERS_RE.sub("", (row + [""] * width)[i]) for i in range(width)]
        for row in rows[1:]
    ]
    return docx_bytes([table])


def _whole_file_alone(problems: list[Any]) -> list[str]:
    """Every problem is located (table or sheet, row, column), except a problem of the whole
    file (not a Word/Excel/CSV file, damaged, no measures table …), which comes alone: the
    refusal names the file."""
    unlocated = [p.format("en") for p in problems if p.where == Location()]
    return unlocated if len(problems) > 1 else []


@fuzz(60)
@given(draw=st.data())
def test_fuzz_office_files_import_or_refuse_located_with_nothing_changed(
    plan_a, office_rows, good_files, draw
):
    rows = _mutate_rows(office_rows, draw.draw)
    kind = draw.draw(st.sampled_from(["csv", "csv", "xlsx", "docx", "bytes"]))
    name = f"fuzz.{kind if kind != 'bytes' else draw.draw(st.sampled_from(['xlsx', 'docx']))}"
    if kind == "csv":
        data = _csv(rows)
    elif kind == "xlsx":
        data = _xlsx(rows)
    elif kind == "docx":
        data = _docx(rows)
    else:  # a real file with bytes flipped
        good = good_files[name.rsplit(".", 1)[1]]
        at = draw.draw(st.integers(min_value=0, max_value=len(good) - 1))
        data = good[:at] + draw.draw(st.binary(min_size=1, max_size=8)) + good[at + 1 :]
    before = row_counts()
    problems = None
    try:
        read = read_office_file(name, data)
        preview = preview_office_import(agency=plan_a.agency, fiscal_year=2566, read=read)
        if preview.can_confirm:
            confirm_office_import(
                agency=plan_a.agency,
                fiscal_year=2566,
                read=read,
                delete_evidence=True,
                acting_user=None,
            )
        else:
            problems = preview.problems
    except (OfficeFileError, OfficeImportRefused) as exc:
        problems = exc.problems
    event("refused" if problems is not None else "imported")
    if problems is not None:
        assert problems
        assert _whole_file_alone(problems) == []
        assert row_counts() == before


# --- results files through the results import ---------------------------------------------


@pytest.fixture
def results_rows() -> list[list[str]]:
    text = (ROOT / "examples" / "thaphae-results.csv").read_text(encoding="utf-8-sig")
    return [list(row) for row in csv.reader(io.StringIO(text))]


@fuzz(100)
@given(draw=st.data())
def test_fuzz_results_files_import_or_refuse_located_with_nothing_changed(
    agency_a, results_rows, draw
):
    rows = _mutate_rows(results_rows, draw.draw)
    as_xlsx = draw.draw(st.booleans())
    data, name = (_xlsx(rows), "fuzz.xlsx") if as_xlsx else (_csv(rows), "fuzz.csv")
    before = row_counts()
    problems = None
    try:
        import_agency_results(agency=agency_a, data=data, filename=name, acting_user=None)
    except ImportRefused as exc:
        problems = exc.problems
    event("refused" if problems is not None else "imported")
    if problems is not None:
        assert problems
        assert _whole_file_alone(problems) == []
        assert row_counts() == before
