from django import template

from cluster_cms.models import Message

register = template.Library()


@register.simple_tag(takes_context=True)
def new_message_count(context) -> int | None:
    """How many messages wait for a first look, for staff who may read them."""
    request = context.get("request")
    if request is None or not request.user.has_perm("cluster_cms.view_message"):
        return None
    return Message.objects.filter(status=Message.Status.NEW).count()
