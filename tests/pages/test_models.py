import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pages.models import Page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slug", ["news", "enterprises", "contact", "admin", "zh-hans", "media", "static"]
)
def test_a_page_cannot_take_an_address_another_part_of_the_site_uses(slug):
    page = Page(title="Clash", slug=slug, body="<p>Text</p>")

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "slug" in error.value.message_dict


def test_a_free_slug_is_accepted():
    Page(title="About", slug="about", body="<p>Text</p>").full_clean()


def test_the_body_is_sanitised_on_every_save(page_factory):
    page = page_factory(
        body='<p onclick="x()">Hi</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">link</a>'
    )

    page.refresh_from_db()
    assert "<script" not in page.body_en
    assert "onclick" not in page.body_en
    assert "javascript:" not in page.body_en


def test_published_queryset_is_the_only_definition_of_public(page_factory):
    shown = page_factory()
    page_factory(status=Page.Status.DRAFT)

    assert list(Page.objects.published()) == [shown]


def test_a_free_slug_is_accepted_while_the_editor_works_in_chinese():
    with translation.override("zh-hans"):
        Page(
            title_zh_hans="关于", slug="guan-yu", body_zh_hans="<p>正文</p>"
        ).full_clean()


def test_a_chinese_title_alone_gives_the_page_a_pinyin_slug(page_factory):
    page = page_factory(slug="", title="", title_zh_hans="隐私声明", body="")

    assert page.slug == "yin-si-sheng-ming"
