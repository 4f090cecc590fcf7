"""Agency templates are untrusted code: they must not reach Python internals or the server."""

from __future__ import annotations

import pytest

from ita_tracker.docengine.errors import TemplateError, TemplateSecurityError
from ita_tracker.docengine.exporters.docx import builtin_template, render_docx
from ita_tracker.docengine.render import document_context
from ita_tracker.planfile.schema import PlanFile
from tests.documents.helpers import edit_docx

PAYLOADS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ memo.__class__.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range.__globals__ }}",
    "{{ '{0.__class__}'.format(memo) }}",
    "{{ memo.items.__self__ }}",
]


def _template_with(payload: str) -> bytes:
    return edit_docx(builtin_template("progress_report"), "{{ memo.subject }}", payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_it_blocks_python_internals(plan: PlanFile, payload: str) -> None:
    with pytest.raises(TemplateSecurityError) as caught:
        render_docx(_template_with(payload), document_context(plan, 0))
    assert "เรื่อง" in caught.value.location  # located at the subject line


def test_it_has_no_cycler_to_escape_through(plan: PlanFile) -> None:
    with pytest.raises(TemplateError, match="cycler"):
        render_docx(_template_with("{{ cycler.__init__.__globals__ }}"), document_context(plan, 0))


def test_it_refuses_to_change_the_context(plan: PlanFile) -> None:
    with pytest.raises(TemplateSecurityError):
        render_docx(
            _template_with("{{ memo.update({'subject': 'x'}) }}"), document_context(plan, 0)
        )


@pytest.mark.parametrize("payload", ["{{ 'x' * 1000000000 }}", "{{ 10 ** 100000 }}"])
def test_it_refuses_to_blow_up_memory(plan: PlanFile, payload: str) -> None:
    with pytest.raises(TemplateSecurityError):
        render_docx(_template_with(payload), document_context(plan, 0))


def test_it_still_allows_ordinary_template_code(plan: PlanFile) -> None:
    template = _template_with(
        "{{ memo.subject|upper }} {{ 'ab' * 3 }} {{ tools|length }} {{ memo.get('date') }}"
    )
    render_docx(template, document_context(plan, 0))
