"""Security headers (issue 10, finding 12): a CSP without 'unsafe-inline' and a
Permissions-Policy on HTML pages, no-store on pages for logged-in users, and check --deploy
clean with the documented production settings."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

from tests.conftest import ROOT


def test_html_pages_carry_a_csp_without_unsafe_inline(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_for_a_logged_in_user_are_not_stored(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/a/thaphae/")
    assert response["Cache-Control"] == "private, no-store"


def test_no_inline_script_or_style_in_the_screens(client, coordinator, open_round):
    client.force_login(coordinator)
    for url in ("/a/thaphae/", f"/a/thaphae/rounds/{open_round.pk}/", "/a/thaphae/settings/"):
        page = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert " style=" not in page, url
        assert "<style" not in page, url


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    env = {
        # Not the test run's own settings: its database, nor the browser tests' switch that
        # lets Playwright's event loop thread use the ORM (a production server never sets it).
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "ITA_TRACKER_HOME": str(tmp_path),
        "SECURE_COOKIES": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "ita.example.go.th",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
