from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.images import validate_image_upload
from enterprises.models import MAX_PHOTOS, Certification
from enterprises.validators import normalize_credit_code

from .models import Claim, Inquiry, ListingChange
from .services import TEXT_FIELDS

# What the file picker offers: the types the upload checks accept.
IMAGE_TYPES = "image/jpeg,image/png,image/webp"


class ClaimForm(forms.ModelForm):
    """Who claims a firm; the credit code is asked where editors review it."""

    class Meta:
        model = Claim
        fields = ["applicant_name", "applicant_role", "credit_code", "note"]
        labels = {"applicant_name": _("Your name")}
        help_texts = {
            "credit_code": _("The firm's 18-character code (统一社会信用代码)."),
            "note": _("Anything that helps the directory editors confirm it."),
        }
        widgets = {
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "applicant_role": forms.TextInput(
                attrs={"autocomplete": "organization-title"}
            ),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        if enterprise.email:
            # The mailed link proves it: no code needed.
            del self.fields["credit_code"]
        else:
            self.fields["credit_code"].required = True

    def clean_credit_code(self):
        code = normalize_credit_code(self.cleaned_data["credit_code"])
        known = self.enterprise.credit_code
        if known and code != known:
            raise forms.ValidationError(
                _("This is not the code the directory holds for this firm."),
                code="credit_code_mismatch",
            )
        return code


class ListingForm(forms.ModelForm):
    """What a representative may change on the firm's page."""

    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )
    export_markets = forms.MultipleChoiceField(
        label=_("Export markets"),
        choices=[],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    removed_photos = forms.TypedMultipleChoiceField(
        label=_("Take these photos off the page"),
        coerce=int,
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ListingChange
        fields = [*TEXT_FIELDS, "logo"]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 6, "lang": "zh-Hans"}),
            "main_products_en": forms.TextInput(attrs={"lang": "en"}),
            "main_products_zh_hans": forms.TextInput(attrs={"lang": "zh-Hans"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "logo": forms.FileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp"}
            ),
        }
        help_texts = {
            "phone": _("With the country code, e.g. +86 760 2222 3333."),
            "email": _("Published on the page; buyers' messages reach you here."),
        }

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["export_markets"].choices = list(countries)
        self.fields["export_markets"].initial = self.instance.export_markets
        self.fields["removed_photos"].choices = [
            (photo.pk, photo.image_alt) for photo in photos
        ]
        self.fields["removed_photos"].initial = self.instance.removed_photos


class CertificateForm(forms.Form):
    certification = forms.ModelChoiceField(
        label=_("Certification"), queryset=Certification.objects.all()
    )
    number = forms.CharField(label=_("Certificate number"), max_length=100)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class BaseCertificateFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            certification = form.cleaned_data.get("certification")
            if certification in seen:
                form.add_error(
                    "certification", _("This certification is listed twice.")
                )
            seen.add(certification)

    def as_list(self) -> list[dict]:
        """The certificates as a listing change stores them."""
        return [
            {
                "certification": form.cleaned_data["certification"].pk,
                "number": form.cleaned_data["number"],
                "valid_until": form.cleaned_data["valid_until"].isoformat()
                if form.cleaned_data.get("valid_until")
                else None,
            }
            for form in self.forms
            if form.has_changed()
            and form.cleaned_data
            and not self._should_delete_form(form)
        ]


CertificateFormSet = forms.formset_factory(
    CertificateForm,
    formset=BaseCertificateFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


class NewPhotoForm(forms.Form):
    # The same checks as the editors' uploads: real JPEG, PNG or WebP in limits.
    image = forms.ImageField(
        label=_("New photo"),
        required=False,
        validators=[validate_image_upload],
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )
    image_alt = forms.CharField(
        label=_("What the photo shows"), max_length=250, required=False
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("image") and not cleaned_data.get("image_alt"):
            self.add_error("image_alt", _("Describe the photo for readers."))
        return cleaned_data


NewPhotoFormSet = forms.formset_factory(NewPhotoForm, extra=2, max_num=MAX_PHOTOS)


def photo_count_error(*, kept: int, added: int) -> str | None:
    """Why the page would show too many photos, or None."""
    if kept + added > MAX_PHOTOS:
        return _("A page shows at most %(count)s photos; take some off first.") % {
            "count": MAX_PHOTOS
        }
    return None


class InquiryStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Inquiry.Status.choices)
