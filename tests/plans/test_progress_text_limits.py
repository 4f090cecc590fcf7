"""The progress form refuses a 56,000-character note and a NUL byte in an evidence link, with
the field named, and stores nothing (issue 10, findings 5 and 7)."""

from __future__ import annotations

import pytest

from ita_tracker.plans.models import ProgressEntry
from tests.conftest import measure_of


@pytest.fixture
def own_entry(open_round):
    return ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 3)
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("note", "ก" * 56_000), ("urls", "https://www.thaphae.go.th/\x00x"), ("note", "a\x00b")],
    ids=["56k note", "NUL in a link", "NUL in a note"],
)
def test_it_refuses_and_stores_nothing(client, officer, own_entry, field, value):
    client.force_login(officer)
    p = f"p{own_entry.pk}"
    data = {f"{p}-note": "", f"{p}-evidence_text": "", f"{p}-urls": ""}
    data[f"{p}-{field}"] = value
    response = client.post(f"/a/thaphae/progress/{own_entry.pk}/", data, HTTP_HX_REQUEST="true")
    assert response.status_code in (200, 422)
    page = response.content.decode()
    assert "errorlist" in page or "error" in page
    own_entry.refresh_from_db()
    assert own_entry.note == ""
    assert own_entry.urls == []
