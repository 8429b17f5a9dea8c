import os
import re

import pytest
from captcha.models import CaptchaStore

from contact.models import Message

# live_server runs Django in a thread next to Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not os.path.exists(CHROMIUM) and not os.environ.get("CLUSTER_REQUIRE_BROWSER"):
    pytest.skip("Chromium is not installed", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


def fill_message(page, prefix):
    page.fill(f"#{prefix}name", "李明")
    page.fill(f"#{prefix}email", "li.ming@example.com")
    page.fill(f"#{prefix}body", "We need 5,000 LED panels 💡.")


def test_footer_form_fetches_its_code_on_focus_and_sends_back_to_the_page(
    page, live_server, release_factory
):
    release = release_factory()
    page.goto(live_server.url + release.get_absolute_url())
    assert CaptchaStore.objects.count() == 0
    fill_message(page, "footer-")
    image = page.locator(".site-contact img[data-code-img]")
    image.wait_for()
    assert page.evaluate("() => !document.querySelector('[data-code]').hidden")
    key_input = page.locator(".site-contact input[name=captcha_0]")
    first_key = key_input.input_value()
    page.click(".site-contact [data-new-code]")
    page.wait_for_function(
        "key => document.querySelector('.site-contact input[name=captcha_0]')"
        ".value !== key",
        arg=first_key,
    )
    assert not CaptchaStore.objects.filter(hashkey=first_key).exists()
    key = key_input.input_value()
    page.fill("#footer-code", CaptchaStore.objects.get(hashkey=key).response)
    page.click(".site-contact button.btn-primary[type=submit]")
    page.wait_for_url(re.compile(re.escape(release.get_absolute_url()) + "$"))
    assert "Thank you: your message has been sent." in page.inner_text("main")
    message = Message.objects.get()
    assert (message.name, message.about) == ("李明", release)


def test_footer_form_without_javascript_hands_over_and_sends(
    browser, live_server, release_factory
):
    release = release_factory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + release.get_absolute_url())
    fill_message(page, "footer-")
    page.click(".site-contact button.btn-primary[type=submit]")
    page.wait_for_url(re.compile(r"/contact/$"))
    assert page.input_value("#id_name") == "李明"
    assert page.input_value("#id_body") == "We need 5,000 LED panels 💡."
    key = page.input_value("input[name=captcha_0]")
    page.fill("#id_captcha_1", CaptchaStore.objects.get(hashkey=key).response)
    page.click("button.btn-primary[type=submit]")
    page.wait_for_url(re.compile(re.escape(release.get_absolute_url()) + "$"))
    assert Message.objects.get().about == release
    context.close()


def test_the_spoken_code_is_reached_by_keyboard_and_follows_each_new_code(
    page, live_server, release_factory
):
    release = release_factory()
    page.goto(live_server.url + release.get_absolute_url())
    fill_message(page, "footer-")
    page.locator(".site-contact img[data-code-img]").wait_for()
    listen = page.locator(".site-contact audio[data-code-audio]")
    key = page.locator(".site-contact input[name=captcha_0]").input_value()
    assert listen.get_attribute("src") == f"/captcha/audio/{key}.wav?lang=en"

    page.focus("#footer-code")
    page.keyboard.press("Tab")  # "New code"
    page.keyboard.press("Tab")
    assert page.evaluate(
        "() => document.activeElement.matches('.site-contact audio[data-code-audio]')"
    )
    page.click(".site-contact [data-new-code]")
    page.wait_for_function(
        "key => document.querySelector('.site-contact audio[data-code-audio]')"
        ".getAttribute('src') !== `/captcha/audio/${key}.wav?lang=en`",
        arg=key,
    )
    new_key = page.locator(".site-contact input[name=captcha_0]").input_value()
    response = page.request.get(live_server.url + f"/captcha/audio/{new_key}.wav")
    assert response.status == 200
    assert response.headers["content-type"] == "audio/wav"
