from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "ita_tracker.plans"
    verbose_name = _("Measures and progress")
