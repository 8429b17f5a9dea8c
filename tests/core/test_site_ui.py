import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertInHTML

from core.templatetags.site_ui import html_datetime, phrase_breaks


def test_machine_dates_have_whole_seconds_in_the_sites_time_zone():
    moment = datetime.datetime(2017, 12, 21, 2, 30, 5, 123456, tzinfo=datetime.UTC)

    with timezone.override("Asia/Shanghai"):
        shown = html_datetime(timezone.localtime(moment))

    assert shown == "2017-12-21T10:30:05+08:00"


def test_chinese_labels_may_break_only_after_a_phrase():
    assert phrase_breaks("灯饰产业集聚的镇区") == "灯饰产业集聚的<wbr>镇区"
    assert phrase_breaks("<b>古镇</b>，横栏") == "&lt;b&gt;古镇&lt;/b&gt;，<wbr>横栏"
    assert phrase_breaks("towns where the lighting industry gathers") == (
        "towns where the lighting industry gathers"
    )


def test_chinese_home_page_figures_break_after_a_phrase(client, db):
    response = client.get("/zh-hans/")

    assertContains(response, "<dt>灯饰产业集聚的<wbr>镇区</dt>", html=True)


class HeroSettings:
    """What the hero reads from the editors' site settings."""

    hero_title = "Guzhen by night"
    hero_text = "Lamps of every kind."
    hero_image = "hero.jpg"
    hero_image_alt = "Lit shop fronts in Guzhen"

    class hero_large:  # the rendition, as imagekit names it
        url = "/media/hero-large.jpg"


def test_hero_shows_the_editors_picture_title_and_text():
    with translation.override("en"):
        html = render_to_string(
            "includes/_hero.html", {"site_settings": HeroSettings, "site_name": "Site"}
        )

    assertInHTML(
        '<img class="hero-image" src="/media/hero-large.jpg" alt="Lit shop fronts in '
        'Guzhen" width="1600" height="900" fetchpriority="high">',
        html,
    )
    assertInHTML('<h1 id="hero-heading">Guzhen by night</h1>', html)
    assertInHTML('<p class="lead">Lamps of every kind.</p>', html)


def test_hero_without_settings_shows_the_site_name_and_no_picture():
    with translation.override("en"):
        html = render_to_string(
            "includes/_hero.html", {"site_name": "Site", "default_text": "Default."}
        )

    assertInHTML('<h1 id="hero-heading">Site</h1>', html)
    assertInHTML('<p class="lead">Default.</p>', html)
    assert "<img" not in html
