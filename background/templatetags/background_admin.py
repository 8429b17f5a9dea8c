from django import template
from django.utils.translation import ngettext

from background import queue

register = template.Library()


@register.inclusion_tag("background/_queue_summary.html", takes_context=True)
def task_queue_summary(context):
    """For superusers on the admin index: the task queue, the workers' last report."""
    request = context.get("request")
    if request is None or not request.user.is_superuser:
        return {"summary": None}
    summary = queue.summary()
    return {
        "summary": summary,
        "counts": _counts(summary),
        "lost_after": queue.lost_after(),
    }


def _counts(summary: dict) -> list[dict]:
    """Each count of the queue with the status that filters the task list to it."""
    waiting, running, failed = summary["waiting"], summary["running"], summary["failed"]
    retrying = ngettext(
        "%(count)s of them to be retried after an error",
        "%(count)s of them to be retried after an error",
        summary["retrying"],
    ) % {"count": summary["retrying"]}
    return [
        {
            "status": queue.READY,
            "text": ngettext(
                "%(count)s task waiting", "%(count)s tasks waiting", waiting
            )
            % {"count": waiting},
            "note": retrying if summary["retrying"] else "",
        },
        {
            "status": queue.RUNNING,
            "text": ngettext(
                "%(count)s task running", "%(count)s tasks running", running
            )
            % {"count": running},
        },
        {
            "status": queue.FAILED,
            "text": ngettext("%(count)s task failed", "%(count)s tasks failed", failed)
            % {"count": failed},
        },
    ]
