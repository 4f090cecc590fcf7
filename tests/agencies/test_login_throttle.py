"""The login throttle holds: on the admin's login too, under parallel attempts, per address
without locking out the address's known users, and a password reset lifts it (issue 10,
findings 1 and 6)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client, RequestFactory

from ita_tracker.agencies import services, throttle
from ita_tracker.agencies.forms.auth import ThrottledAuthenticationForm
from ita_tracker.agencies.models import LoginFailure, Membership
from tests.conftest import PASSWORD

ADDRESS_LOCK = "เข้าสู่ระบบไม่สำเร็จจากที่อยู่เครือข่ายของคุณ"
NAME_LOCK = "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไปสำหรับชื่อผู้ใช้นี้"


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1", path=None):
    return client.post(
        path or "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_the_admin_login_is_throttled_and_records_failures(client, site_admin, settings):
    settings.LOGIN_MAX_FAILURES = 5
    name = site_admin.get_username()
    for _ in range(40):
        _login(client, name, "wrong", path="/admin/login/")
    assert LoginFailure.objects.filter(username=name.lower()).count() == 5
    response = _login(Client(), name, PASSWORD, path="/admin/login/")
    assert response.status_code == 200  # the form again, not the admin
    assert NAME_LOCK in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_failures_with_made_up_names_do_not_lock_a_known_user_of_the_address(
    client, coordinator, officer, settings
):
    settings.LOGIN_MAX_FAILURES_PER_IP = 10
    # The coordinator has logged in from this browser before.
    known = Client()
    assert _login(known, "coordinator", PASSWORD).status_code == 302
    known.post("/accounts/logout/")
    for n in range(30):
        _login(Client(), f"made-up-{n}", "wrong")
    assert _login(known, "coordinator", PASSWORD).status_code == 302
    # A browser that never logged in is held, and told why: the address, not the name.
    page = _login(Client(), "officer", PASSWORD).content.decode()
    assert ADDRESS_LOCK in page
    assert NAME_LOCK not in page


def test_the_known_device_cookie_is_for_its_own_user_only(client, coordinator, officer, settings):
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    assert _login(client, "coordinator", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for n in range(3):
        _login(Client(), f"x{n}", "wrong")
    assert ADDRESS_LOCK in _login(client, "officer", PASSWORD).content.decode()


def test_an_agency_admin_password_reset_lifts_the_lock(client, coordinator, agency_admin, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        _login(client, "coordinator", "wrong")
    assert NAME_LOCK in _login(Client(), "coordinator", PASSWORD).content.decode()
    membership = Membership.objects.get(user=coordinator)
    services.set_member_password(
        membership, password="a new long passphrase 2566", acting_user=agency_admin
    )
    assert _login(Client(), "coordinator", "a new long passphrase 2566").status_code == 302


def test_a_self_service_password_reset_lifts_the_lock(client, coordinator, settings, mailoutbox):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        _login(client, "coordinator", "wrong")
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    client.post("/accounts/password/reset/", {"email": coordinator.email})
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/" in line
    )
    path = link[link.index("/accounts/") :].strip()
    form_page = client.get(path, follow=True)
    new = "another long passphrase 2566"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _login(Client(), "coordinator", new).status_code == 302


@pytest.fixture
def postgres_only(request):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: parallel connections (SQLite serialises every writer)")
    # Asked for only now: on SQLite, a transactional test would empty the shared catalogues.
    request.getfixturevalue("transactional_db")
    call_command("load_frameworks", verbosity=0)


def test_parallel_wrong_passwords_get_only_the_limit_of_checks(postgres_only, settings):
    settings.LOGIN_MAX_FAILURES = 5
    get_user_model().objects.create_user("target", password=PASSWORD)
    results: list[str] = []
    barrier = threading.Barrier(25)

    def attempt() -> None:
        try:
            request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.9.9.9")
            form = ThrottledAuthenticationForm(
                request, data={"username": "target", "password": "wrong"}
            )
            barrier.wait()
            form.is_valid()
            results.append(form.errors.as_data()["__all__"][0].code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results).count("invalid_login") == 5
    assert results.count("throttled") == 20
    assert LoginFailure.objects.filter(username="target").count() == 5
    assert throttle.seconds_locked("target", "10.9.9.9") > 0
