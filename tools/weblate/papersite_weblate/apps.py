"""Discovered components inherit the main component's file format parameters.

Weblate's discovery add-on copies a list of settings from the main component
to each component it creates (check flags, commit settings, ...), but not the
file format parameters, where Weblate 5.13 moved the "Customize gettext
output" add-on that discovery used to copy. Without this, a new paper's
components would wrap lines at 77 columns while ``update-po`` writes one line
per string: every save would churn.
"""

from django.apps import AppConfig
from django.db.models.signals import pre_save


def inherit_file_format_params(sender, instance, **kwargs) -> None:
    main = instance.linked_component
    if main is None or instance.file_format_params or instance.file_format != main.file_format:
        return
    instance.file_format_params = dict(main.file_format_params)


class PapersiteWeblateConfig(AppConfig):
    name = "papersite_weblate"
    verbose_name = "papersite: settings discovered components inherit"

    def ready(self) -> None:
        from weblate.trans.models import Component

        pre_save.connect(inherit_file_format_params, sender=Component, dispatch_uid="papersite-file-format-params")
