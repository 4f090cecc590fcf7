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


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="forked workers need a shared database server"
)
def test_it_republishes_with_several_processes(plan_a, public_root, capsys):
    from ita_tracker.agencies.models import Agency

    record_imported(plan_a, acting_user=None)
    for n in range(3):  # agencies with nothing released: nothing published
        Agency.objects.create(name=f"อบต. {n}", slug=f"sao-{n}")
    call_command("republish", "--workers", "2")
    assert "republished 1 agency-years of 4 agencies" in capsys.readouterr().out
    assert (public_root / "thaphae" / "ita" / "2566" / "data.json").exists()
