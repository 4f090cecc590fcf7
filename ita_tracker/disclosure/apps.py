from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "ita_tracker.disclosure"
    verbose_name = _("Public disclosure")
