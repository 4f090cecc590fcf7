"""Agency templates cannot take a worker down: every way to make work is bounded, and a breach
is a located refusal (issue 10, finding 2)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.docengine import sandbox
from ita_tracker.docengine.errors import TemplateError, TemplateSecurityError
from ita_tracker.docengine.exporters.docx import builtin_template, render_docx
from ita_tracker.docengine.lint import lint_template
from ita_tracker.docengine.render import document_context
from ita_tracker.documents.models import AgencyTemplate
from ita_tracker.planfile.schema import PlanFile
from tests.conftest import PASSWORD
from tests.documents.helpers import edit_docx
from tests.documents.hostile_templates import HOSTILE, SLOW


def _template_with(payload: str) -> bytes:
    return edit_docx(builtin_template("progress_report"), "{{ memo.subject }}", payload)


@pytest.fixture
def short_budget(monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 1.0)


@pytest.mark.parametrize("payload", [*HOSTILE.values(), *SLOW.values()], ids=[*HOSTILE, *SLOW])
def test_a_hostile_template_is_refused_where_it_is(
    plan: PlanFile, payload: str, short_budget
) -> None:
    with pytest.raises(TemplateError) as caught:  # TemplateSecurityError, or a syntax error
        render_docx(_template_with(payload), document_context(plan, 0))
    assert "เรื่อง" in caught.value.location, caught.value  # the subject line, where it was put
    assert "Jinja line" in caught.value.location


def test_it_runs_out_of_memory_budget_before_the_server_does(plan: PlanFile, monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 30.0)
    monkeypatch.setattr(sandbox, "RENDER_MEMORY", 40 * 1024 * 1024)
    with pytest.raises(TemplateSecurityError, match="memory") as caught:
        render_docx(_template_with(SLOW["output in a macro"]), document_context(plan, 0))
    assert "เรื่อง" in caught.value.location


def test_a_render_that_ends_in_time_is_not_interrupted_later(plan: PlanFile) -> None:
    with sandbox.Budget(seconds=0.05):
        pass
    import time

    time.sleep(0.2)  # a late watchdog would raise here
    render_docx(builtin_template("progress_report"), document_context(plan, 0))


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_the_check_reports_it_as_a_problem(payload: str) -> None:
    issues = lint_template(_template_with(payload))
    assert [i.kind for i in issues] in (["security"], ["syntax"]), issues
    assert "เรื่อง" in issues[0].location


def test_ordinary_template_code_still_works(plan: PlanFile) -> None:
    template = _template_with(
        "{{ memo.subject|upper|center(120) }} {{ '%05d' % 42 }} {{ '{:>6}'.format('x') }}"
        " {{ tools|map(attribute='code')|join(', ') }} {{ 2 ** 10 }} {{ 'a' ~ 'b' }}"
        " {{ memo.subject|replace('ผล', 'ผลการ') }} {{ [1, 2] + [3] }}"
        " {{ memo.subject|wordwrap(20) }}"
    )
    render_docx(template, document_context(plan, 0))


@pytest.mark.parametrize("case", ["center", "recursive macro", "deep brackets"])
def test_the_upload_page_refuses_it(client, coordinator, plan_a, case) -> None:
    client.login(username="coordinator", password=PASSWORD)
    upload = SimpleUploadedFile("bad.docx", _template_with(HOSTILE[case]))
    response = client.post(
        f"/a/{plan_a.agency.slug}/documents/templates/", {"kind": "progress_report", "file": upload}
    )
    assert response.status_code == 422
    assert "เรื่อง" in response.content.decode()
    assert AgencyTemplate.objects.count() == 0


def test_a_breach_that_was_swallowed_is_raised_again() -> None:
    # The watchdog's exception can land where it is swallowed: in a finaliser the garbage
    # collector runs in the rendering thread ("Exception ignored in …"). The render then went
    # on with no budget at all; in a long test run one grew to 23 GB before the kernel killed
    # it. The watchdog raises it again until the render leaves its budget.
    import time

    give_up = time.monotonic() + 10
    swallowed: list[type] = []

    def render_that_swallows_once() -> None:
        with sandbox.Budget(seconds=0.05):
            while time.monotonic() < give_up:
                try:
                    while time.monotonic() < give_up:
                        pass
                except sandbox.TimeExceeded as exc:
                    if swallowed:
                        raise
                    swallowed.append(type(exc))  # as a finaliser would: ignored, work goes on

    with pytest.raises(sandbox.TimeExceeded):
        render_that_swallows_once()
    assert swallowed == [sandbox.TimeExceeded]
    assert time.monotonic() < give_up, "the breach was not raised again"
