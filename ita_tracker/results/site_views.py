"""Installation-wide pages of the results app: the national result list import, for site
administrators only (not per agency: the file holds every agency of the installation)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ita_tracker.agencies.access import may_on_site
from ita_tracker.lib.errors import LocatedProblem
from ita_tracker.results import national
from ita_tracker.results.forms import NationalResultsForm
from ita_tracker.results.importing import ImportRefused, read_national_results


def problem_text(problem: LocatedProblem) -> str:
    """The problem in the screen's language only (ADR 0012)."""
    return problem.format("en" if (get_language() or "th").startswith("en") else "th")


def site_admin_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in (else the login page) and allowed the national import by Access (site
    administrators; else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_on_site(request.user, "import_national_results"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@site_admin_only
@require_http_methods(["GET", "POST"])
def national_import(request: HttpRequest) -> HttpResponse:
    """Upload the national list, see what it holds (counts, warnings, skipped rows) or where it
    is wrong (row and column); nothing is written until the import is confirmed."""
    form = NationalResultsForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    total = 0
    preview = None
    filename = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = upload.name
        data = upload.read()
        year, strict = form.cleaned_data["year"], form.cleaned_data["strict"]
        try:
            report = read_national_results(data, upload.name, year=year, strict=strict)
        except ImportRefused as exc:
            problems, total = [problem_text(p) for p in exc.problems], exc.total
        else:
            preview = national.stage(
                report, data=data, filename=upload.name, year=year, strict=strict, user=request.user
            )
    status = 422 if problems or form.errors else 200
    return render(
        request,
        "results/national_import.html",
        {
            "form": form,
            "problems": problems,
            "more": max(total - len(problems), 0),
            "preview": preview,
            "filename": filename,
            "notes": [problem_text(p) for p in preview.report.warnings + preview.report.skipped]
            if preview
            else [],
        },
        status=status,
    )


@site_admin_only
@require_http_methods(["POST"])
def national_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the previewed file, all or nothing."""
    try:
        report = national.confirm(request.POST.get("token", ""), user=request.user)
    except national.StaleUpload:
        messages.error(
            request, _("This preview has expired or was imported already. Upload the file again.")
        )
        return redirect("national_results_import")
    except ImportRefused as exc:
        return render(
            request,
            "results/national_import.html",
            {
                "form": NationalResultsForm(),
                "problems": [problem_text(p) for p in exc.problems],
                "more": max(exc.total - len(exc.problems), 0),
                "preview": None,
            },
            status=422,
        )
    written = report.written
    messages.success(
        request,
        _("Imported: %(created)s results added, %(updated)s replaced.")
        % {
            "created": written.created if written else 0,
            "updated": written.updated if written else 0,
        },
    )
    return redirect("national_results_import")
