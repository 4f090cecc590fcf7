"""Changing a password, and resetting a forgotten one by e-mail."""

from __future__ import annotations

import re

from django.core import mail

from tests.conftest import PASSWORD


def test_it_changes_the_password(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new and long passphrase",
            "new_password2": "a new and long passphrase",
        },
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("a new and long passphrase")


def test_it_asks_anonymous_users_to_log_in_before_changing_a_password(client, db):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_mails_a_reset_link_in_thai_that_sets_a_new_password(client, coordinator):
    coordinator.email = "kamonthip@example.go.th"
    coordinator.save()
    response = client.post("/accounts/password/reset/", {"email": "kamonthip@example.go.th"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "ตั้งรหัสผ่านใหม่" in message.subject
    assert "coordinator" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "another long passphrase", "new_password2": "another long passphrase"},
    )
    assert done.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("another long passphrase")


def test_it_does_not_tell_whether_an_address_is_known(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.go.th"})
    assert response.status_code == 302
    assert mail.outbox == []
