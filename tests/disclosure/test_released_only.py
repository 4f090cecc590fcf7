"""Nothing unreleased reaches the public: not drafts, not a report in approval or returned,
not the live plan, not an internal file, not another agency's data; not by guessing addresses,
slugs or ids, as an anonymous visitor or as a member of another agency."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_tracker.disclosure import publishing
from ita_tracker.disclosure.models import Publication
from ita_tracker.disclosure.services import set_evidence_public
from ita_tracker.documents import approvals
from ita_tracker.plans.models import Evidence, ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file, update_progress
from tests import samples
from tests.conftest import PASSWORD, measure_of
from tests.disclosure.helpers import body, text

SECRET_PDF = samples.PDF.replace(b"Catalog", b"Catalog /Internal true")
PUBLIC_PDF = samples.PDF.replace(b"Catalog", b"Catalog /Public true")


def _everything(client, paths):
    return {p: client.get(p).status_code for p in paths}


@pytest.fixture(params=["anonymous", "officer_b"])
def visitor(request, client, officer_b):
    if request.param == "officer_b":
        assert client.login(username="officer-b", password=PASSWORD)
    return client


def test_it_publishes_nothing_of_a_plan_that_is_not_approved(visitor, plan_a, public_root):
    """Imported but not recorded/issued: nothing is released, so nothing is published."""
    outcome = publishing.publish_year(plan_a.agency_id, 2566)
    assert outcome.published is False
    assert not (public_root / "thaphae").exists()
    guesses = [
        "/thaphae/ita/",
        "/thaphae/ita/2566/",
        "/thaphae/ita/2566/data.json",
        "/thaphae/ita/2566/data.csv",
        "/thaphae/ita/2566/oit/O42/",
        "/thaphae/ita/2566/oit/O42/embed/",
        "/thaphae/ita/2566/documents/plan.pdf",
        "/thaphae/ita/feed.atom",
        "/thaphae/ita/2567/",
        "/agency-b/ita/2566/",
    ]
    assert set(_everything(visitor, guesses).values()) == {404}


def test_it_never_shows_the_open_round_nor_a_report_in_approval(
    visitor, published_a, coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    entry = ProgressEntry.objects.get(round=open_round, measure=measure_of(published_a, "IIT", 2))
    update_progress(
        entry,
        acting_user=coordinator,
        status="completed",
        note="ข้อความที่ยังไม่ได้รับอนุมัติ",
        urls=["https://example.go.th/draft-evidence"],
    )
    with django_capture_on_commit_callbacks(execute=False):
        submission = approvals.submit_round_report(open_round, acting_user=coordinator)
        approvals.approve_step(submission, acting_user=chain_a[0], comment="เห็นควรเสนอ")
    publishing.publish_year(published_a.agency_id, 2566)
    for path in ("/thaphae/ita/2566/", "/thaphae/ita/2566/data.json", "/thaphae/ita/2566/data.csv"):
        page = text(visitor.get(path))
        assert "ข้อความที่ยังไม่ได้รับอนุมัติ" not in page
        assert "draft-evidence" not in page
        assert "รอบ ๑๒ เดือน" not in page
    # Returned: still nothing.
    with django_capture_on_commit_callbacks(execute=False):
        approvals.return_submission(submission, acting_user=chain_a[1], reason="แก้ไข")
    publishing.publish_year(published_a.agency_id, 2566)
    assert "รอบ ๑๒ เดือน" not in text(visitor.get("/thaphae/ita/2566/"))
    assert visitor.get("/thaphae/ita/2566/oit/O43/").status_code == 200  # the 6-month one


def _file(entry, coordinator, data, name):
    add_evidence_file(entry, upload=SimpleUploadedFile(name, data), acting_user=coordinator)
    return Evidence.objects.get(entry=entry, original_name=name)


def test_it_publishes_public_files_of_approved_reports_only(
    visitor, plan_a, coordinator, open_round, chain_a, django_capture_on_commit_callbacks
):
    """Files of the 12-month report: one public, one internal (the default). Once the report is
    released (recorded here), only the public one is published; the internal one cannot be
    reached by its SHA-256, its id, or the back office's address."""
    entry = ProgressEntry.objects.get(round=open_round, measure=measure_of(plan_a, "IIT", 1))
    public = _file(entry, coordinator, PUBLIC_PDF, "คำสั่งเผยแพร่.pdf")
    internal = _file(entry, coordinator, SECRET_PDF, "ข้อมูลส่วนบุคคล.pdf")
    set_evidence_public(public, public=True, acting_user=coordinator)
    assert Evidence.objects.get(pk=internal.pk).public is False
    with django_capture_on_commit_callbacks(execute=False):
        submission = approvals.submit_round_report(open_round, acting_user=coordinator)
        for user in chain_a:
            submission = approvals.approve_step(submission, acting_user=user, comment="ทราบ")
    # Approved but not yet issued: still not public.
    publishing.publish_year(plan_a.agency_id, 2566)
    assert not Publication.objects.filter(fiscal_year=2566).exists()
    # Released (as an import records it), then published.
    submission.state = "recorded"
    submission.save(update_fields=["state"])
    publishing.publish_year(plan_a.agency_id, 2566)
    page = text(visitor.get("/thaphae/ita/2566/"))
    assert "คำสั่งเผยแพร่.pdf" in page
    assert "ข้อมูลส่วนบุคคล.pdf" not in page
    public_sha = hashlib.sha256(PUBLIC_PDF).hexdigest()
    secret_sha = hashlib.sha256(SECRET_PDF).hexdigest()
    ok = visitor.get(f"/thaphae/ita/2566/files/{public_sha[:20]}.pdf")
    assert ok.status_code == 200
    assert body(ok) == PUBLIC_PDF
    guesses = [
        f"/thaphae/ita/2566/files/{secret_sha[:20]}.pdf",
        f"/thaphae/ita/2566/files/{secret_sha}.pdf",
        f"/thaphae/ita/2566/files/{internal.pk}",
        f"/thaphae/ita/2566/files/{internal.file.name}",
        f"/agency-b/ita/2566/files/{public_sha[:20]}.pdf",
        f"/thaphae/ita/2565/files/{public_sha[:20]}.pdf",
    ]
    assert set(_everything(visitor, guesses).values()) == {404}
    back_office = visitor.get(f"/a/thaphae/evidence/{internal.pk}/")
    assert back_office.status_code in (302, 404)
    assert SECRET_PDF not in body(back_office)


def test_it_takes_a_withdrawn_file_off_the_site(
    visitor, plan_a, coordinator, open_round, chain_a, django_capture_on_commit_callbacks
):
    entry = ProgressEntry.objects.get(round=open_round, measure=measure_of(plan_a, "IIT", 1))
    public = _file(entry, coordinator, PUBLIC_PDF, "คำสั่ง.pdf")
    set_evidence_public(public, public=True, acting_user=coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        submission = approvals.submit_round_report(open_round, acting_user=coordinator)
    submission.state = "recorded"
    submission.save(update_fields=["state"])
    publishing.publish_year(plan_a.agency_id, 2566)
    url = f"/thaphae/ita/2566/files/{public.sha256[:20]}.pdf"
    assert visitor.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        set_evidence_public(public, public=False, acting_user=coordinator)
    publishing.publish_year(plan_a.agency_id, 2566)  # what the queued task does
    assert visitor.get(url).status_code == 404
    assert "คำสั่ง.pdf" not in text(visitor.get("/thaphae/ita/2566/"))


def test_it_never_publishes_another_agency_under_a_slug(visitor, published_a, agency_b):
    assert visitor.get("/agency-b/ita/2566/").status_code == 404
    assert visitor.get("/agency-b/ita/").status_code == 404
    assert visitor.get("/nope/ita/2566/").status_code == 404
    assert visitor.get("/thaphae/ita/2566/../../agency-b/ita/").status_code == 404
