"""Publishing writes the agency-year as files atomically, is queued by what releases content,
and ``republish`` rebuilds everything."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ita_tracker.cli import main
from ita_tracker.disclosure import publishing
from ita_tracker.disclosure.models import Publication
from ita_tracker.documents.approvals import record_imported


def test_it_queues_publication_when_approvals_are_recorded(
    plan_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record_imported(plan_a, acting_user=None)
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("disclosure.tasks.publish_year")
    assert queued.args_kwargs["args"] == [plan_a.agency_id, 2566]


def test_it_switches_a_year_atomically_and_leaves_no_old_files(published_a, public_root):
    year = public_root / "thaphae" / "ita" / "2566"
    assert year.is_symlink()
    first = os.readlink(year)
    publishing.publish_year(published_a.agency_id, 2566, force=True)
    second = os.readlink(year)
    assert first != second
    assert not (year.parent / first).exists()
    names = sorted(p.name for p in year.parent.iterdir())
    assert names == [second, "2566", "feed.atom", "feed.atom.gz", "index.html", "index.html.gz"]
    assert (year / "index.html.gz").exists()


def test_it_does_not_rewrite_an_unchanged_year(published_a, public_root):
    year = public_root / "thaphae" / "ita" / "2566"
    before = os.readlink(year)
    outcome = publishing.publish_year(published_a.agency_id, 2566)
    assert outcome.changed is False
    assert os.readlink(year) == before


def test_it_republishes_everything_from_the_database(published_a, public_root, capsys):
    import shutil

    shutil.rmtree(public_root)
    (public_root / "gone-agency" / "ita").mkdir(parents=True)
    assert main(["republish"]) == 0
    assert "republished 1 agency-years of 1 agencies" in capsys.readouterr().out
    assert (public_root / "thaphae" / "ita" / "2566" / "index.html").exists()
    assert (public_root / "ita" / "index.html").exists()
    assert (public_root / "ita" / "data.csv").exists()
    assert not (public_root / "gone-agency").exists()
    assert Publication.objects.count() == 1


def test_it_can_count_without_writing(published_a, public_root, capsys):
    call_command("republish", "--dry-run")
    assert "would republish 1 agency-years of 1 agencies" in capsys.readouterr().out


@pytest.fixture
def catalogues(transactional_db):
    """Transactional tests start from an empty database: load the ITA catalogues first."""
    call_command("load_frameworks", verbosity=0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="forked workers need a shared database server"
)
def test_it_republishes_with_several_processes(catalogues, plan_a, public_root, capsys):
    from ita_tracker.agencies.models import Agency

    record_imported(plan_a, acting_user=None)
    for n in range(3):  # agencies with nothing released: nothing published
        Agency.objects.create(name=f"อบต. {n}", slug=f"sao-{n}")
    call_command("republish", "--workers", "2")
    assert "republished 1 agency-years of 4 agencies" in capsys.readouterr().out
    assert (public_root / "thaphae" / "ita" / "2566" / "data.json").exists()


def _release_another(example_plan_file, slug: str):
    """Another agency with the seed's plan and 6-month report recorded as approved."""
    from ita_tracker.planfile.schema import PlanFile
    from ita_tracker.plans.planfile.importer import import_plan

    data = example_plan_file.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["agency"].update(slug=slug, name=f"เทศบาลตำบล {slug}")
    plan = import_plan(PlanFile.model_validate(data), acting_user=None, source="test")
    record_imported(plan, acting_user=None)
    return plan


def test_it_republishes_a_batch_of_agencies_in_a_constant_number_of_queries(
    released_a, example_plan_file, public_root
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(agency_ids: list[int]) -> int:
        catalogue = publishing.Catalogue.empty()
        publishing.republish_batch(agency_ids, catalogue)  # first run: the rows are created
        with CaptureQueriesContext(connection) as captured:
            assert publishing.republish_batch(agency_ids, catalogue) == len(agency_ids)
        return len(captured.captured_queries)

    one = queries([released_a.agency_id])
    others = [_release_another(example_plan_file, f"town-{n}").agency_id for n in range(3)]
    assert queries([released_a.agency_id, *others]) == one
    for slug in ("thaphae", "town-0", "town-1", "town-2"):
        assert (public_root / slug / "ita" / "2566" / "index.html.gz").exists()
        assert (public_root / slug / "ita" / "index.html").exists()
    page = (public_root / "town-1" / "ita" / "2566" / "index.html").read_text()
    assert "เทศบาลตำบล town-1" in page
    assert Publication.objects.count() == 4


def test_it_republishes_what_was_withdrawn_as_gone(published_a, public_root):
    from ita_tracker.documents.models import Submission

    Submission.objects.filter(plan=published_a).delete()  # nothing released any more
    assert publishing.republish_batch([published_a.agency_id], publishing.Catalogue.empty()) == 0
    assert not Publication.objects.exists()
    assert not (public_root / "thaphae" / "ita" / "2566").exists()
    assert not (public_root / "thaphae" / "ita" / "index.html").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="forked workers need a shared database server"
)
def test_it_republishes_with_several_jobs(catalogues, example_plan_file, public_root, capsys):
    for n in range(5):
        _release_another(example_plan_file, f"town-{n}")
    call_command("republish", "--jobs", "2")
    assert "republished 5 agency-years of 5 agencies" in capsys.readouterr().out
    for n in range(5):
        assert (public_root / f"town-{n}" / "ita" / "2566" / "data.json").exists()
    assert "town-4" in (public_root / "ita" / "index.html").read_text()


def test_the_embedded_server_serves_a_new_publication_at_once(client, published_a, settings):
    import gzip

    from tests.disclosure.helpers import body

    for encoding in ("", "gzip"):  # both files known to the server before the change
        assert client.get("/thaphae/ita/2566/", HTTP_ACCEPT_ENCODING=encoding).status_code == 200
    settings.SITE_URL = "https://transparency.example.go.th"
    publishing.publish_year(published_a.agency_id, 2566)  # the content changed: a new folder
    for encoding in ("", "gzip"):
        response = client.get("/thaphae/ita/2566/", HTTP_ACCEPT_ENCODING=encoding)
        assert response.streaming  # the published file
        data = body(response)
        assert int(response["Content-Length"]) == len(data)
        page = (gzip.decompress(data) if encoding else data).decode()
        assert "https://transparency.example.go.th/thaphae/ita/2566/oit/O42/" in page
