from django import template
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from caching import page_cache
from contact.forms import MessageForm, sign_about
from contact.models import Message

register = template.Library()
FOOTER_ID = "footer-%s"


@register.simple_tag(takes_context=True)
def contact_form(context, about: models.Model | None = None) -> SafeString:
    """The footer's "Leave a message" form: no code, no token, no query.

    `about` is the object a detail page shows (a release, an enterprise): the
    message records which one it was left on. The form is the same on every
    page but for that and the page's address: it is drawn once per cache
    version, language and privacy notice, and those two are filled in.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "contact":
        # The page is the form already; a second copy would only confuse.
        return ""
    site_settings = context.get("site_settings")
    privacy_url = site_settings.privacy_url if site_settings is not None else ""
    drawn = _drawn_forms.get()
    key = (get_language(), privacy_url)
    if key not in drawn:
        drawn[key] = _footer_shell(privacy_url)
    if not isinstance(about, models.Model):
        about = None
    this_page = render_to_string(
        "contact/_about.html",
        {
            "next": _hidden("next", request.get_full_path() if request else ""),
            "about_field": _hidden("about", sign_about(about) if about else ""),
            "about": about,
        },
    )
    return mark_safe(drawn[key].replace(THIS_PAGE, this_page, 1))


# The footer forms this worker drew at the current version, by language and
# privacy notice's address.
_drawn_forms = page_cache.Held("contact:footer-forms", dict)
# Where each page's own part (its address, what the message is about) goes.
THIS_PAGE = mark_safe("<!--this-page-->")


def _footer_shell(privacy_url: str) -> SafeString:
    form = MessageForm(with_code=False, auto_id=FOOTER_ID)
    html = render_to_string(
        "contact/_section.html",
        {"form": form, "privacy_url": privacy_url, "this_page": THIS_PAGE},
    )
    # crispy-forms' templates leave kilobytes of indentation and blank lines,
    # sent (and cached) with every page; no field holds text that needs them.
    return mark_safe(
        "\n".join(line.strip() for line in html.splitlines() if line.strip())
    )


def _hidden(name: str, value: str) -> SafeString:
    """A hidden field of the footer's form, as the form's widget draws it."""
    return format_html(
        '<input type="hidden" name="{}" value="{}" id="{}">',
        name,
        value,
        FOOTER_ID % name,
    )


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
