"""docs/templates.md lists every variable a template can use."""

from __future__ import annotations

from typing import Any

import pytest

from ita_tracker.docengine.lint import Kind, sample_context
from tests.documents.helpers import REPO


def _paths(value: Any, prefix: str = "") -> list[str]:
    """Dotted paths of the values templates print (``tools[].measures[].title``)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            if not isinstance(item, dict):
                found.append(path)
            found += _paths(item, path)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for item in value:
            found += _paths(item, prefix + "[]")
    return found


@pytest.mark.parametrize("kind", ["progress_report", "measures_plan"])
def test_it_documents_every_variable(kind: Kind) -> None:
    text = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    missing = sorted({p for p in _paths(sample_context(kind)) if f"`{p}`" not in text})
    assert missing == []
