"""``ita-tracker check-links``: every evidence link of a plan, checked concurrently with a
timeout against a real (local) HTTP server; the dead ones reported and shown on the plan page."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ita_tracker.cli import main
from ita_tracker.disclosure.linkcheck import check_url
from ita_tracker.disclosure.models import LinkCheck
from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.progress import update_progress
from tests.conftest import PASSWORD, measure_of


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/gone":
            self.send_response(404)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_it_tells_live_links_from_dead_ones(server):
    assert check_url(f"{server}/ok", timeout=2)[0] is True
    assert check_url(f"{server}/moved", timeout=2)[:2] == (True, 200)
    assert check_url(f"{server}/no-head", timeout=2)[0] is True
    assert check_url(f"{server}/gone", timeout=2) == (False, 404, "HTTP 404")
    ok, status, error = check_url(f"{server}/slow", timeout=0.5)
    assert (ok, status) == (False, None)
    assert "0.5 s" in error
    assert check_url("http://127.0.0.1:9/closed", timeout=1)[0] is False


def test_it_checks_a_plan_and_shows_the_dead_links_on_the_plan_page(
    server, plan_a, open_round, coordinator, client, capsys
):
    entry = ProgressEntry.objects.get(round=open_round, measure=measure_of(plan_a, "IIT", 1))
    links = [f"{server}/ok", f"{server}/gone", f"{server}/slow", f"{server}/no-head"]
    update_progress(entry, acting_user=coordinator, urls=links)
    started = time.monotonic()
    code = main(
        ["check-links", "--agency", "thaphae", "--year", "2566", "--timeout", "1", "--workers", "4"]
    )
    elapsed = time.monotonic() - started
    assert code == 1
    out = capsys.readouterr()
    assert "checked 4 links: 2 dead" in out.out
    assert f"DEAD {server}/gone  HTTP 404  (รอบ ๑๒ เดือน IIT-1)" in out.out
    assert elapsed < 3  # concurrent: the slow link does not hold up the others
    assert sorted(LinkCheck.objects.filter(ok=False).values_list("url", flat=True)) == [
        f"{server}/gone",
        f"{server}/slow",
    ]
    client.login(username="coordinator", password=PASSWORD)
    page = client.get("/a/thaphae/plans/2566/").content.decode()
    assert f"{server}/gone" in page
    assert f"{server}/ok" not in page


def test_it_shows_the_checks_to_no_other_agency(server, plan_a, officer_b, client):
    LinkCheck.objects.create(plan=plan_a, url=f"{server}/gone", ok=False, error="HTTP 404")
    client.login(username="officer-b", password=PASSWORD)
    assert client.get("/a/thaphae/plans/2566/").status_code == 404
    assert f"{server}/gone" not in client.get("/a/agency-b/").content.decode()


def test_it_stores_nothing_on_a_dry_run(server, plan_a, capsys):
    assert main(["check-links", "--agency", "thaphae", "--year", "2566", "--dry-run"]) == 0
    assert "checked 0 links: 0 dead" in capsys.readouterr().out
    assert not LinkCheck.objects.exists()
