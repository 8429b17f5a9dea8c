"""How django-allauth treats accounts: suppliers' representatives only."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.client_address import client_network

from .models import Representative

# Failed sign-ins counted per firm across all its representatives' accounts
# (ACCOUNT_RATE_LIMITS), beside allauth's own per account and per client: a
# guesser spread over many addresses and a firm's several accounts still stops.
FIRM_LOGIN_LIMIT = "supplier_login_failed_firm"


class SupplierAccountAdapter(DefaultAccountAdapter):
    """Representatives sign up and in here; staff sign in at the admin only,
    so a representative's password never opens the admin and a stolen staff
    password is not tried through a second door."""

    def pre_login(self, request, user, **kwargs):
        if user.is_staff or user.is_superuser:
            messages.error(request, _("Staff sign in at the admin, not here."))
            return HttpResponseRedirect(reverse("admin:login"))
        return super().pre_login(request, user, **kwargs)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The client as the site's other limits count it: behind the trusted
        # proxies only, an IPv6 /64 as one client.
        network = client_network(request)
        if not network:
            raise PermissionDenied("Unable to determine client IP address")
        return network

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        for firm in _firms_of(credentials):
            if not ratelimit.consume(
                request, action=FIRM_LOGIN_LIMIT, key=firm, dry_run=True
            ):
                raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        for firm in _firms_of(credentials):
            ratelimit.consume(request, action=FIRM_LOGIN_LIMIT, key=firm)


def _firms_of(credentials: dict) -> list[str]:
    """The firms the account being signed in to represents (by the email tried)."""
    email = credentials.get("email") or credentials.get("username") or ""
    return [
        str(pk)
        for pk in Representative.objects.filter(user__email__iexact=email)
        .values_list("enterprise_id", flat=True)
        .distinct()
    ]
