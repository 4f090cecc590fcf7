"""The dynamic fallback (pages not on disk) renders a page once per publication, remembers which
publication it served for ``PUBLIC_FALLBACK_TTL`` seconds, and sees a publication made in its
own process at once."""

from __future__ import annotations

import shutil

from ita_tracker.disclosure import publishing
from ita_tracker.disclosure.models import Publication
from ita_tracker.documents.models import Submission
from tests.disclosure.helpers import text


def test_it_answers_a_page_again_without_a_query(
    client, published_a, public_root, django_assert_num_queries
):
    shutil.rmtree(public_root)
    assert client.get("/thaphae/ita/2566/").status_code == 200
    with django_assert_num_queries(0):
        response = client.get("/thaphae/ita/2566/")
    assert response.status_code == 200
    assert not response.streaming
    assert "เทศบาลตำบลท่าแพ" in text(response)


def test_it_sees_a_withdrawal_published_in_its_own_process_at_once(
    client, published_a, public_root
):
    shutil.rmtree(public_root)
    assert client.get("/thaphae/ita/2566/").status_code == 200
    Submission.objects.filter(plan=published_a).delete()  # nothing released any more
    shutil.rmtree(public_root, ignore_errors=True)
    publishing.publish_year(published_a.agency_id, 2566)
    assert client.get("/thaphae/ita/2566/").status_code == 404


def test_it_asks_the_database_each_time_with_no_ttl(client, published_a, public_root, settings):
    settings.PUBLIC_FALLBACK_TTL = 0
    shutil.rmtree(public_root)
    assert client.get("/thaphae/ita/2566/").status_code == 200
    Publication.objects.all().delete()  # as another process would (no forget() here)
    assert client.get("/thaphae/ita/2566/").status_code == 404
