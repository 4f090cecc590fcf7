"""Response headers of the public site, the same for published files and dynamic pages.

The back office denies framing everywhere (``X_FRAME_OPTIONS = "DENY"``); the public pages do
too, except the embeddable OIT pages (``…/oit/<code>/embed/``) that agencies put in an iframe
on their own websites. Pages load no script and no inline style.
"""

from __future__ import annotations

from typing import Any

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'self'; frame-ancestors {ancestors}"
)


def is_embed(url: str) -> bool:
    return "/embed/" in url


def public_headers(headers: Any, url: str, content_type: str) -> None:
    """Set the headers on ``headers`` (a response or WhiteNoise's header list)."""
    embed = is_embed(url)
    if content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = PAGE_CSP.format(ancestors="*" if embed else "'none'")
    if not embed:
        headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
