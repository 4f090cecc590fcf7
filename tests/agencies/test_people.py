"""People are shown by Thai full name and position, never by login name (agencies/people.py):
history, boards, lists, the audit log, approvals and e-mails."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from ita_tracker.agencies.models import Membership, OrgUnit, Role, Signatory
from ita_tracker.agencies.people import person, person_label
from ita_tracker.documents.approvals import submit_round_report
from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.progress import update_progress
from ita_tracker.plans.services.reminders import send_round_reminders
from tests.conftest import PASSWORD, measure_of

LOGIN = "login-xq7-officer"  # a login name that no page text could contain by chance
COORD_LOGIN = "login-xq7-coord"


@pytest.fixture
def named_officer(django_user_model: Any, agency_a: Any) -> Any:
    user = django_user_model.objects.create_user(
        username=LOGIN, password=PASSWORD, first_name="วิไลวรรณ", last_name="ศรีสุข"
    )
    membership = Membership.objects.create(user=user, agency=agency_a, role=Role.UNIT_OFFICER)
    membership.units.set([OrgUnit.objects.get(agency=agency_a, name="งานประชาสัมพันธ์")])
    return user


@pytest.fixture
def named_coordinator(django_user_model: Any, agency_a: Any) -> Any:
    user = django_user_model.objects.create_user(username=COORD_LOGIN, password=PASSWORD)
    signatory, _ = Signatory.objects.get_or_create(
        agency=agency_a, name="นางสาวกมลทิพย์ วัจนะพันธ์", position="นักจัดการงานทั่วไปชำนาญการ"
    )
    Membership.objects.create(
        user=user, agency=agency_a, role=Role.COORDINATOR, signatory=signatory
    )
    return user


def test_it_names_a_signatory_by_name_and_position(named_coordinator, agency_a):
    assert person_label(named_coordinator, agency_a) == (
        "นางสาวกมลทิพย์ วัจนะพันธ์ (นักจัดการงานทั่วไปชำนาญการ)"
    )


def test_it_names_an_officer_by_full_name_with_role_and_unit(named_officer, agency_a):
    who = person(named_officer, agency_a)
    assert who.name == "วิไลวรรณ ศรีสุข"
    assert "งานประชาสัมพันธ์" in who.position
    assert "เจ้าหน้าที่" in who.position
    assert LOGIN not in str(who)


def test_it_asks_the_database_once_per_page(named_officer, named_coordinator, agency_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person(named_officer, agency_a)
    with CaptureQueriesContext(connection) as queries:
        person(named_coordinator, agency_a)
        person(named_officer, agency_a)
    assert len(queries) == 0


def _pages(client, agency_a, open_round, entry) -> dict[str, str]:
    year = open_round.plan.fiscal_year.be_year
    urls = {
        "board": f"/a/thaphae/plans/{year}/rounds/{open_round.pk}/board/",
        "progress card and history": f"/a/thaphae/progress/{entry.pk}/",
        "measure page": f"/a/thaphae/plans/{year}/measures/{entry.measure_id}/",
        "audit log": "/a/thaphae/history/",
        "members": "/a/thaphae/members/",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        pages[name] = response.content.decode()
    return pages


@pytest.mark.parametrize("who", ["named_officer", "named_coordinator"])
def test_it_never_shows_a_login_name_on_the_pages_that_name_people(
    db, client, request, agency_a, agency_admin, who, open_round
):
    """An officer named on her account; a coordinator known only as a signatory."""
    user = request.getfixturevalue(who)
    login = user.get_username()
    name = "วิไลวรรณ ศรีสุข" if who == "named_officer" else "นางสาวกมลทิพย์ วัจนะพันธ์"
    entry = ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "IIT", 3)
    )
    update_progress(entry, acting_user=user, status="in_progress")
    client.force_login(agency_admin)
    for page_name, page in _pages(client, agency_a, open_round, entry).items():
        if page_name == "members":
            # The administrator needs the login to tell the member; the name comes first.
            assert page.index(name) < page.index(login), page_name
            continue
        assert name in page, page_name
        assert login not in page, page_name


# `db` by name: pytest-django orders tests it cannot see using the database (the fixture is
# requested dynamically) after the transactional ones, which empty the catalogues.
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["named_officer", "named_coordinator"])
def test_it_shows_the_logged_in_user_by_name_in_the_header(db, agency_a, client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    page = client.get("/a/thaphae/", follow=True).content.decode()
    assert "วิไลวรรณ ศรีสุข" in page or "นางสาวกมลทิพย์ วัจนะพันธ์" in page
    assert user.get_username() not in page


def test_it_records_the_submitter_by_name_and_position(
    client, chain_a, named_coordinator, agency_a, open_round, django_capture_on_commit_callbacks
):
    chain_a[0].email = "head@example.go.th"
    chain_a[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit_round_report(open_round, acting_user=named_coordinator)
    assert submission.submitted_by_label == ("นางสาวกมลทิพย์ วัจนะพันธ์ (นักจัดการงานทั่วไปชำนาญการ)")
    assert mail.outbox, "the first approver is told"
    assert COORD_LOGIN not in mail.outbox[0].body
    client.force_login(chain_a[0])
    for url in (
        "/a/thaphae/documents/inbox/",
        f"/a/thaphae/documents/submissions/{submission.pk}/",
    ):
        page = client.get(url).content.decode()
        assert "นางสาวกมลทิพย์ วัจนะพันธ์" in page, url
        assert COORD_LOGIN not in page, url


def test_it_greets_officers_by_name_in_reminders(
    named_officer, open_round, django_capture_on_commit_callbacks
):
    named_officer.email = "wilai@example.go.th"
    named_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_round_reminders(open_round, acting_user=None)
    body = next(m.body for m in mail.outbox if "wilai@example.go.th" in m.to)
    assert "วิไลวรรณ ศรีสุข" in body
    assert LOGIN not in body


def test_it_offers_chain_holders_by_name(client, coordinator, named_officer):
    client.force_login(coordinator)
    page = client.get("/a/thaphae/documents/chains/progress_report/").content.decode()
    assert "วิไลวรรณ ศรีสุข" in page
    assert LOGIN not in page
