"""How django-allauth treats accounts: suppliers' representatives only."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.client_address import client_network


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
