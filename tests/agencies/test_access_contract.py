"""Who may do what is decided in one place: agencies/access.py (issue 10). These tests walk the
source, so a view or service that starts deciding roles itself fails here, not in production.

- No module but access.py compares roles (``membership.role == …``, ``… in (Role.X, …)``).
- Membership carries no permission predicate of its own (``can_*``); Access has them all.
- Every public function that writes the audit trail asks ``authorize`` (the role check and the
  agency's audit chain lock, finding 13) or, for the worker's system tasks, ``hold_chain``,
  before its first ``record``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ita_tracker.agencies.models import Membership

PACKAGE = Path(__file__).resolve().parents[2] / "ita_tracker"
ACCESS = PACKAGE / "agencies" / "access.py"
GUARDS = {"authorize", "authorize_site", "hold_chain", "hold_every_chain"}
WRITES = {"record", "linked_rows"}
# Writers with no agency's rights to check: the catalogues (site-wide reference data) and the
# Django admin's additions by a site administrator (audit/admin_mixins.py).
NOT_AGENCY_WRITES = {
    PACKAGE / "frameworks" / "services.py",
    PACKAGE / "audit" / "admin_mixins.py",
}


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts and path != ACCESS
    ]


def _is_role(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        if node.attr == "role":
            return True
        if isinstance(node.value, ast.Name) and node.value.id == "Role":
            return True
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_role(e) for e in node.elts)
    return False


def test_no_module_but_access_compares_roles():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Compare)
                and any(_is_role(n) for n in [node.left, *node.comparators])
                and not all(isinstance(op, ast.Is | ast.IsNot) for op in node.ops)
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_no_module_reads_a_permission_predicate_of_a_membership():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Attribute)
                and (node.attr.startswith("can_") or node.attr == "is_unit_officer")
                and "membership" in ast.unparse(node.value).lower()
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []
    assert [name for name in dir(Membership) if name.startswith("can_")] == []


def _calls(node: ast.AST) -> list[tuple[int, str]]:
    out = []
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name:
                out.append((call.lineno, name))
    return sorted(out)


def test_every_service_that_writes_the_audit_trail_asks_access_first():
    unguarded = []
    services = 0
    for path in _modules():
        if path in NOT_AGENCY_WRITES:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            calls = _calls(node)
            writes = [line for line, name in calls if name in WRITES]
            if not writes:
                continue
            services += 1
            guards = [line for line, name in calls if name in GUARDS]
            if not guards or min(guards) > min(writes):
                unguarded.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert services > 40
    assert unguarded == []
