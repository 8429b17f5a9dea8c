from django import template

from background import queue

register = template.Library()


@register.inclusion_tag("background/_queue_summary.html", takes_context=True)
def task_queue_summary(context):
    """For superusers on the admin index: the task queue, the workers' last report."""
    request = context.get("request")
    if request is None or not request.user.is_superuser:
        return {"summary": None}
    return {"summary": queue.summary(), "lost_after": queue.lost_after()}
