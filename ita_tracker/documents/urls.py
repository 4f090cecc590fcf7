from django.urls import path, register_converter

from ita_tracker.documents import approval_views, views


class FormatConverter:
    regex = "docx|pdf"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "documents"
urlpatterns = [
    path("plans/<int:year>/document.<fmt:fmt>", views.plan_document, name="plan_document"),
    path("rounds/<int:round_id>/report.<fmt:fmt>", views.round_report, name="round_report"),
    path(
        "results/<int:year>/analysis/report.<fmt:fmt>",
        views.analysis_report,
        name="analysis_report",
    ),
    path("templates/", views.templates_page, name="templates"),
    path("templates/<str:kind>.docx", views.template_download, name="template_download"),
    path("signing/", views.signing_certificate, name="signing_certificate"),
    # The approval flow (ADR 0006).
    path("inbox/", approval_views.inbox, name="inbox"),
    path("rounds/<int:round_id>/submit/", approval_views.submit_round, name="submit_round"),
    path("plans/<int:year>/submit/", approval_views.submit_plan, name="submit_plan"),
    path(
        "results/<int:year>/analysis/submit/",
        approval_views.submit_analysis,
        name="submit_analysis",
    ),
    path(
        "submissions/<int:submission_id>/",
        approval_views.submission_detail,
        name="submission",
    ),
    path(
        "submissions/<int:submission_id>/preview.<fmt:fmt>",
        approval_views.submission_preview,
        name="submission_preview",
    ),
    path("submissions/<int:submission_id>/decide/", approval_views.decide, name="decide"),
    path("submissions/<int:submission_id>/withdraw/", approval_views.withdraw, name="withdraw"),
    path("issued/<int:issued_id>.<fmt:fmt>", approval_views.issued_file, name="issued_file"),
    path("register/", approval_views.register, name="register"),
    path("chains/", approval_views.chain_list, name="chain_list"),
    path("chains/<str:kind>/", approval_views.chain_edit, name="chain_edit"),
]
