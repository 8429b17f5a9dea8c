"""Each staff member's language, as the admin last spoke it to them at sign-in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import remember_language


@receiver(user_logged_in, dispatch_uid="review_remember_language")
def remember_language_at_sign_in(sender, request, user, **kwargs):
    if request is not None and user.is_staff:
        remember_language(user, getattr(request, "LANGUAGE_CODE", ""))
