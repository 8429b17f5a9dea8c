from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView, View

from enterprises.models import Enterprise

from . import services
from .forms import (
    CertificateFormSet,
    ClaimForm,
    InquiryStatusForm,
    ListingForm,
    NewPhotoFormSet,
    photo_count_error,
)
from .models import Claim, Inquiry, ListingChange
from .rights import (
    claim_or_404,
    firm_or_404,
    firms_of,
    inquiry_or_404,
    is_representative_account,
)


def claim_section(enterprise: Enterprise) -> SafeString:
    """ "Is this your company?" on an enterprise's public page."""
    return render_to_string("suppliers/_claim_link.html", {"enterprise": enterprise})


def site_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


@method_decorator(never_cache, name="dispatch")
class AreaMixin(LoginRequiredMixin):
    """Every page of the area: signed in, as a representative's account, never
    stored by a cache. Staff get a 404 here, as they would for a firm's id."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_representative_account(
            request.user
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class FirmMixin(AreaMixin):
    """A page of one firm: `firm` in the URL goes through `firm_or_404`."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_representative_account(request.user):
            self.firm = firm_or_404(request.user, kwargs["firm"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # The URL's `firm` (an id) becomes the firm itself.
        kwargs["firm"] = self.firm
        return super().get_context_data(**kwargs)


class DashboardView(AreaMixin, TemplateView):
    template_name = "suppliers/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        firms = firms_of(user).annotate(
            new_inquiries=Count(
                "inquiries",
                filter=Q(inquiries__status=Inquiry.Status.NEW)
                & ~Q(inquiries__message__status="spam"),
            )
        )
        claims = Claim.objects.filter(
            user=user, status=Claim.Status.PENDING
        ).select_related("enterprise")
        return super().get_context_data(firms=firms, claims=claims, **kwargs)


class ClaimView(AreaMixin, TemplateView):
    """Claim a published firm: a link to its published email, else a review."""

    template_name = "suppliers/claim.html"

    def dispatch(self, request, *args, **kwargs):
        self.enterprise = get_object_or_404(
            Enterprise.objects.published(), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ClaimForm(enterprise=self.enterprise))
        return super().get_context_data(enterprise=self.enterprise, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ClaimForm(request.POST, enterprise=self.enterprise)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        # Per client and per firm: nobody floods a firm's mailbox or the
        # editors' queue with claims.
        if not ratelimit.consume(
            request, action="supplier_claim", key=str(self.enterprise.pk)
        ):
            response = self.render_to_response(
                self.get_context_data(form=form, is_limited=True)
            )
            response.status_code = 429
            return response
        try:
            claim = services.claim_start(
                user=request.user,
                enterprise=self.enterprise,
                site_url=site_url(request),
                **form.cleaned_data,
            )
        except services.NotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect("suppliers:dashboard")
        if claim.method == Claim.Method.EMAIL:
            messages.success(
                request,
                _(
                    "We mailed a link to the firm's published address. Open it "
                    "while signed in to confirm."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "The directory editors will check your claim and mail you "
                    "when it is decided."
                ),
            )
        return redirect("suppliers:dashboard")


class ClaimConfirmView(AreaMixin, TemplateView):
    """The page a claim's mailed link opens; confirming is a POST, so a mail
    scanner that follows the link confirms nothing."""

    template_name = "suppliers/claim_confirm.html"

    def get_claim(self) -> Claim:
        pk = services.claim_from_token(self.kwargs["token"])
        if pk is None:
            raise Http404
        claim = claim_or_404(self.request.user, pk)
        if claim.method != Claim.Method.EMAIL:
            raise Http404
        return claim

    def get_context_data(self, **kwargs):
        return super().get_context_data(claim=self.get_claim(), **kwargs)

    def post(self, request, *args, **kwargs):
        claim = self.get_claim()
        try:
            services.claim_confirm(claim=claim, site_url=site_url(request))
        except services.NotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect("suppliers:dashboard")
        messages.success(
            request,
            _("You now represent %(firm)s.") % {"firm": claim.enterprise},
        )
        return redirect("suppliers:firm", firm=claim.enterprise_id)


class FirmView(FirmMixin, TemplateView):
    template_name = "suppliers/firm.html"

    def get_context_data(self, **kwargs):
        change = services.pending_change(self.firm)
        last_decided = (
            ListingChange.objects.filter(enterprise=self.firm)
            .exclude(status=ListingChange.Status.PENDING)
            .order_by("-decided_at", "-pk")
            .first()
        )
        return super().get_context_data(
            change=change,
            differences=services.change_differences(change) if change else [],
            last_decided=last_decided,
            new_inquiries=Inquiry.objects.visible()
            .filter(enterprise=self.firm, status=Inquiry.Status.NEW)
            .count(),
            **kwargs,
        )


class ListingEditView(FirmMixin, TemplateView):
    """Edit the firm's page; what is sent waits for the directory editors."""

    template_name = "suppliers/listing_form.html"

    def forms(self, data=None, files=None) -> dict:
        """The draft change, the firm's photos and the forms: the page's context."""
        change = services.change_draft(self.firm)
        photos = list(self.firm.photos.all())
        return {
            "change": change,
            "photos": photos,
            "form": ListingForm(data, files, instance=change, photos=photos),
            "certificates": CertificateFormSet(
                data,
                prefix="certificates",
                initial=None if data else change.certificates,
            ),
            "new_photos": NewPhotoFormSet(data, files, prefix="photos"),
        }

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST, request.FILES)
        change, photos, form = forms["change"], forms["photos"], forms["form"]
        certificates, new_photos = forms["certificates"], forms["new_photos"]
        valid = all([form.is_valid(), certificates.is_valid(), new_photos.is_valid()])
        added = []
        if valid:
            added = [
                (photo["image"], photo["image_alt"])
                for photo in new_photos.cleaned_data
                if photo.get("image")
            ]
            kept = len(photos) - len(form.cleaned_data["removed_photos"])
            already = change.photos.count() if change.pk else 0
            error = photo_count_error(kept=kept + already, added=len(added))
            if error:
                form.add_error(None, error)
                valid = False
        if not valid:
            return self.render_to_response(self.get_context_data(**forms), status=400)
        change = form.save(commit=False)
        change.export_markets = sorted(form.cleaned_data["export_markets"])
        change.removed_photos = sorted(form.cleaned_data["removed_photos"])
        change.certificates = certificates.as_list()
        services.change_submit(
            change=change,
            user=request.user,
            new_photos=added,
            site_url=site_url(request),
        )
        messages.success(
            request,
            _(
                "Sent to the directory editors. The page shows the approved text "
                "until they approve your changes."
            ),
        )
        return redirect("suppliers:firm", firm=self.firm.pk)


class InquiryListView(FirmMixin, ListView):
    template_name = "suppliers/inquiry_list.html"
    paginate_by = 20
    context_object_name = "inquiries"

    def get_queryset(self):
        inquiries = (
            Inquiry.objects.visible()
            .filter(enterprise=self.firm)
            .select_related("message")
        )
        self.status = self.request.GET.get("status", "")
        if self.status in Inquiry.Status.values:
            return inquiries.filter(status=self.status)
        self.status = ""
        return inquiries.exclude(status=Inquiry.Status.ARCHIVED)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=self.status, statuses=Inquiry.Status.choices, **kwargs
        )


class InquiryDetailView(FirmMixin, DetailView):
    template_name = "suppliers/inquiry_detail.html"
    context_object_name = "inquiry"

    def get_object(self, queryset=None):
        inquiry = inquiry_or_404(self.firm, self.kwargs["pk"])
        if inquiry.status == Inquiry.Status.NEW:
            services.inquiry_mark(inquiry=inquiry, status=Inquiry.Status.READ)
        return inquiry

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=Inquiry.Status.choices, **kwargs)


class InquiryStatusView(FirmMixin, View):
    """Mark an inquiry read, replied or archived (a POST from its page)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        inquiry = inquiry_or_404(self.firm, kwargs["pk"])
        form = InquiryStatusForm(request.POST)
        if not form.is_valid():
            raise BadRequest  # a forged status: the site's 400 page

        services.inquiry_mark(inquiry=inquiry, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("Marked as “%(status)s”.")
            % {"status": Inquiry.Status(form.cleaned_data["status"]).label},
        )
        return redirect("suppliers:inquiry_detail", firm=self.firm.pk, pk=inquiry.pk)
