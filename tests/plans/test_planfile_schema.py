"""The published JSON Schema (docs/plan-file.schema.json) is the schema the code validates with."""

from __future__ import annotations

import json
from pathlib import Path

from ita_tracker.planfile.schema import json_schema_text

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "plan-file.schema.json"


def test_it_publishes_the_current_schema():
    # Regenerate with: ita-tracker schema > docs/plan-file.schema.json
    assert PUBLISHED.read_text(encoding="utf-8") == json_schema_text()


def test_it_describes_the_fields_a_coordinator_fills_in():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    measure = schema["$defs"]["Measure"]["properties"]
    assert {"tool", "title", "methods", "responsible", "period", "follow_up"} <= set(measure)
    assert schema["$defs"]["ToolCode"]["enum"] == ["IIT", "EIT", "OIT"]
