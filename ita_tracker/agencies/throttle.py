"""Throttling of failed logins, counted in the database so that all server processes agree.

A sliding window: once a user name has failed ``LOGIN_MAX_FAILURES`` times from one address
within ``LOGIN_FAILURE_WINDOW_SECONDS``, further attempts for that pair are refused without
checking the password until the oldest of those failures leaves the window. One address is also
capped over all user names (``LOGIN_MAX_FAILURES_PER_IP``), against password spraying; a user
who has logged in from this browser before (the signed ``KNOWN_DEVICE_COOKIE``) is not held by
that cap, so an attack from an office's shared address (or a proxy) does not lock its staff out.

Holding under concurrency: :func:`begin_attempt` counts an attempt *before* the password is
checked, as a ``LoginFailure`` row written while holding a lock on the user name and the address
(SQLite: the IMMEDIATE transaction; PostgreSQL: advisory locks), so 25 parallel guesses get 5
checks, not 25. A successful login deletes its row (:func:`succeeded`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ita_tracker.agencies.models import LoginFailure

KNOWN_DEVICE_COOKIE = "ita_known_device"
_COOKIE_SALT = "ita_tracker.agencies.throttle.known-device"
_COOKIE_AGE = 365 * 24 * 3600


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


def _pair_wait(username: str, ip: str | None, now: dt.datetime) -> int:
    pair = list(
        LoginFailure.objects.filter(
            username=_normalise(username), ip_address=ip, at__gte=_window_start(now)
        )
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES]
    )
    return _wait(pair, settings.LOGIN_MAX_FAILURES, now)


def _address_wait(ip: str | None, now: dt.datetime) -> int:
    if ip is None:
        return 0
    by_ip = list(
        LoginFailure.objects.filter(ip_address=ip, at__gte=_window_start(now))
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES_PER_IP]
    )
    return _wait(by_ip, settings.LOGIN_MAX_FAILURES_PER_IP, now)


def seconds_locked(username: str, ip: str | None, *, known_device: bool = False) -> int:
    """0 when a login may be tried; otherwise how many seconds until it may."""
    now = timezone.now()
    wait = _pair_wait(username, ip, now)
    if not known_device:
        wait = max(wait, _address_wait(ip, now))
    return wait


@dataclass(frozen=True)
class Attempt:
    """An attempt counted before its password is checked (``failure`` is its row), or refused:
    ``wait`` seconds, ``cause`` says whether the user name or the whole address is held."""

    failure: LoginFailure | None
    wait: int = 0
    cause: Literal["", "user", "address"] = ""


def _lock(*keys: str) -> None:
    """Serialise attempts on the same keys (PostgreSQL; SQLite's IMMEDIATE transactions already
    serialise every writer). Sorted, so two attempts never wait for each other's locks."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def begin_attempt(username: str, ip: str | None, *, known_device: bool = False) -> Attempt:
    """Count an attempt for (``username``, ``ip``), or refuse it without a password check."""
    name = _normalise(username)
    with transaction.atomic():
        _lock(f"login-user:{name}|{ip}", f"login-ip:{ip}")
        now = timezone.now()
        wait = _pair_wait(name, ip, now)
        if wait:
            return Attempt(None, wait, "user")
        if not known_device:
            wait = _address_wait(ip, now)
            if wait:
                return Attempt(None, wait, "address")
        # Forget failures that have left the window (keeps the table small).
        LoginFailure.objects.filter(at__lt=_window_start(now)).delete()
        return Attempt(LoginFailure.objects.create(username=name, ip_address=ip, at=now))


def succeeded(attempt: Attempt) -> None:
    """The password was right: the attempt was no failure, and the pair's failures are
    forgotten."""
    if attempt.failure is not None:
        clear(attempt.failure.username, attempt.failure.ip_address)


def clear(username: str, ip: str | None) -> None:
    """A successful login forgets that pair's failures."""
    LoginFailure.objects.filter(username=_normalise(username), ip_address=ip).delete()


def forget_user(username: str) -> None:
    """A password reset lifts every lock on the user name, from every address."""
    LoginFailure.objects.filter(username=_normalise(username)).delete()


def register_failure(username: str, ip: str | None) -> None:
    """Count one failure directly (tests and tools; logins count through begin_attempt)."""
    now = timezone.now()
    LoginFailure.objects.create(username=_normalise(username), ip_address=ip, at=now)


def is_known_device(request: HttpRequest | None, username: str) -> bool:
    """Whether this browser carries our signed cookie from a successful login as ``username``."""
    if request is None or not username:
        return False
    value = request.get_signed_cookie(
        KNOWN_DEVICE_COOKIE, default=None, salt=_COOKIE_SALT, max_age=_COOKIE_AGE
    )
    return value == _normalise(username)


def remember_device(response: HttpResponse, username: str) -> None:
    response.set_signed_cookie(
        KNOWN_DEVICE_COOKIE,
        _normalise(username),
        salt=_COOKIE_SALT,
        max_age=_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
