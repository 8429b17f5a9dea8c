"""What the admin says about when a release or page becomes public."""

from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PublicationStateMixin:
    """A "Draft / Scheduled (time) / Published" column, and a save message that
    says when a scheduled row becomes public.

    The model is `core.models.Scheduled`.
    """

    def _state(self, obj) -> tuple[str, str]:
        when = obj.publication_time
        if obj.status != obj.Status.PUBLISHED:
            return "draft", gettext("Draft")
        shown = formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")
        if when > timezone.now():
            return "scheduled", gettext("Scheduled for %(time)s") % {"time": shown}
        return "published", gettext("Published")

    @admin.display(description=_("publication"), ordering="status")
    def publication_state(self, obj) -> str:
        return self._state(obj)[1]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        state, _label = self._state(obj)
        if state == "scheduled":
            when = timezone.localtime(obj.publication_time)
            self.message_user(
                request,
                gettext("“%(title)s” is scheduled: the public sees it from %(time)s.")
                % {
                    "title": obj,
                    "time": formats.date_format(when, "DATETIME_FORMAT"),
                },
                messages.INFO,
            )
