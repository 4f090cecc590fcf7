from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "ita_tracker.agencies"
    verbose_name = _("Agencies")

    def ready(self) -> None:
        from ita_tracker.agencies import admin_thai

        admin_thai.install()
