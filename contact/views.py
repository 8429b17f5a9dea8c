import logging

from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.timesince import timeuntil
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from core.client_address import client_address, network_of
from core.outage import RETRY_AFTER_SECONDS, database_is_unavailable

from . import ratelimit
from .code_media import draw_image, speak
from .forms import MessageForm, local_path, public_about
from .identifying_code import TooManyCodes, new_code, retire_code
from .services import message_create

logger = logging.getLogger(__name__)

# What a hand-off carries over to /contact/ (the honeypot is left behind).
KEPT_FIELDS = ("name", "email", "phone", "company", "country", "body", "next", "about")


def _csrf_is_valid(request: HttpRequest) -> bool:
    # The same check the middleware makes, run only where something gets stored.
    rejection = CsrfViewMiddleware(lambda request: None).process_view(
        request, None, (), {}
    )
    return rejection is None


# A hand-off (the footer form posted without JavaScript, or "new code") stores
# nothing, so it needs no CSRF token: that keeps every page's HTML free of
# per-visitor tokens and cacheable. Posts that store a message are checked in post().
@method_decorator(csrf_exempt, name="dispatch")
class ContactView(FormView):
    """The "Leave a message" page, where every copy of the form posts."""

    template_name = "contact/message_form.html"
    form_class = MessageForm

    def get_initial(self):
        # "Contact this supplier" links here with the firm and the page to go
        # back to; both are checked, as they are again when the form is posted.
        about = self.request.GET.get("about", "")
        return {
            "about": about if public_about(about) is not None else "",
            "next": local_path(self.request.GET.get("next", "")),
        }

    def get_context_data(self, **kwargs):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return super().get_context_data(
            about=public_about(data.get("about", "")), **kwargs
        )

    def post(self, request, *args, **kwargs):
        try:
            response = self.take_message(request)
            # The form comes back with a new code, which is stored in the
            # database as it is drawn: drawn here, where an outage is answered.
            if hasattr(response, "render"):
                response.render()
            return response
        except DatabaseError as error:
            if not database_is_unavailable(error):
                raise
            logger.warning("A message could not be stored.", exc_info=True)
            return self.render_unavailable()

    def take_message(self, request):
        if not request.POST.get("captcha_0") or "new_code" in request.POST:
            retire_code(request.POST.get("captcha_0", ""))
            return self.render_kept(
                notice=_("Type the identifying code shown below to send your message."),
            )
        if not _csrf_is_valid(request):
            return self.render_kept(
                error=_(
                    "Your message was not sent: the form had expired or lacked its "
                    "security token. Check it and send it again."
                ),
                status=403,
            )
        form = self.get_form()
        retry_at = ratelimit.retry_after(ratelimit.MESSAGES, self.network)
        if retry_at is not None:
            form.is_valid()  # shows every other error at the same time
            return self.rate_limited(form, retry_at)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    @property
    def network(self) -> str | None:
        return network_of(client_address(self.request))

    def get_form(self, form_class=None):
        return self.drawing_for_visitor(super().get_form(form_class))

    def drawing_for_visitor(self, form):
        """The form, whose new code counts against the visitor's limit on codes."""
        if "captcha" in form.fields:
            form.fields["captcha"].widget.network = self.network
        return form

    def rate_limited(self, form, retry_at) -> HttpResponse:
        form.add_error(
            None,
            gettext(
                "You have sent several messages in a short time. To keep spam "
                "out, please wait %(wait)s before sending another."
            )
            % {"wait": timeuntil(retry_at)},
        )
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(
            max(1, int((retry_at - timezone.now()).total_seconds()))
        )
        return response

    def form_valid(self, form):
        # The message is counted and stored in one transaction: the count's lock
        # holds until the message is stored, so racing posts cannot overshoot.
        with transaction.atomic():
            retry_at = ratelimit.take(ratelimit.MESSAGES, self.network)
            if retry_at is None:
                self.store(form)
        if retry_at is not None:
            return self.rate_limited(form, retry_at)
        if not form.cleaned_data["next"]:
            # The thank-you page says it itself, once.
            return redirect("contact_thanks")
        messages.success(
            self.request,
            _("Thank you: your message has been sent. We will answer you soon."),
        )
        return redirect(form.cleaned_data["next"])

    def store(self, form) -> None:
        data = form.cleaned_data
        message_create(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            company=data["company"],
            country=data["country"],
            body=data["body"],
            page_url=data["next"] or reverse("contact"),
            about=data["about"],
            client_address=client_address(self.request),
            user_agent=self.request.headers.get("User-Agent", ""),
            language=get_language() or "",
            is_spam=form.is_spam,
            site_url=self.request.build_absolute_uri("/")[:-1],
        )

    def render_kept(self, *, notice="", error="", status=200) -> HttpResponse:
        """The form again, unbound, with what the visitor typed and a fresh code."""
        form = self.drawing_for_visitor(self.form_class(initial=self.kept_values()))
        context = self.get_context_data(form=form, notice=notice, error=error)
        return self.render_to_response(context, status=status)

    def render_unavailable(self) -> HttpResponse:
        """503: the database is down. What was typed comes back, without a code.

        No code can be drawn (codes are stored in the database); sending the
        form again later brings one, as a hand-off from a page's footer does.
        """
        context = self.get_context_data(
            form=self.form_class(initial=self.kept_values(), with_code=False),
            error=_(
                "Your message was NOT sent: our database is not answering for a "
                "moment. Everything you typed is kept below; please send it again "
                "in a few minutes."
            ),
        )
        response = self.render_to_response(context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def kept_values(self) -> dict[str, str]:
        return {
            name: self.request.POST.get(name, "").replace("\x00", "")
            for name in KEPT_FIELDS
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Each rendering holds a one-time code and a CSRF token.
        add_never_cache_headers(response)
        return response


class ContactThanksView(TemplateView):
    template_name = "contact/thanks.html"


# contact.js sends this header with its request for a code. An <img>, a link or
# a form cannot send it, and a script on another site may only after a CORS
# preflight that this site never answers.
CODE_REQUEST_HEADER = "X-Contact-Code"


def asked_by_our_script(request: HttpRequest) -> bool:
    """Whether a request for a code comes from this site's own script: its
    header is there, and the browser (when it says) saw no other site ask."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in (
        "same-origin",
        "none",
    ):
        return False
    return request.headers.get(CODE_REQUEST_HEADER) == "1"


@require_GET
@never_cache
def contact_code(request: HttpRequest) -> JsonResponse:
    """A fresh identifying code and CSRF token for the footer form (contact.js).

    Only the site's own script may ask: an <img> of this address in a text or
    on another site would otherwise draw codes against the reader's limit.
    Without JavaScript the footer form hands over to /contact/, which draws the
    code itself.
    """
    if not asked_by_our_script(request):
        return JsonResponse({"error": "not asked by the site's script"}, status=403)
    network = network_of(client_address(request))
    try:
        code = new_code(
            network=network,
            replaces=request.GET.get("replaces", ""),
            # The page's language, for the code's speech: this address has one
            # for both languages.
            language=spoken_language(request.GET.get("lang", "")),
        )
    except TooManyCodes as refusal:
        return _too_many_codes(refusal.retry_at)
    except DatabaseError as error:
        if not database_is_unavailable(error):
            raise
        logger.warning("No identifying code could be drawn.", exc_info=True)
        response = JsonResponse(
            {"error": gettext("Please try again in a few minutes.")}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = JsonResponse({**code, "csrf_token": get_token(request)})
    patch_vary_headers(response, ["Cookie"])
    return response


def _too_many_codes(retry_at) -> HttpResponse:
    response = JsonResponse({"error": "too many codes"}, status=429)
    response["Retry-After"] = str(
        max(1, int((retry_at - timezone.now()).total_seconds()))
    )
    return response


def _unexpired_code(key: str) -> CaptchaStore | None:
    return CaptchaStore.objects.filter(
        hashkey=key, expiration__gt=timezone.now()
    ).first()


@require_GET
@never_cache
def code_image(request: HttpRequest, key: str) -> HttpResponse:
    """The picture of a code (contact/code_media.py); 410 once it is used up."""
    code = _unexpired_code(key)
    if code is None:
        return HttpResponse(status=410)
    return HttpResponse(draw_image(code.challenge, key), content_type="image/png")


def spoken_language(code: str) -> str:
    """The page's language named by `?lang=`, else the site's default."""
    known = dict(settings.LANGUAGES)
    return code if code in known else settings.LANGUAGE_CODE


@require_GET
@never_cache
def code_audio(request: HttpRequest, key: str) -> HttpResponse:
    """The same code spoken, for who cannot see the picture; 410 once used up.

    The address is the same in both languages (`?lang=` names the page's), and
    each listen is a new recording of the same code (contact/code_media.py).

    Speaking runs a program: each listen counts against the client's limit on
    drawing codes, so no one can keep the server speaking.
    """
    code = _unexpired_code(key)
    if code is None:
        return HttpResponse(status=410)
    network = network_of(client_address(request))
    refused_until = ratelimit.take(ratelimit.CODES, network)
    if refused_until is not None:
        return _too_many_codes(refused_until)
    audio = speak(code.challenge, spoken_language(request.GET.get("lang", "")))
    if audio is None:
        raise Http404("espeak-ng is not installed")
    response = HttpResponse(audio, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="code.wav"'
    return response
