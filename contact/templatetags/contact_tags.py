import functools

from django import template
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from contact.forms import MessageForm, sign_about
from contact.models import Message

register = template.Library()
FOOTER_ID = "footer-%s"


@register.inclusion_tag("contact/_section.html", takes_context=True)
def contact_form(context, about: models.Model | None = None) -> dict:
    """The footer's "Leave a message" form: no code, no token, no query.

    `about` is the object a detail page shows (a release, an enterprise): the
    message records which one it was left on.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "contact":
        # The page is the form already; a second copy would only confuse.
        return {}
    if not isinstance(about, models.Model):
        about = None
    form = MessageForm(
        with_code=False,
        auto_id=FOOTER_ID,
        initial={
            "next": request.get_full_path() if request is not None else "",
            "about": sign_about(about) if about is not None else "",
        },
    )
    site_settings = context.get("site_settings")
    privacy_url = site_settings.privacy_url if site_settings is not None else ""
    return {
        "form": form,
        "footer": True,
        "fields_html": footer_fields(get_language()),
        "privacy_url": privacy_url,
        "about": about,
    }


@functools.cache
def footer_fields(language: str) -> str:
    """The footer form's visible fields, drawn once per language and worker.

    Empty and the same on every page (only the hidden `next` and `about` differ,
    and they are drawn per page), while crispy-forms took about a third of a
    page's rendering time to draw them.
    """
    form = MessageForm(with_code=False, auto_id=FOOTER_ID)
    html = render_to_string("contact/_fields.html", {"form": form})
    # crispy-forms' templates leave kilobytes of indentation and blank lines,
    # sent (and cached) with every page; no field holds text that needs them.
    return mark_safe(
        "\n".join(line.strip() for line in html.splitlines() if line.strip())
    )


@register.simple_tag(takes_context=True)
def contact_url(context, about: models.Model) -> str:
    """The message form's address for a message about `about` (a firm), which
    brings the visitor back to this page once it is sent."""
    # `context.request` rather than the `request` variable: it is still there in
    # partials included with `only` (cards).
    request = getattr(context, "request", None)
    query = {"about": sign_about(about)}
    if request is not None:
        query["next"] = request.get_full_path()
    return f"{reverse('contact')}?{urlencode(query)}"


@register.simple_tag(takes_context=True)
def new_message_count(context) -> int | None:
    """How many messages wait for a first look, for staff who may read them."""
    request = context.get("request")
    if request is None or not request.user.has_perm("contact.view_message"):
        return None
    return Message.objects.filter(status=Message.Status.NEW).count()
