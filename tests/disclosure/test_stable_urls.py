"""Published addresses never break: a renamed agency's old addresses redirect; reserved names
can never be an agency's."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

from ita_tracker.agencies.models import Agency
from ita_tracker.audit.models import AuditEvent
from ita_tracker.disclosure import publishing
from ita_tracker.disclosure.models import FormerSlug
from ita_tracker.disclosure.services import change_agency_slug
from ita_tracker.lib.errors import Refused
from ita_tracker.lib.reserved_slugs import RESERVED_SLUGS
from ita_tracker.planfile.reader import read_plan_text
from tests.conftest import EXAMPLE


def test_it_redirects_the_old_slug_to_the_new_one(
    client, published_a, public_root, django_capture_on_commit_callbacks
):
    agency = published_a.agency
    with django_capture_on_commit_callbacks(execute=False):
        change_agency_slug(agency, new_slug="thaphae-nst", acting_user=None)
    publishing.publish_agency(agency.pk)  # what the queued task does
    assert not (public_root / "thaphae").exists()
    for old, new in (
        ("/thaphae/ita/2566/", "/thaphae-nst/ita/2566/"),
        ("/thaphae/ita/2566/oit/O42/", "/thaphae-nst/ita/2566/oit/O42/"),
        ("/thaphae/ita/2566/data.json", "/thaphae-nst/ita/2566/data.json"),
        ("/thaphae/ita/", "/thaphae-nst/ita/"),
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        assert client.get(new).status_code == 200
    assert AuditEvent.objects.get(action="agency.slug_changed").after == {"slug": "thaphae-nst"}


def test_it_keeps_slugs_unique_across_history(published_a, agency_b):
    change_agency_slug(published_a.agency, new_slug="thaphae-nst", acting_user=None)
    with pytest.raises(Refused):
        change_agency_slug(agency_b, new_slug="thaphae", acting_user=None)  # a former slug
    with pytest.raises(Refused):
        change_agency_slug(agency_b, new_slug="admin", acting_user=None)  # reserved
    # The agency itself may take its old name back.
    change_agency_slug(published_a.agency, new_slug="thaphae", acting_user=None)
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["thaphae-nst"]


def _first_segments() -> set[str]:
    segments = set()
    for item in get_resolver().url_patterns:
        route = str(item.pattern).lstrip("^")
        first = route.split("/", 1)[0]
        if first and not first.startswith("<"):
            segments.add(first)
        if isinstance(item, URLResolver) and not first:
            for sub in item.url_patterns:
                assert isinstance(sub, URLPattern | URLResolver)
                head = str(sub.pattern).split("/", 1)[0]
                if head and not head.startswith("<"):
                    segments.add(head)
    return segments


def test_it_reserves_every_first_segment_the_site_serves():
    assert _first_segments() - RESERVED_SLUGS == set()
    assert {"a", "accounts", "admin", "verify", "static", "i18n", "ita"} <= RESERVED_SLUGS


def test_it_refuses_a_reserved_slug_for_an_agency(db):
    for slug in ("admin", "verify", "static", "ita", "a", "accounts", "i18n"):
        with pytest.raises(ValidationError):
            Agency(name="x", slug=slug).full_clean()
    text = EXAMPLE.read_text(encoding="utf-8").replace("slug: thaphae", "slug: verify")
    with pytest.raises(Exception, match="verify"):
        read_plan_text(text, "plan.yaml")


def test_it_keeps_existing_routes_working_beside_the_public_space(client, published_a):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/verify/").status_code == 200
    assert client.get("/admin/").status_code == 302
    assert client.get("/a/thaphae/").status_code == 302
    assert client.get("/static/css/public.css").status_code == 200
