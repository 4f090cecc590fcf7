"""gunicorn settings for ``ita-tracker serve`` (passed as ``--config python:…``)."""

from __future__ import annotations

import os
from typing import Any

# A request may render a document (the template's budget, docengine/sandbox.py) and convert it
# to PDF (ITA_PDF_TIMEOUT, 40 s by default): the worker's own timeout must leave room for both,
# so that a slow conversion answers with the converter's message instead of a killed worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))


def post_worker_init(worker: Any) -> None:
    """Each worker starts its own LibreOffice before it takes requests, so the first PDF a
    user asks for does not wait about 5 s for it to start."""
    from ita_tracker.docengine.exporters.pdf import start_shared_converter

    start_shared_converter()
