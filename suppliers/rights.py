"""Who may see what in the supplier area: the one check every view goes through.

A representative reaches a firm only through `firms_of(user)`, and a firm's
inquiries, changes and claims only through that firm (or their own account).
Anything else, another firm's id above all, is a 404: the same answer as an id
that does not exist, so ids cannot be probed.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from enterprises.models import Enterprise

from .models import Claim, Inquiry


def is_representative_account(user) -> bool:
    """Staff never act as a firm: their accounts stay out of the supplier area."""
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_staff
        and not user.is_superuser
    )


def firms_of(user) -> QuerySet[Enterprise]:
    """The firms `user` represents (none for staff or anonymous visitors)."""
    if not is_representative_account(user):
        return Enterprise.objects.none()
    return Enterprise.objects.filter(representatives__user=user)


def firm_or_404(user, pk: int) -> Enterprise:
    """The firm `pk` if `user` represents it, else 404."""
    return get_object_or_404(firms_of(user), pk=pk)


def inquiry_or_404(firm: Enterprise, pk: int) -> Inquiry:
    """The inquiry `pk` if it was addressed to `firm`, else 404."""
    return get_object_or_404(
        Inquiry.objects.visible().filter(enterprise=firm).select_related("message"),
        pk=pk,
    )


def claim_or_404(user, pk: int) -> Claim:
    """The claim `pk` if `user` made it, else 404."""
    if not is_representative_account(user):
        return get_object_or_404(Claim.objects.none(), pk=pk)
    return get_object_or_404(Claim.objects.filter(user=user), pk=pk)
