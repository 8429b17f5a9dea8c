import datetime
import logging

import pytest
import time_machine
from captcha.models import CaptchaStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import (
    assertContains,
    assertFormError,
    assertNotContains,
    assertRedirects,
)

from contact.forms import sign_about
from contact.models import Message
from tests.support.layout import VERSION_QUERIES
from tests.support.sitemap import sitemap_locations

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"
FAILING_BACKEND = "tests.contact.test_contact.FailingEmailBackend"


class FailingEmailBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server unreachable")


def message_data(key="", answer="", **overrides):
    data = {
        "name": "李明 (Li Ming)",
        "email": "li.ming@example.com",
        "phone": "+86 760 2222 3333",
        "company": "Guzhen Lighting Co. 古镇灯饰",
        "country": "中国",
        "body": "We need 5,000 LED panels 💡 before March.",
        "website": "",
        "next": "",
        "about": "",
        "captcha_0": key,
        "captcha_1": answer,
    }
    return data | overrides


@pytest.fixture
def recipients(settings):
    settings.CLUSTER_MESSAGE_RECIPIENTS = ["sales@cluster.example.com"]
    return settings.CLUSTER_MESSAGE_RECIPIENTS


# The footer form on every page


def test_footer_form_sits_on_every_page_and_posts_to_the_contact_page(client):
    response = client.get(reverse("home"))
    assertContains(response, "Leave a message")
    assertContains(response, f'action="{CONTACT}"')
    assertContains(response, 'data-code-url="/contact/code/"')


def test_reading_a_page_draws_no_code_sets_no_cookie_and_writes_nothing(
    client, release_factory
):
    release = release_factory()
    for url in (reverse("home"), release.get_absolute_url(), "/news/"):
        response = client.get(url)
        assert response.status_code == 200
        assertNotContains(response, "csrfmiddlewaretoken")
        assertNotContains(response, "/captcha/image/")
        assert "csrftoken" not in response.cookies
        assert "sessionid" not in response.cookies
    assert CaptchaStore.objects.count() == 0
    assert Session.objects.count() == 0
    assert Message.objects.count() == 0


def test_footer_form_runs_no_query(django_assert_num_queries, release_factory):
    release = release_factory()
    request = RequestFactory().get(release.get_absolute_url())
    template = Template("{% load contact_tags %}{% contact_form about=release %}")
    with django_assert_num_queries(0):
        html = template.render(Context({"request": request, "release": release}))
    assert 'name="about"' in html and sign_about(release) in html


def test_footer_fields_speak_each_pages_language_and_keep_its_own_address(client):
    english = client.get(reverse("home"))
    chinese = client.get("/zh-hans/news/")
    again = client.get("/news/")
    label = (
        '<label for="footer-name" class="form-label requiredField">'
        '{}<span class="asteriskField">*</span></label>'
    )
    assertContains(english, label.format("Name"), html=True)
    assertContains(chinese, label.format("姓名"), html=True)
    assertContains(again, label.format("Name"), html=True)
    assertContains(chinese, 'name="next" value="/zh-hans/news/"')
    assertContains(again, 'name="next" value="/news/"')


def test_footer_honeypot_is_hidden_from_people_and_screen_readers(client):
    response = client.get(reverse("home"))
    assertContains(response, '<div class="contact-hp" aria-hidden="true">', count=1)
    assertContains(response, 'tabindex="-1"')
    assertNotContains(response, "style=")


def test_contact_page_has_one_form_and_no_footer_copy(client):
    response = client.get(CONTACT)
    # One message form (the header's search box is the page's other form).
    assertContains(response, "<form", count=2)
    assertContains(response, "data-contact-form", count=1)
    assertContains(response, "<h1>Leave a message</h1>", html=True)


def test_main_navigation_links_to_the_contact_page(client):
    response = client.get(reverse("home"))
    assertContains(response, '<a href="/contact/">Leave a message</a>', html=True)


# The contact page


def test_contact_page_draws_a_labelled_code_and_is_never_cached(
    client, django_assert_max_num_queries
):
    client.get(reverse("home"))  # the layout, read once per cache version
    # The code's row, the visitor's count of codes drawn (a first one creates
    # it), and deleting expired codes and counts: nothing else.
    with django_assert_max_num_queries(8 + VERSION_QUERIES):
        response = client.get(CONTACT)
    assertContains(response, "Identifying code")
    assertContains(response, 'for="id_captcha_1"')
    assertContains(
        response, 'alt="Identifying code: an image of four letters and digits"'
    )
    assertContains(response, 'name="new_code"')
    assert "no-store" in response["Cache-Control"]
    assert CaptchaStore.objects.count() == 1


def test_contact_page_ignores_odd_query_parameters(client):
    response = client.get(CONTACT, {"next": "https://evil.example/", "x[]": "\x00"})
    assert response.status_code == 200
    # The page still works, and the off-site address is not taken as where to go
    # after sending (the language switcher may keep the query, escaped).
    assertContains(
        response, '<input type="hidden" name="next" id="id_next">', html=True
    )
    assertNotContains(
        response, 'rel="alternate" hreflang="en" href="http://testserver/contact/?'
    )


def test_code_image_is_drawn_for_a_live_key_and_gone_for_a_used_one(client):
    code = client.get(reverse("contact_code"), HTTP_X_CONTACT_CODE="1")
    assert "no-store" in code["Cache-Control"]
    image = client.get(code.json()["image_url"])
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    CaptchaStore.objects.all().delete()
    assert client.get(code.json()["image_url"]).status_code == 410


def test_code_endpoint_retires_the_code_it_replaces(client):
    first = client.get(reverse("contact_code"), HTTP_X_CONTACT_CODE="1").json()["key"]
    second = client.get(
        reverse("contact_code"), {"replaces": first}, HTTP_X_CONTACT_CODE="1"
    ).json()["key"]
    assert list(CaptchaStore.objects.values_list("hashkey", flat=True)) == [second]


def test_codes_use_four_unambiguous_characters(identifying_code):
    for _ in range(20):
        _key, answer = identifying_code()
        assert len(answer) == 4
        assert not set(answer.upper()) & set("0O1IL5S2Z8B")


# A good submission


def test_valid_message_is_stored_exactly_as_typed_then_staff_are_emailed(
    client, identifying_code, recipients, mailoutbox, run_tasks
):
    key, answer = identifying_code()
    data = message_data(key, answer.upper(), body="灯饰 💡 <b>bold</b>\r\nLine two")
    response = client.post(
        CONTACT,
        data,
        HTTP_USER_AGENT="Mozilla/5.0 Test",
        REMOTE_ADDR="203.0.113.7",
    )
    assert mailoutbox == []  # the visitor's request sends no mail: a worker does
    run_tasks()
    assertRedirects(response, reverse("contact_thanks"))
    message = Message.objects.get()
    assert message.name == "李明 (Li Ming)"
    assert message.company == "Guzhen Lighting Co. 古镇灯饰"
    assert message.body == "灯饰 💡 <b>bold</b>\r\nLine two"
    assert message.phone == "+86 760 2222 3333"
    assert message.status == Message.Status.NEW
    assert message.client_address == "203.0.113.7"
    assert message.user_agent == "Mozilla/5.0 Test"
    assert message.language == "en"
    assert message.page_url == CONTACT
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == recipients
    assert mail.reply_to == ["li.ming@example.com"]
    assert "李明" in mail.subject
    assert "灯饰 💡" in mail.body
    assert f"/admin/contact/message/{message.pk}/change/" in mail.body
    message.refresh_from_db()
    assert message.staff_notified_at is not None


def test_thank_you_page_says_thanks_once_and_offers_ways_on_without_a_form(
    client, identifying_code
):
    key, answer = identifying_code()
    response = client.post(CONTACT, message_data(key, answer), follow=True)
    assertContains(response, "Thank you", count=1)
    assertContains(response, "<h1>Thank you for your message</h1>", html=True)
    # No message form; the header's search box is the page's only form.
    assertNotContains(response, "data-contact-form")
    assertContains(response, "<form", count=1)
    for way_on in ["enterprises:enterprise_list", "news:release_list", "home"]:
        assertContains(response, f'href="{reverse(way_on)}"')


def test_thank_you_page_reads_nothing_but_the_layout_and_writes_nothing(
    client, django_assert_num_queries
):
    client.get(reverse("home"))  # the layout, read once per cache version
    with django_assert_num_queries(0 + VERSION_QUERIES):
        response = client.get(reverse("contact_thanks"))
    assertContains(response, "<h1>Thank you for your message</h1>", html=True)
    assert "csrftoken" not in response.cookies


def test_message_left_in_a_page_footer_returns_there_with_a_confirmation(
    client, identifying_code, release_factory
):
    release = release_factory()
    key, answer = identifying_code()
    data = message_data(key, answer, next=release.get_absolute_url())
    response = client.post(CONTACT, data, follow=True)
    assertRedirects(response, release.get_absolute_url())
    assertContains(response, "Thank you: your message has been sent.")
    assert Message.objects.get().page_url == release.get_absolute_url()


def test_message_never_redirects_off_site(client, identifying_code):
    key, answer = identifying_code()
    data = message_data(key, answer, next="//evil.example/")
    response = client.post(CONTACT, data)
    assertRedirects(response, reverse("contact_thanks"))


def test_message_left_on_a_release_page_records_the_release(
    client, release_factory, captcha_test_mode
):
    release = release_factory()
    page = client.get(release.get_absolute_url())
    assertContains(page, sign_about(release))
    data = message_data(
        "any", "passed", about=sign_about(release), next=release.get_absolute_url()
    )
    client.post(CONTACT, data)
    assert Message.objects.get().about == release


def test_forged_page_reference_is_ignored_and_the_message_kept(
    client, release_factory, captcha_test_mode
):
    release = release_factory()
    forged = sign_about(release).replace(f":{release.pk}:", ":999:")
    response = client.post(CONTACT, message_data("any", "passed", about=forged))
    assertRedirects(response, reverse("contact_thanks"))
    message = Message.objects.get()
    assert message.content_type is None and message.about is None


def test_failing_mail_server_still_leaves_the_message_stored_and_retries(
    client, identifying_code, recipients, settings, caplog, run_tasks
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    key, answer = identifying_code()
    response = client.post(CONTACT, message_data(key, answer))
    with caplog.at_level(logging.WARNING, logger="background.worker"):
        run_tasks()
    assertRedirects(response, reverse("contact_thanks"))
    message = Message.objects.get()
    assert message.staff_notified_at is None
    assert "runs again at" in caplog.text
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.run_after > timezone.now()


def test_international_phone_numbers_pass_without_an_email(client, captcha_test_mode):
    for phone in ("+86 760 2222 3333", "+1 (650) 253-0000", "+44 20 7946 0958"):
        data = message_data("any", "passed", email="", phone=phone)
        assertRedirects(client.post(CONTACT, data), reverse("contact_thanks"))
    assert Message.objects.count() == 3


# A bad submission


def test_wrong_code_is_refused_with_every_typed_value_kept_and_a_fresh_code(
    client, identifying_code
):
    key, answer = identifying_code()
    response = client.post(CONTACT, message_data(key, "wxyz"))
    assert response.status_code == 200
    assertFormError(
        response.context["form"],
        "captcha",
        "The identifying code was wrong or has expired. A new code is shown: "
        "please type it.",
    )
    assertContains(response, 'value="李明 (Li Ming)"')
    assertContains(response, 'value="Guzhen Lighting Co. 古镇灯饰"')
    assertContains(response, "We need 5,000 LED panels 💡 before March.")
    assertContains(response, 'role="alert"')
    assert Message.objects.count() == 0
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    assert CaptchaStore.objects.count() == 1  # the fresh code on the page


def test_wrong_answer_burns_the_code_so_the_right_one_is_refused_after(
    client, identifying_code
):
    key, answer = identifying_code()
    client.post(CONTACT, message_data(key, "wxyz"))
    response = client.post(CONTACT, message_data(key, answer))
    assert response.status_code == 200
    assert response.context["form"].has_error("captcha")
    assert Message.objects.count() == 0


def test_correct_code_works_once_and_its_key_is_refused_again(client, identifying_code):
    key, answer = identifying_code()
    assertRedirects(
        client.post(CONTACT, message_data(key, answer)), reverse("contact_thanks")
    )
    response = client.post(CONTACT, message_data(key, answer))
    assert response.status_code == 200
    assert response.context["form"].has_error("captcha")
    assert Message.objects.count() == 1


def test_empty_answer_burns_the_code_too(client, identifying_code):
    key, answer = identifying_code()
    response = client.post(CONTACT, message_data(key, ""))
    assertFormError(
        response.context["form"],
        "captcha",
        "Type the identifying code shown in the image.",
    )
    response = client.post(CONTACT, message_data(key, answer))
    assert response.context["form"].has_error("captcha")
    assert Message.objects.count() == 0


def test_a_code_outlives_a_long_inquiry_and_is_still_used_once(
    client, identifying_code
):
    key, answer = identifying_code()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=25)):
        sent = client.post(CONTACT, message_data(key, answer))
        again = client.post(CONTACT, message_data(key, answer))
    assertRedirects(sent, reverse("contact_thanks"))
    assert again.context["form"].has_error("captcha")
    assert Message.objects.count() == 1


def test_expired_code_is_refused_and_replaced_keeping_the_text(
    client, identifying_code
):
    key, answer = identifying_code()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        response = client.post(CONTACT, message_data(key, answer))
    assert response.context["form"].has_error("captcha")
    assert response.context["form"]["body"].value() == message_data()["body"]
    assert response.context["form"]["captcha"].field.widget._key != key
    assert Message.objects.count() == 0


def test_forged_code_key_is_refused(client, identifying_code):
    _key, answer = identifying_code()
    response = client.post(CONTACT, message_data("f" * 40, answer))
    assert response.context["form"].has_error("captcha")
    assert Message.objects.count() == 0


def test_missing_fields_are_named_next_to_them(client, captcha_test_mode):
    data = message_data("any", "passed", name="", body="", email="", phone="")
    response = client.post(CONTACT, data)
    form = response.context["form"]
    assertFormError(form, "name", "This field is required.")
    assertFormError(form, "body", "This field is required.")
    assertFormError(form, "email", "Give an email address or a phone number (or both).")
    assertContains(response, 'aria-invalid="true"', count=4)
    assert Message.objects.count() == 0


def test_invalid_email_and_phone_are_refused(client, captcha_test_mode):
    data = message_data("any", "passed", email="not-an-email", phone="12")
    response = client.post(CONTACT, data)
    form = response.context["form"]
    assertFormError(form, "email", "Enter a valid email address.")
    assertFormError(
        form,
        "phone",
        "Enter a phone number with its country code, e.g. +86 760 2222 3333.",
    )
    assertContains(response, 'value="not-an-email"')


def test_hundred_thousand_character_message_is_refused_with_the_limit(
    client, captcha_test_mode
):
    body = "灯" * 100_000
    response = client.post(CONTACT, message_data("any", "passed", body=body))
    assert response.status_code == 200
    assertFormError(
        response.context["form"],
        "body",
        "Your message is 100000 characters long and the limit is 3000. Nothing "
        "was cut: shorten it, then send it again.",
    )
    assertContains(response, "Up to 3,000 characters.")
    assert Message.objects.count() == 0


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_a_paste_past_the_limit_comes_back_whole_and_uncut(
    client, captcha_test_mode, prefix
):
    body = ("We need 5,000 ceiling lights. " * 200)[:5000]
    response = client.post(
        f"{prefix}{CONTACT}", message_data("any", "passed", body=body)
    )
    form = response.context["form"]
    assert form["body"].value() == body
    # Shown whole, with no `maxlength` for a browser to cut it with again.
    assertContains(response, f"\n{body}</textarea>", count=1)
    assert "maxlength" not in form["body"].as_widget()
    assert form.fields["body"].widget.attrs["data-max-length"] == 3000
    if prefix:
        assertContains(response, "您的留言有 5000 个字符，上限为 3000 个")
    assert Message.objects.count() == 0


def test_line_breaks_count_as_one_character_each(client, captcha_test_mode):
    body = "灯\r\n" * 1500  # 3,000 characters as typed; 4,500 as sent
    response = client.post(CONTACT, message_data("any", "passed", body=body))
    assert response.status_code == 302
    assert Message.objects.get().body == body.strip()


def test_nul_bytes_give_an_error_not_a_crash(client, identifying_code):
    key, _answer = identifying_code()
    data = message_data(
        key + "\x00", "ab\x00c", name="Li\x00Ming", next="/\x00", about="\x00"
    )
    response = client.post(CONTACT, data)
    assert response.status_code == 200
    assertFormError(
        response.context["form"], "name", "Null characters are not allowed."
    )
    assert Message.objects.count() == 0


# Hand-off from the footer, CSRF


def test_footer_form_without_javascript_hands_over_with_values_kept(
    release_factory,
):
    release = release_factory()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(release.get_absolute_url())
    about = sign_about(release)
    assertContains(page, about)
    data = message_data(next=release.get_absolute_url(), about=about)
    del data["captcha_0"], data["captcha_1"]
    response = browser.post(CONTACT, data)
    assert response.status_code == 200
    assertContains(response, "Type the identifying code shown below")
    assertContains(response, 'value="李明 (Li Ming)"')
    assertContains(response, "We need 5,000 LED panels 💡 before March.")
    assertContains(response, about)
    assertContains(response, "csrfmiddlewaretoken")
    assert not response.context["form"].errors
    assert Message.objects.count() == 0


def test_handed_over_form_then_sends_with_its_code_and_token(release_factory):
    release = release_factory()
    browser = Client(enforce_csrf_checks=True)
    data = message_data(next=release.get_absolute_url(), about=sign_about(release))
    del data["captcha_0"], data["captcha_1"]
    page = browser.post(CONTACT, data)
    store = CaptchaStore.objects.get()
    token = page.context["csrf_token"]
    data |= {
        "captcha_0": store.hashkey,
        "captcha_1": store.response,
        "csrfmiddlewaretoken": str(token),
    }
    response = browser.post(CONTACT, data)
    assertRedirects(response, release.get_absolute_url())
    assert Message.objects.get().about == release


def test_storing_post_without_a_csrf_token_is_forbidden_with_values_kept():
    browser = Client(enforce_csrf_checks=True)
    key = browser.get(reverse("contact_code"), HTTP_X_CONTACT_CODE="1").json()["key"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    response = browser.post(CONTACT, message_data(key, answer))
    assert response.status_code == 403
    assertContains(response, "Your message was not sent", status_code=403)
    assertContains(response, 'value="李明 (Li Ming)"', status_code=403)
    assert Message.objects.count() == 0


def test_footer_form_with_javascript_sends_with_the_fetched_code_and_token():
    browser = Client(enforce_csrf_checks=True)
    code = browser.get(reverse("contact_code"), HTTP_X_CONTACT_CODE="1").json()
    answer = CaptchaStore.objects.get(hashkey=code["key"]).response
    data = message_data(code["key"], answer, csrfmiddlewaretoken=code["csrf_token"])
    response = browser.post(CONTACT, data)
    assertRedirects(response, reverse("contact_thanks"))
    assert Message.objects.count() == 1


def test_new_code_without_javascript_keeps_values_and_stores_nothing(
    client, identifying_code
):
    key, answer = identifying_code()
    response = client.post(CONTACT, message_data(key, answer, new_code="1"))
    assert response.status_code == 200
    assertContains(response, 'value="李明 (Li Ming)"')
    assert not CaptchaStore.objects.filter(hashkey=key).exists()
    assert CaptchaStore.objects.count() == 1
    assert Message.objects.count() == 0


def test_other_forms_failing_csrf_get_a_403_in_the_site_layout():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("admin:login"), {"username": "x"})
    assertContains(response, "This form could not be accepted", status_code=403)
    assertContains(response, "Leave a message", status_code=403)


# Spam controls


def test_filled_honeypot_is_kept_as_spam_without_telling_staff(
    client,
    identifying_code,
    recipients,
    mailoutbox,
    run_tasks,
):
    key, answer = identifying_code()
    data = message_data(key, answer, website="http://spam.example")
    response = client.post(CONTACT, data)
    run_tasks()
    assertRedirects(response, reverse("contact_thanks"))
    assert Message.objects.get().status == Message.Status.SPAM
    assert mailoutbox == []
    assert not DBTaskResult.objects.exists()


def test_rate_limit_refuses_the_sixth_message_and_accepts_after_the_window(
    client, captcha_test_mode
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            response = client.post(CONTACT, message_data("any", "passed"))
            assertRedirects(response, reverse("contact_thanks"))
    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        response = client.post(CONTACT, message_data("any", "passed"))
    assert response.status_code == 429
    assert response["Retry-After"] == "420"
    assertContains(response, "please wait 7\xa0minutes", status_code=429)
    assertContains(response, 'value="李明 (Li Ming)"', status_code=429)
    assert Message.objects.count() == 5
    with time_machine.travel(start + datetime.timedelta(minutes=10, seconds=1)):
        response = client.post(CONTACT, message_data("any", "passed"))
    assertRedirects(response, reverse("contact_thanks"))
    assert Message.objects.count() == 6


def test_rate_limit_counts_each_client_address_apart(
    client, captcha_test_mode, settings
):
    settings.CLUSTER_MESSAGE_RATE_LIMIT = 1
    data = message_data("any", "passed")
    assert client.post(CONTACT, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert client.post(CONTACT, data, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert client.post(CONTACT, data, REMOTE_ADDR="198.51.100.1").status_code == 429


def test_forwarded_address_counts_only_behind_a_trusted_proxy(
    client, captcha_test_mode, settings
):
    settings.CLUSTER_MESSAGE_RATE_LIMIT = 1
    data = message_data("any", "passed")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    # Without a trusted proxy, a forged header does not buy a fresh allowance.
    client.post(CONTACT, data, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)
    response = client.post(CONTACT, data, HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy)
    assert response.status_code == 429
    settings.CLUSTER_TRUSTED_PROXY_COUNT = 1
    response = client.post(
        CONTACT, data, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.3", **proxy
    )
    assert response.status_code == 302
    assert Message.objects.latest("pk").client_address == "192.0.2.3"


def test_contact_page_is_in_the_sitemap_and_codes_are_kept_from_robots(client):
    assert "http://testserver/contact/" in sitemap_locations(client)
    robots = client.get("/robots.txt")
    assertContains(robots, "Disallow: /contact/code/")
    assertContains(robots, "Disallow: /captcha/")


def test_the_rate_limit_survives_a_flood_that_empties_the_cache(
    client, captcha_test_mode, settings
):
    settings.CLUSTER_MESSAGE_RATE_LIMIT = 2
    data = message_data("any", "passed")
    for _ in range(2):
        assertRedirects(client.post(CONTACT, data), reverse("contact_thanks"))

    # What thousands of cached pages (/robots.txt?flood=N) do to a full cache.
    cache.clear()

    assert client.post(CONTACT, data).status_code == 429
    assert Message.objects.count() == 2


def test_a_nul_in_the_user_agent_is_dropped(client, captcha_test_mode):
    response = client.post(
        CONTACT, message_data("any", "passed"), HTTP_USER_AGENT="Bot\x00"
    )
    assertRedirects(response, reverse("contact_thanks"))
    assert Message.objects.get().user_agent == "Bot"
