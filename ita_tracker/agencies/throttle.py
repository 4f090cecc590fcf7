"""Throttling of failed logins, counted in the database so that all server processes agree.

A sliding window: once a user name has failed ``LOGIN_MAX_FAILURES`` times from one address
within ``LOGIN_FAILURE_WINDOW_SECONDS``, further attempts for that pair are refused without
checking the password until the oldest of those failures leaves the window. One address is also
capped over all user names (``LOGIN_MAX_FAILURES_PER_IP``), against password spraying.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from ita_tracker.agencies.models import LoginFailure


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the header a trusted proxy sets (settings)."""
    raw = ""
    if settings.CLIENT_IP_HEADER:
        raw = request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[0].strip()
    raw = raw or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def _normalise(username: str) -> str:
    return username.strip().lower()[:150]


def _window_start(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _wait(times: list[dt.datetime], limit: int, now: dt.datetime) -> int:
    """Seconds until fewer than ``limit`` of ``times`` (newest first) are inside the window."""
    if len(times) < limit:
        return 0
    # The limit-th newest failure is the one whose expiry brings the count under the limit.
    expires = times[limit - 1] + dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return max(1, math.ceil((expires - now).total_seconds()))


def seconds_locked(username: str, ip: str | None) -> int:
    """0 when a login may be tried; otherwise how many seconds until it may."""
    now = timezone.now()
    since = _window_start(now)
    pair = list(
        LoginFailure.objects.filter(username=_normalise(username), ip_address=ip, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES]
    )
    wait = _wait(pair, settings.LOGIN_MAX_FAILURES, now)
    if ip is not None:
        by_ip = list(
            LoginFailure.objects.filter(ip_address=ip, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES_PER_IP]
        )
        wait = max(wait, _wait(by_ip, settings.LOGIN_MAX_FAILURES_PER_IP, now))
    return wait


def register_failure(username: str, ip: str | None) -> None:
    """Count one failure, and forget failures that have left the window (keeps the table small)."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=_window_start(now)).delete()
    LoginFailure.objects.create(username=_normalise(username), ip_address=ip, at=now)


def clear(username: str, ip: str | None) -> None:
    """A successful login forgets that pair's failures."""
    LoginFailure.objects.filter(username=_normalise(username), ip_address=ip).delete()


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
