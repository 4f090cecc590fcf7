"""axe-core (from npm, installed by scripts/setup.sh) injected into a Playwright page.

A local equivalent of the shared fixture the back-office work brings; the public pages forbid
inline scripts (CSP), so the scanning context bypasses CSP for the injected script only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "build/npm/node_modules/axe-core/axe.min.js"
SERIOUS = {"serious", "critical"}


def serious_violations(page: Any) -> list[str]:
    """``rule: target …`` for every serious or critical violation on the page (WCAG 2.1 AA)."""
    if not AXE.exists():
        raise AssertionError(f"axe-core not found at {AXE} (scripts/setup.sh installs it)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
        })"""
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
