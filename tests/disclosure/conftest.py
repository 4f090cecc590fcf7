"""Fixtures of the public-site tests: a fresh public folder per test, and agency A's FY2566
with its plan and 6-month report released as the seed says they were approved (recorded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ita_tracker.disclosure import publishing
from ita_tracker.documents.approvals import record_imported
from ita_tracker.plans.models import MeasurePlan


@pytest.fixture(autouse=True)
def public_root(settings: Any, tmp_path: Path) -> Path:
    settings.PUBLIC_ROOT = tmp_path / "public"
    settings.SITE_URL = "https://ita.example.go.th"
    return settings.PUBLIC_ROOT


@pytest.fixture
def released_a(plan_a: MeasurePlan, django_capture_on_commit_callbacks: Any) -> MeasurePlan:
    """Agency A's plan and 6-month report recorded as approved (released), not yet published."""
    with django_capture_on_commit_callbacks(execute=False):
        record_imported(plan_a, acting_user=None)
    return plan_a


@pytest.fixture
def published_a(released_a: MeasurePlan) -> MeasurePlan:
    publishing.publish_year(released_a.agency_id, 2566)
    return released_a


@pytest.fixture(scope="session")
def converter() -> Any:
    from ita_tracker.docengine.exporters.pdf import SofficeConverter

    one_shot = SofficeConverter()
    yield one_shot
    one_shot.close()
