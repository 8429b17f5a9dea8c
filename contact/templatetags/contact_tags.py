from django import template
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import get_language

from contact.forms import MessageForm, sign_about
from contact.models import Message

register = template.Library()
FOOTER_ID = "footer-%s"


@register.inclusion_tag("contact/_section.html", takes_context=True)
def contact_form(context, about: models.Model | None = None) -> dict:
    """The footer's "Leave a message" form: no code, no token, no query.

    `about` is the object a detail page shows (a release, an enterprise): the
    message records which one it was left on. The form's fields are the same
    on every page and are a `{% cache %}` fragment per language; the page's
    address and what the message is about are each page's own.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "contact":
        # The page is the form already; a second copy would only confuse.
        return {"form": None}
    site_settings = context.get("site_settings")
    if not isinstance(about, models.Model):
        about = None
    return {
        # Built only where the fragment is drawn, not on every page.
        "form": SimpleLazyObject(
            lambda: MessageForm(with_code=False, auto_id=FOOTER_ID)
        ),
        "footer": True,
        "privacy_url": site_settings.privacy_url if site_settings is not None else "",
        "next": request.get_full_path() if request else "",
        "about_signed": sign_about(about) if about else "",
        "about": about,
        "language": get_language(),
        "site_version": context.get("site_version", ""),
    }


@register.simple_tag(takes_context=True)
def contact_url(context, about: models.Model) -> str:
    """The message form's address for a message about `about` (a firm), which
    brings the visitor back to this page once it is sent."""
    # `context.request` rather than the `request` variable: it is still there in
    # partials included with `only` (cards).
    request = getattr(context, "request", None)
    about_query = urlencode({"about": sign_about(about)})
    if request is None:
        return f"{reverse('contact')}?{about_query}"
    # A page of the directory asks twenty times: the form's address and the
    # page's own are worked out once per request.
    if not hasattr(request, "_contact_url_parts"):
        request._contact_url_parts = (
            reverse("contact"),
            urlencode({"next": request.get_full_path()}),
        )
    form_path, next_query = request._contact_url_parts
    return f"{form_path}?{about_query}&{next_query}"


@register.simple_tag(takes_context=True)
def new_message_count(context) -> int | None:
    """How many messages wait for a first look, for staff who may read them."""
    request = context.get("request")
    if request is None or not request.user.has_perm("contact.view_message"):
        return None
    return Message.objects.filter(status=Message.Status.NEW).count()
