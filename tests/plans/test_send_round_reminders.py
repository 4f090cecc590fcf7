"""Reminding unit officers by e-mail: the service, the button on the round page, the command."""

from __future__ import annotations

import re

from django.core import mail
from django.core.management import call_command

from ita_tracker.audit.models import AuditEvent
from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.progress import update_progress
from ita_tracker.plans.services.reminders import send_round_reminders
from tests.conftest import measure_of


def test_it_mails_each_officer_her_measures_without_an_update(
    open_round, officer, coordinator, django_capture_on_commit_callbacks
):
    officer.email = "pr@thaphae.go.th"
    officer.save()
    done = ProgressEntry.objects.get(
        round=open_round, measure=measure_of(open_round.plan, "OIT", 1)
    )
    update_progress(done, acting_user=officer)
    with django_capture_on_commit_callbacks(execute=True):
        summary = send_round_reminders(open_round, acting_user=coordinator)
    assert [r.email for r in summary.reminders] == ["pr@thaphae.go.th"]
    assert summary.measures == 3  # IIT 3, EIT 3, EIT 4; OIT 1 was just reported
    (message,) = mail.outbox
    assert message.to == ["pr@thaphae.go.th"]
    assert "รอบ ๑๒ เดือน" in message.subject
    assert "IIT ๓. เปิดเผยข้อมูล" in message.body
    assert "OIT ๑." not in message.body
    assert "/a/thaphae/my-measures/" in message.body
    assert "๓๐ กันยายน ๒๕๖๖" in message.body
    assert AuditEvent.objects.get(action="round.reminded").after["emails"] == 1


def test_it_writes_the_e_mail_in_the_agencys_digits(
    open_round, officer, coordinator, django_capture_on_commit_callbacks
):
    officer.email = "pr@thaphae.go.th"
    officer.save()
    agency = open_round.plan.agency
    agency.thai_digits = False
    agency.save(update_fields=["thai_digits"])
    with django_capture_on_commit_callbacks(execute=True):
        send_round_reminders(open_round, acting_user=coordinator)
    (message,) = mail.outbox
    assert "รอบ 12 เดือน" in message.subject  # the catalogue's "รอบ ๑๒ เดือน", in Arabic digits
    assert "30 กันยายน 2566" in message.body
    assert not re.search("[๐-๙]", message.subject + message.body)


def test_it_lists_officers_without_an_e_mail_address(open_round, officer):
    summary = send_round_reminders(open_round, acting_user=None, dry_run=True)
    assert summary.reminders == []
    assert summary.without_email == ["officer"]
    assert not AuditEvent.objects.filter(action="round.reminded").exists()


def test_it_lets_the_coordinator_press_the_button(client, coordinator, officer, open_round):
    officer.email = "pr@thaphae.go.th"
    officer.save()
    client.force_login(coordinator)
    url = f"/a/thaphae/plans/2566/rounds/{open_round.pk}/remind/"
    assert (
        "ส่งอีเมลเตือน"
        in client.get(f"/a/thaphae/plans/2566/rounds/{open_round.pk}/").content.decode()
    )
    page = client.post(url, follow=True).content.decode()
    assert "ส่งอีเมลเตือนแล้ว ๑ ฉบับ" in page
    client.force_login(officer)
    assert client.post(url).status_code == 403


def test_the_command_reports_what_it_did(open_round, officer, capsys):
    officer.email = "pr@thaphae.go.th"
    officer.save()
    call_command("send_round_reminders", "--dry-run")
    assert capsys.readouterr().out.strip() == (
        "reminders: 1 e-mails about 4 measures in 1 open rounds (dry run)"
    )
    assert mail.outbox == []
    call_command("send_round_reminders", "--agency", "thaphae")
    assert "1 e-mails about 4 measures" in capsys.readouterr().out
