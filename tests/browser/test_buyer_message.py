"""A buyer leaves a message on a phone (390 px) and a desktop (1280 px), in both
languages: the code is heard in the page, and a long inquiry is never cut."""

import re

import pytest
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from contact.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGUAGES = [pytest.param("en", id="en"), pytest.param("zh-hans", id="zh")]


def open_contact(browser, screen, language, live_server):
    context = browser.new_context(viewport=screen)
    page = context.new_page()
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{live_server.url}{prefix}/contact/")
    return page


def fill_message(page, body="We need 5,000 ceiling lights before March."):
    page.fill("#id_name", "Maria Rossi")
    page.fill("#id_email", "maria@example.com")
    page.fill("#id_body", body)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_code_is_heard_in_the_page_by_keyboard_again_and_then_accepted(
    browser, live_server, screen, language
):
    page = open_contact(browser, screen, language, live_server)
    fill_message(page)
    key = page.input_value("input[name=captcha_0]")
    audio = page.locator("audio[data-code-audio]")
    expect(audio).to_be_visible()
    assert audio.get_attribute("src") == f"/captcha/audio/{key}.wav?lang={language}"
    label = page.locator(f"#{audio.get_attribute('aria-labelledby')}")
    said = "Listen to the code" if language == "en" else "收听验证码"
    assert label.inner_text() == said
    assert audio.bounding_box()["x"] + audio.bounding_box()["width"] <= screen["width"]

    # By keyboard: from the answer box, past "New code", to the player.
    page.focus("#id_captcha_1")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('audio[data-code-audio]')")
    with page.expect_response(re.compile(r"/captcha/audio/")) as heard:
        page.keyboard.press("Space")
    assert heard.value.status == 200
    page.wait_for_function(
        "() => document.querySelector('audio[data-code-audio]').currentTime > 0"
    )
    # Played to the end, it plays again: nothing is used up by listening.
    page.evaluate(
        "() => { const a = document.querySelector('audio[data-code-audio]');"
        " a.currentTime = a.duration; }"
    )
    page.wait_for_function(
        "() => document.querySelector('audio[data-code-audio]').ended"
    )
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => { const a = document.querySelector('audio[data-code-audio]');"
        " return !a.paused && !a.ended; }"
    )
    # The page never left: the code heard is the one the form sends.
    assert page.input_value("input[name=captcha_0]") == key
    page.fill("#id_captcha_1", CaptchaStore.objects.get(hashkey=key).response)
    page.click("button.btn-primary[type=submit]")
    page.wait_for_url(re.compile(r"/contact/thanks/$"))
    assert Message.objects.get().body == "We need 5,000 ceiling lights before March."
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_a_long_paste_is_kept_whole_and_the_counter_says_how_much_is_over(
    browser, live_server, screen, language
):
    page = open_contact(browser, screen, language, live_server)
    counter = page.locator("#id_body-count")
    expect(counter).to_have_text(
        "3,000 characters left" if language == "en" else "还可输入 3,000 个字符"
    )
    body = ("Please quote 100 W IP65 LED floodlights, 5,000 pieces. " * 100)[:5000]
    fill_message(page, body)

    assert len(page.input_value("#id_body")) == 5000
    expect(counter).to_have_text(
        "2,000 characters too many: nothing is cut, please shorten it"
        if language == "en"
        else "超出 2,000 个字符：内容不会被截断，请删减"
    )
    assert "id_body-count" in page.get_attribute("#id_body", "aria-describedby")
    page.fill("#id_captcha_1", "XXXX")
    page.click("button.btn-primary[type=submit]")
    page.wait_for_load_state()
    # The server says the same, and the text comes back whole.
    expect(page.locator("#id_body_error")).to_contain_text(
        "Nothing was cut" if language == "en" else "内容没有被截断"
    )
    assert page.input_value("#id_body") == body.strip()
    assert Message.objects.count() == 0
    page.context.close()
