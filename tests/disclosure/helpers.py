"""Reading public responses: published files stream, dynamic pages do not."""

from __future__ import annotations

from typing import Any


def body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def text(response: Any) -> str:
    return body(response).decode("utf-8")
