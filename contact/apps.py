from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "contact"
    verbose_name = _("Visitor messages")

    def ready(self):
        from . import signals, tasks

        signals.message_received.connect(
            tasks.queue_staff_notice, dispatch_uid="contact:staff_notice"
        )
