from django import template

from review.models import Revision
from review.services import APPROVE_PERMISSION, review_settings

register = template.Library()

SHOWN = 10


@register.inclusion_tag("admin/review/_awaiting.html", takes_context=True)
def awaiting_my_review(context) -> dict:
    """The admin index's list of versions waiting for this reviewer's decision."""
    user = context["request"].user
    if not user.has_perm(APPROVE_PERMISSION):
        return {"shown": False}
    waiting = Revision.objects.filter(state=Revision.State.SUBMITTED).select_related(
        "author"
    )
    if not user.is_superuser and not review_settings().may_approve_own:
        waiting = waiting.exclude(author=user)
    waiting = list(waiting.order_by("updated_at", "pk")[: SHOWN + 1])
    return {
        "shown": True,
        "revisions": waiting[:SHOWN],
        "more": len(waiting) > SHOWN,
    }
