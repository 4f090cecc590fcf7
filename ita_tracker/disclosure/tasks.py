"""Background publishing (the same django-tasks queue and worker as issuing). Tasks take ids.

Queued on commit by whatever releases content: a document issued (``documents.issuing``),
approvals recorded from a plan file (``documents.approvals.record_imported``), an evidence
file withdrawn from publication, an agency's slug changed.
"""

from __future__ import annotations

from django.db.models import Max
from django_tasks import task

from ita_tracker.disclosure import publishing
from ita_tracker.disclosure.models import Publication


@task()
def publish_year(agency_id: int, be_year: int) -> bool:
    """Publish one agency-year, then queue the site's index (``publish_site``)."""
    outcome = publishing.publish_year(agency_id, be_year)
    if outcome.changed:
        publish_site.enqueue()
    return outcome.published


@task()
def publish_agency(agency_id: int) -> int:
    """Every year of one agency again (after a slug change)."""
    outcomes = publishing.publish_agency(agency_id)
    publish_site.enqueue()
    return len(outcomes)


@task()
def publish_site() -> bool:
    """The site's index and open data. Several publications in a row queue several of these;
    one that finds the files newer than the last publication does nothing."""
    site = publishing.public_root() / "ita" / "data.csv"
    latest = Publication.objects.aggregate(at=Max("published_at"))["at"]
    if site.exists() and latest is not None and site.stat().st_mtime > latest.timestamp():
        return False
    publishing.write_site()
    return True


def enqueue_publication(agency_id: int, be_year: int) -> None:
    publish_year.enqueue(agency_id, be_year)


def enqueue_agency(agency_id: int) -> None:
    publish_agency.enqueue(agency_id)
