from __future__ import annotations

from tests.conftest import PASSWORD


def test_it_sends_anonymous_users_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lists_the_members_plans(client, coordinator, plan_a):
    client.login(username="coordinator", password=PASSWORD)
    page = client.get("/").content.decode()
    assert "เทศบาลตำบลท่าแพ" in page
    assert "2566" in page


def test_it_hides_other_agencies(client, officer_b, plan_a):
    client.login(username="officer-b", password=PASSWORD)
    page = client.get("/").content.decode()
    assert "เทศบาลตำบลท่าแพ" not in page
    assert "เทศบาลตำบลบี" in page


def test_it_speaks_thai_by_default_and_english_on_request(client, coordinator, plan_a):
    client.login(username="coordinator", password=PASSWORD)
    assert "หน่วยงานของคุณ" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Your agencies" in client.get("/").content.decode()


def test_it_shows_an_approver_what_waits_for_her(client, coordinator, chain_a, open_round):
    """After logging in, the head of the clerk's office lands here: the document waiting for
    her decision is one click away, without opening the dashboard first."""
    from ita_tracker.documents.approvals import submit_round_report

    head = chain_a[0]
    client.force_login(head)
    assert "รอท่านพิจารณา" not in client.get("/").content.decode()
    submit_round_report(open_round, acting_user=coordinator)
    page = client.get("/").content.decode()
    assert "มีเอกสาร ๑ รายการรอท่านพิจารณา" in page or "มีเอกสาร 1 รายการรอท่านพิจารณา" in page
    assert 'href="/a/thaphae/documents/inbox/"' in page
