"""Every URL the project serves needs a login, unless it is on the public allow-list.

The sweep walks the URL configuration itself, so a new view is covered the moment it is added:
it fills each pattern's arguments with real ids, asks as an anonymous visitor, and fails unless
the answer is a redirect to a login page. A pattern it cannot fill fails the test too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLResolver, get_resolver, reverse

from ita_tracker.agencies.models import Membership, OrgUnit, Signatory
from ita_tracker.plans.models import Evidence, Measure, ProgressEntry
from ita_tracker.plans.services.progress import add_evidence_file
from tests import samples

# Pages anyone may open: logging in and recovering a password, switching the language.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "logout",  # only logs out whoever is logged in; anonymous visitors get a redirect too
    "admin:login",
    "admin:logout",
    # Anyone may check whether a file is an issued document (issue 7).
    "verify",
    "verify_code",
    # The public site (issue 8): released content only, tested in tests/disclosure.
    "public:site_index",
    "public:site_json",
    "public:site_csv",
    "public:agency_index",
    "public:agency_feed",
    "public:year_page",
    "public:year_json",
    "public:year_csv",
    "public:oit_item",
    "public:oit_embed",
    "public:document_file",
    "public:evidence_file",
}


def _patterns(
    resolver: URLResolver,
    prefix: str = "",
    namespace: str = "",
    groups: frozenset[str] = frozenset(),
) -> list[tuple[str, str, frozenset[str]]]:
    """(name, route, argument names) of every leaf pattern, arguments of parents included."""
    found = []
    for item in resolver.url_patterns:
        own = groups | set(item.pattern.regex.groupindex)
        if isinstance(item, URLResolver):
            ns = namespace
            if item.namespace:
                ns = f"{namespace}:{item.namespace}" if namespace else item.namespace
            found += _patterns(item, prefix + str(item.pattern), ns, own)
        else:
            name = f"{namespace}:{item.name}" if namespace and item.name else (item.name or "")
            found.append((name, prefix + str(item.pattern), own))
    return found


@pytest.fixture
def sample_kwargs(plan_a, open_round, coordinator, agency_a, site_admin, chain_a) -> dict[str, Any]:
    from ita_tracker.documents.approvals import submit_round_report

    measure = Measure.objects.filter(plan=plan_a).first()
    entry = ProgressEntry.objects.filter(round=open_round).first()
    from django.core.files.uploadedfile import SimpleUploadedFile

    add_evidence_file(
        entry,
        upload=SimpleUploadedFile("a.pdf", samples.PDF),
        acting_user=coordinator,
    )
    return {
        "agency_slug": agency_a.slug,
        "year": plan_a.fiscal_year.be_year,
        "measure_id": measure.pk,
        "round_id": open_round.pk,
        "entry_id": entry.pk,
        "evidence_id": Evidence.objects.first().pk,
        "member_id": Membership.objects.filter(agency=agency_a).first().pk,
        "unit_id": OrgUnit.objects.filter(agency=agency_a).first().pk,
        "signatory_id": Signatory.objects.filter(agency=agency_a).first().pk,
        "fmt": "pdf",
        "submission_id": submit_round_report(open_round, acting_user=coordinator).pk,
        "issued_id": 1,
        "code": "ABCDEFGHJK",
        "kind": "progress_report",
        "uidb64": "MQ",
        "token": "set-password",
        # Django admin's own patterns
        "object_id": str(agency_a.pk),
        "app_label": "agencies",
        "content_type_id": "1",
        "url": "agencies/agency/",
        "path": "x",
        "id": str(site_admin.pk),
    }


def _url(name: str, route: str, wanted: frozenset[str], kwargs: dict[str, Any]) -> str:
    if name:
        return reverse(name, kwargs={k: kwargs[k] for k in wanted})
    # Unnamed routes (Django admin's redirects and catch-all): fill the arguments in by hand.
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), url)
    url = url.replace("^", "").replace("$", "").replace("\\Z", "")
    if re.search(r"[()\\[\]*+?]", url):
        raise AssertionError(
            f"cannot fill URL pattern {route!r}: name it so the sweep can reach it"
        )
    return "/" + url


def test_it_walks_every_url_and_finds_each_one_login_protected_or_public(client, sample_kwargs):
    unprotected = []
    checked = 0
    for name, route, wanted in _patterns(get_resolver()):
        if name in PUBLIC:
            continue
        url = _url(name, route, wanted, sample_kwargs)
        response = client.get(url)
        checked += 1
        location = response.get("Location", "")
        if response.status_code != 302 or not (
            location.startswith("/accounts/login/") or location.startswith("/admin/login/")
        ):
            unprotected.append((name, url, response.status_code, location))
    assert unprotected == []
    assert checked > 60


def test_it_keeps_the_public_list_public(client, db):
    for name in ("login", "password_reset", "password_reset_done", "password_reset_complete"):
        assert client.get(reverse(name)).status_code == 200
