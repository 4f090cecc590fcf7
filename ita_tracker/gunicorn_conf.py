"""gunicorn settings for ``ita-tracker serve`` (passed as ``--config python:…``)."""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """Each worker starts its own LibreOffice before it takes requests, so the first PDF a
    user asks for does not wait about 5 s for it to start."""
    from ita_tracker.docengine.exporters.pdf import start_shared_converter

    start_shared_converter()
