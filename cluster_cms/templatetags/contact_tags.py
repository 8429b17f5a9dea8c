from django import template
from django.db import models

from cluster_cms.forms import MessageForm, sign_about

register = template.Library()


@register.inclusion_tag("includes/_contact_section.html", takes_context=True)
def contact_form(context, about: models.Model | None = None) -> dict:
    """The footer's "Leave a message" form: no code, no token, no query.

    Pass `about=<object>` on a release's (or enterprise's) page so the message
    records which one it was left on.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "contact":
        # The page is the form already; a second copy would only confuse.
        return {}
    form = MessageForm(
        with_code=False,
        auto_id="footer-%s",
        initial={
            "next": request.get_full_path() if request is not None else "",
            "about": sign_about(about) if about is not None else "",
        },
    )
    return {"form": form, "footer": True}
