"""What the admin says about when a release or page becomes public."""

from django.contrib import admin, messages
from django.db.models.functions import Now
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


def publish_now_action(name: str, description: str, done: str):
    """A bulk action for a PublicationStateMixin admin that makes the ticked rows
    public now: drafts are published, and a scheduled row's time moves to now
    (publishing alone leaves it waiting). `done` is an
    `ngettext_lazy(..., "count")` naming `status`; it counts the rows changed."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        model = modeladmin.model
        published = model.Status.PUBLISHED
        waiting = queryset.filter(**{f"{model.publication_time_field}__gt": Now()})
        changed = modeladmin.update_rows(
            waiting, status=published, **{model.publication_time_field: Now()}
        )
        changed += modeladmin.update_rows(queryset, status=published)
        modeladmin.message_user(
            request,
            done % {"count": changed, "status": published.label},
            messages.SUCCESS,
        )

    action.__name__ = name
    return action
