"""Import measures from a Word memo, an Excel sheet or a CSV file: upload, preview, confirm.
And the plan as an Excel/CSV table to download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.lib.errors import LocatedProblem
from ita_tracker.officefiles import OfficeFileError, read_office_file
from ita_tracker.officefiles.build import NEW_PREFIX, NOTE
from ita_tracker.officefiles.limits import MAX_FILE_BYTES
from ita_tracker.officefiles.model import ReadResult
from ita_tracker.officefiles.sheets import write_csv, write_xlsx
from ita_tracker.plans.forms import OfficeImportForm
from ita_tracker.plans.models import ProgressStatus, RoundKind
from ita_tracker.plans.planfile.exporter import export_agency, export_plan
from ita_tracker.plans.services.office_import import (
    OfficeImportPreview,
    OfficeImportRefused,
    confirm_office_import,
    preview_office_import,
)
from ita_tracker.plans.views.common import plan_of

MAX_AGE = 3600  # seconds a preview stays confirmable
FIELD_LABELS = {
    "title": gettext_lazy("the title"),
    "methods": gettext_lazy("the methods"),
    "responsible": gettext_lazy("the responsible units"),
    "responsible_note": gettext_lazy("the other responsible parties"),
    "period": gettext_lazy("the period"),
    "follow_up": gettext_lazy("the follow-up"),
    "indicators": gettext_lazy("the indicators"),
    "status": gettext_lazy("the status"),
    "evidence": gettext_lazy("the note under the tick"),
    "note": gettext_lazy("the results"),
    "urls": gettext_lazy("the links"),
}


def _salt(access: Access) -> str:
    return f"office-import:{access.agency.pk}:{access.user.pk}"


def _say(th: str, en: str) -> str:
    return en if (get_language() or "th").startswith("en") else th


def _problem(problem: LocatedProblem) -> str:
    return problem.format("en" if (get_language() or "th").startswith("en") else "th")


def _unit_rows(preview: OfficeImportPreview, paths: list[str]) -> list[dict[str, Any]]:
    assert preview.built is not None
    rows = []
    for index, (written, match) in enumerate(preview.built.matches.items()):
        if match.kind == "note":
            chosen = NOTE
        elif match.kind == "new":
            chosen = NEW_PREFIX + match.path
        else:
            chosen = match.path
        rows.append(
            {
                "field": f"unit-{index}",
                "written": written,
                "kind": match.kind,
                "proposed": match.path,
                "new_value": NEW_PREFIX + (match.path if match.kind == "new" else written),
                "new_label": match.path if match.kind == "new" else written,
                "chosen": chosen,
                "paths": paths,
            }
        )
    return rows


def _measure_rows(preview: OfficeImportPreview) -> list[dict[str, Any]]:
    built = preview.built
    assert built is not None
    plan = built.plan
    round_ = plan.rounds[built.round_index] if built.round_index is not None else None
    changes = {c.new_index: c for c in preview.changes if c.new_index is not None}
    rows = []
    for index, (key, measure) in enumerate(zip(plan.assign_keys(), plan.measures, strict=True)):
        flags = built.flags[index]
        progress = round_.progress.get(key) if round_ is not None else None
        change = changes.get(index)
        where = built.where[index]
        rows.append(
            {
                "key": key,
                "tool": measure.tool.value,
                "measure": measure,
                "status": progress.status.value if progress else "",
                "status_label": ProgressStatus(progress.status.value).label if progress else "",
                "progress": progress,
                "unsure": {f.field for f in flags},
                "flags": [_say(f.th, f.en) for f in flags],
                "where": _say(where.th(), where.en()),
                "change": change.kind if change else "added",
                "changed_fields": [str(FIELD_LABELS.get(f, f)) for f in change.fields]
                if change
                else [],
            }
        )
    return rows


def _render_preview(
    request: HttpRequest,
    access: Access,
    preview: OfficeImportPreview,
    year: int,
    refused: list[LocatedProblem] | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "year": year,
        "read": preview.read,
        "problems": [_problem(p) for p in preview.problems],
        "refused": [_problem(p) for p in refused or []],
        "preview": preview,
        "lost_evidence": [
            {
                "measure": f"{e.entry.measure.tool.code}-{e.entry.measure.order}",
                "title": e.entry.measure.title,
                "round": e.entry.round.title,
                "name": e.original_name,
            }
            for e in preview.lost_evidence
        ],
    }
    if preview.built is not None:
        paths = sorted(export_agency(access.agency).unit_paths())
        context.update(
            {
                "notes": [_problem(p) for p in preview.built.notes],
                "units": _unit_rows(preview, paths),
                "measures": _measure_rows(preview),
                "removed": [c for c in preview.changes if c.kind == "removed"],
                "has_round": preview.built.round_index is not None,
                "round_label": (
                    RoundKind(preview.built.plan.rounds[preview.built.round_index].kind).label
                    if preview.built.round_index is not None
                    else ""
                ),
                "unsure_count": sum(1 for flags in preview.built.flags if flags),
                "payload": signing.dumps(
                    {
                        "year": year,
                        "read": preview.read.as_dict(),
                        "units": list(preview.built.matches),
                    },
                    salt=_salt(access),
                    compress=True,
                ),
            }
        )
    status = 200 if preview.built is not None else 422
    return render(request, "plans/office_preview.html", context, status=status)


@agency_view(require="edit_plan")
@require_http_methods(["GET", "POST"])
def office_import(request: HttpRequest, access: Access) -> HttpResponse:
    form = OfficeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year = form.cleaned_data["fiscal_year"].be_year
        if upload.size > MAX_FILE_BYTES:
            form.add_error(
                "file",
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": upload.size // (1024 * 1024), "limit": MAX_FILE_BYTES // (1024 * 1024)},
            )
        else:
            try:
                read = read_office_file(upload.name, upload.read())
            except OfficeFileError as exc:
                for problem in exc.problems:
                    form.add_error("file", _problem(problem))
            else:
                preview = preview_office_import(agency=access.agency, fiscal_year=year, read=read)
                return _render_preview(request, access, preview, year)
    return render(
        request, "plans/office_import.html", {"form": form}, status=422 if form.errors else 200
    )


@agency_view(require="edit_plan")
@require_POST
def office_import_confirm(request: HttpRequest, access: Access) -> HttpResponse:
    try:
        payload = signing.loads(
            request.POST.get("payload", ""), salt=_salt(access), max_age=MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("plans:office_import", access.agency.slug)
    read = ReadResult.from_dict(payload["read"])
    year = int(payload["year"])
    choices = {
        written: request.POST.get(f"unit-{index}", "")
        for index, written in enumerate(payload["units"])
    }
    try:
        confirm_office_import(
            agency=access.agency,
            fiscal_year=year,
            read=read,
            choices=choices,
            delete_evidence=request.POST.get("delete_evidence") == "1",
            approved_outside=request.POST.get("approved_outside") == "1",
            acting_user=request.user,
        )
    except OfficeImportRefused as exc:
        preview = preview_office_import(
            agency=access.agency, fiscal_year=year, read=read, choices=choices
        )
        refused = [] if preview.problems else exc.problems  # e.g. deleting files unconfirmed
        return _render_preview(request, access, preview, year, refused=refused)
    messages.success(
        request,
        _("The measures of %(file)s were imported into the plan of %(year)s.")
        % {"file": read.source, "year": year},
    )
    return redirect("plans:plan_detail", access.agency.slug, year)


@agency_view()
def plan_export(request: HttpRequest, access: Access, year: int) -> HttpResponse:
    """The plan (and a round's statuses) as an Excel workbook or a CSV file to download."""
    plan = plan_of(access, year)
    data = export_plan(plan)
    fmt = request.GET.get("format", "xlsx")
    round_param = request.GET.get("round", "")
    if round_param.isdigit() and 1 <= int(round_param) <= len(data.rounds):
        round_index: int | None = int(round_param) - 1
    elif round_param == "0" or not data.rounds:
        round_index = None
    else:
        round_index = len(data.rounds) - 1
    name = f"{access.agency.slug}-{year}"
    if fmt == "csv":
        response = HttpResponse(
            write_csv(data, round_index=round_index), content_type="text/csv; charset=utf-8"
        )
        name += ".csv"
    else:
        response = HttpResponse(
            write_xlsx(data, round_index=round_index),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name += ".xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
