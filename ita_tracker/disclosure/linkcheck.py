"""The evidence link checker: is every link a plan's progress entries give still reachable?

Links are checked concurrently (a thread each, ``workers`` at a time), each with its own
timeout; the whole run is bounded by the number of links. A link is alive when it answers with
a status below 400 (redirects followed); HEAD first, GET when the server refuses HEAD.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ita_tracker.disclosure.services import LinkResult
from ita_tracker.plans.models import MeasurePlan, ProgressEntry

USER_AGENT = "ITA-Tracker-link-checker/1"
_RETRY_WITH_GET = {403, 405, 501}


def plan_links(plan: MeasurePlan) -> dict[str, list[str]]:
    """Every evidence link of the plan's rounds -> where it is used (``รอบ ๖ เดือน IIT-1``)."""
    where: dict[str, list[str]] = defaultdict(list)
    entries = (
        ProgressEntry.objects.filter(round__plan=plan)
        .select_related("round", "measure__tool")
        .order_by("round__period_end", "measure__tool__order", "measure__order", "pk")
    )
    for entry in entries:
        label = f"{entry.round.title_th} {entry.measure.tool.code}-{entry.measure.order}"
        for url in entry.urls:
            if label not in where[url]:
                where[url].append(label)
    return dict(where)


def _request(url: str, method: str, timeout: float) -> int:
    headers = {"User-Agent": USER_AGENT}
    if method == "GET":
        headers["Range"] = "bytes=0-0"
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return int(response.status)


def check_url(url: str, *, timeout: float = 10.0) -> tuple[bool, int | None, str]:
    """``(alive, HTTP status, problem)`` for one link."""
    if not url.startswith(("http://", "https://")):
        return False, None, "not an http(s) link"
    status: int | None = None
    for method in ("HEAD", "GET"):
        try:
            status = _request(url, method, timeout)
        except urllib.error.HTTPError as exc:
            status = exc.code
            if method == "HEAD" and status in _RETRY_WITH_GET:
                continue
            return False, status, f"HTTP {status}"
        except TimeoutError:
            return False, None, f"no answer within {timeout:g} s"
        except urllib.error.URLError as exc:
            reason: Any = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                return False, None, f"no answer within {timeout:g} s"
            return False, None, str(reason)[:200]
        except (OSError, ValueError) as exc:
            return False, None, str(exc)[:200]
        return status < 400, status, "" if status < 400 else f"HTTP {status}"
    return False, status, f"HTTP {status}"


def check_links(
    links: dict[str, list[str]], *, workers: int = 8, timeout: float = 10.0
) -> list[LinkResult]:
    """Check every link concurrently; results in the order of ``links``."""
    urls = list(links)
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls)))) as pool:
        outcomes = list(pool.map(lambda u: check_url(u, timeout=timeout), urls))
    return [
        LinkResult(url=url, ok=ok, status=status, error=error, where=links[url])
        for url, (ok, status, error) in zip(urls, outcomes, strict=True)
    ]
