"""A small helper for explicit state transitions on models (no Django imports)."""

from __future__ import annotations

from collections.abc import Iterable


class InvalidTransition(Exception):
    """A transition was asked for from a state that does not allow it."""

    def __init__(self, obj: object, action: str, current: str) -> None:
        self.action = action
        self.current = current
        super().__init__(
            f"ทำรายการ «{action}» ไม่ได้ในสถานะ «{current}» / "
            f"cannot {action} {type(obj).__name__} in state {current!r}"
        )


def transition(obj: object, action: str, *, field: str, allowed: Iterable[str], to: str) -> str:
    """Set ``obj.<field>`` to ``to`` if its state is in ``allowed``; return the old state."""
    current = getattr(obj, field)
    if current not in set(allowed):
        raise InvalidTransition(obj, action, current)
    setattr(obj, field, to)
    return str(current)
