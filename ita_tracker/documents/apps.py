from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ita_tracker.documents"
    verbose_name = _("Documents and approvals")

    def ready(self) -> None:
        from django.conf import settings

        from ita_tracker.docengine import fonts

        # The engine is Django-free: tell it where this installation keeps its data.
        fonts.configure(settings.DATA_DIR)
