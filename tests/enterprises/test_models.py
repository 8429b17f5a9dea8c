import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from enterprises.models import Enterprise, HeldCertificate
from enterprises.validators import credit_code_check_character, validate_credit_code

pytestmark = pytest.mark.django_db

# The example code printed in GB 32100-2015 explanations; its check character is 3.
VALID_CODE = "91350100M000100Y43"


def test_a_well_formed_credit_code_passes():
    validate_credit_code(VALID_CODE)
    assert credit_code_check_character(VALID_CODE[:17]) == "3"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "mistyped"),
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100Y433", "18 characters"),
        ("91350100M0001O0Y43", "cannot contain “O”"),
        ("913501AAM000100Y43", "administrative division"),
    ],
)
def test_a_malformed_credit_code_is_refused_with_the_reason(code, message):
    with pytest.raises(ValidationError, match=message):
        validate_credit_code(code)


def test_credit_code_is_stored_upper_case_without_spaces(enterprise_factory):
    enterprise = enterprise_factory(credit_code=" 91350100m000100y43 ")
    enterprise.refresh_from_db()
    assert enterprise.credit_code == VALID_CODE


def test_two_enterprises_cannot_share_a_credit_code(enterprise_factory):
    enterprise_factory(credit_code=VALID_CODE)
    with pytest.raises(IntegrityError), transaction.atomic():
        enterprise_factory(credit_code=VALID_CODE)


def test_many_enterprises_may_have_no_credit_code(enterprise_factory):
    enterprise_factory(credit_code="")
    enterprise_factory(credit_code="")
    assert Enterprise.objects.filter(credit_code="").count() == 2


def test_full_clean_names_the_duplicate_credit_code(enterprise_factory):
    first = enterprise_factory(credit_code=VALID_CODE)
    second = Enterprise(name="Other", slug="other", town=first.town)
    second.credit_code = VALID_CODE
    with pytest.raises(ValidationError, match="Another enterprise has this"):
        second.full_clean()


def test_the_overview_address_cannot_be_an_enterprise_slug(town_factory):
    enterprise = Enterprise(name="Overview", slug="overview", town=town_factory())
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "slug" in error.value.message_dict


def test_a_certificate_past_its_date_is_expired(
    enterprise_factory, certification_factory
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    enterprise = enterprise_factory(
        certifications=[(certification_factory(), yesterday), certification_factory()]
    )
    assert enterprise.held_certificates.get(valid_until=yesterday).is_expired
    assert not enterprise.held_certificates.get(valid_until=None).is_expired
    assert HeldCertificate.objects.current().count() == 1


def test_published_is_the_only_public_set(enterprise_factory):
    shown = enterprise_factory(is_published=True)
    enterprise_factory(is_published=False)
    assert list(Enterprise.objects.published()) == [shown]


def test_saving_without_a_slug_derives_it_from_the_name(town_factory):
    enterprise = Enterprise.objects.create(name="Bright Lamps Ltd", town=town_factory())
    assert enterprise.slug == "bright-lamps-ltd"
    assert enterprise.get_absolute_url() == "/enterprises/bright-lamps-ltd/"


def test_a_logo_that_is_not_an_image_is_refused(enterprise_factory):
    enterprise = enterprise_factory()
    enterprise.logo = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>")
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "Upload a JPEG, PNG or WebP image." in error.value.message_dict["logo"]


def test_a_decompression_bomb_logo_is_refused(enterprise_factory, settings):
    settings.CLUSTER_IMAGE_MAX_PIXELS = 10_000
    buffer = io.BytesIO()
    Image.new("1", (1000, 1000)).save(buffer, format="PNG")
    enterprise = enterprise_factory()
    enterprise.logo = SimpleUploadedFile("logo.png", buffer.getvalue())
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "This image has too many pixels." in error.value.message_dict["logo"]


def test_the_migration_seeds_the_towns_of_the_cluster():
    from enterprises.models import Certification, ProductCategory, Town

    assert Town.objects.filter(name__in=["Guzhen", "Henglan", "Xiaolan"]).count() == 3
    assert ProductCategory.objects.filter(slug="led-lighting").exists()
    assert (
        Certification.objects.filter(name__in=["CCC", "CE", "UL", "RoHS"]).count() == 4
    )
