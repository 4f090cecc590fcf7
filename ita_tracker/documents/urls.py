from django.urls import path, register_converter

from ita_tracker.documents import views


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
    path("templates/", views.templates_page, name="templates"),
    path("templates/<str:kind>.docx", views.template_download, name="template_download"),
    path("signing/", views.signing_certificate, name="signing_certificate"),
]
