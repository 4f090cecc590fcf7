"""Why a service refused to act (no Django imports). Views show ``message`` and change nothing."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """A request that breaks a rule of the domain (plan not editable, round locked …)."""

    def __init__(self, message: Any) -> None:
        self.message = message
        super().__init__(str(message))
