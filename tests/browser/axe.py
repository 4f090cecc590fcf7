"""axe-core (from npm, installed by scripts/setup.sh) injected into a Playwright page.

Every HTML page forbids inline scripts (CSP without 'unsafe-inline'), so axe is not added as a
<script> tag: its source is evaluated through the DevTools protocol, which the page's CSP does
not govern. The page itself keeps its real CSP while it is scanned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "build/npm/node_modules/axe-core/axe.min.js"
SERIOUS = {"serious", "critical"}


def _inject(page: Any) -> None:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")


def serious_violations(page: Any, *, experimental: bool = False) -> list[str]:
    """``rule: target …`` for every serious or critical violation on the page (WCAG 2.1 AA);
    ``experimental`` adds axe's experimental rules (label-content-name-mismatch, td-has-header)."""
    if not AXE.exists():
        raise AssertionError(f"axe-core not found at {AXE} (scripts/setup.sh installs it)")
    _inject(page)
    result = page.evaluate(
        """async (experimental) => await axe.run(document, {
            runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']
                              .concat(experimental ? ['experimental'] : [])},
            resultTypes: ['violations'],
        })""",
        experimental,
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def all_violations(page: Any, *, experimental: bool = True) -> list[tuple[str, str, str]]:
    """``(impact, rule, target)`` of every violation, experimental rules included: what
    docs/accessibility.md accounts for beyond the serious and critical ones."""
    _inject(page)
    result = page.evaluate(
        """async (experimental) => await axe.run(document, {
            runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']
                              .concat(experimental ? ['experimental'] : [])},
            resultTypes: ['violations'],
        })""",
        experimental,
    )
    return [
        (v["impact"] or "", v["id"], str(n["target"]))
        for v in result["violations"]
        for n in v["nodes"][:2]
    ]
