"""A buyer writes to a supplier from its card or page; staff see and forward it."""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from contact.forms import sign_about
from contact.models import Message
from tests.contact.test_contact import FAILING_BACKEND, message_data
from tests.contact.test_inbox import INBOX, change_url  # noqa: F401

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"


class SubmitButtons(HTMLParser):
    """The submit buttons of the message form, in document order: a browser
    presses the first one when Enter is pressed in a field."""

    def __init__(self):
        super().__init__()
        self.in_message_form = False
        self.buttons = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_message_form = "data-contact-form" in attrs
        elif self.in_message_form and tag == "button":
            if attrs.get("type", "submit") == "submit":
                self.buttons.append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_message_form = False


def submit_buttons(response) -> list[dict]:
    parser = SubmitButtons()
    parser.feed(response.content.decode())
    return parser.buttons


def contact_link(enterprise, back: str) -> str:
    query = urlencode({"about": sign_about(enterprise), "next": back})
    return f"{CONTACT}?{query}"


@pytest.fixture
def supplier(enterprise_factory):
    return enterprise_factory(
        name="Bright Floodlight Works",
        slug="bright-floodlight-works",
        email="sales@bright.example.com",
    )


# Enter sends the message


def test_enter_in_the_contact_page_form_sends_the_message_not_new_code(client):
    buttons = submit_buttons(client.get(CONTACT))

    # The first submit button carries no name: pressing it is a plain "send".
    assert "name" not in buttons[0]
    assert buttons[0]["class"] == "contact-default-button"
    assert [button.get("name") for button in buttons[1:]] == ["new_code", None]


def test_enter_in_a_footer_form_sends_the_message(client, supplier):
    buttons = submit_buttons(client.get(supplier.get_absolute_url()))

    assert buttons and "name" not in buttons[0]


def test_the_default_button_is_out_of_sight_and_out_of_the_tab_order(client):
    assertContains(
        client.get(CONTACT),
        '<button type="submit" class="contact-default-button" tabindex="-1"'
        ' aria-hidden="true">Send message</button>',
        html=True,
    )


def test_what_enter_posts_stores_the_message(client, identifying_code):
    """Enter posts the fields without a button name, exactly as this does."""
    key, answer = identifying_code()

    response = client.post(CONTACT, message_data(key, answer))

    assertRedirects(response, reverse("contact_thanks"))
    assert Message.objects.count() == 1


# "Contact this supplier" on cards and pages


def test_every_card_offers_to_contact_the_firm_and_come_back_to_the_list(
    client, supplier
):
    listing = "/enterprises/?town=" + supplier.town.slug

    response = client.get(listing)

    assertContains(
        response,
        f'<a href="{contact_link(supplier, listing)}"'
        ' aria-label="Contact this supplier: Bright Floodlight Works">'
        "Contact this supplier</a>",
        html=True,
    )


def test_search_results_offer_to_contact_the_firm(client, supplier):
    response = client.get("/search/", {"q": "floodlight"})

    assertContains(
        response,
        f'href="{contact_link(supplier, "/search/?q=floodlight")}"'.replace(
            "&", "&amp;"
        ),
    )


def test_the_enterprise_page_offers_to_contact_the_firm(client, supplier):
    page = supplier.get_absolute_url()

    response = client.get(page)

    assertContains(
        response,
        f'<a class="btn btn-primary" href="{contact_link(supplier, page)}"'
        ' aria-label="Contact this supplier: Bright Floodlight Works">'
        "Contact this supplier</a>",
        html=True,
    )


def test_the_form_says_which_firm_the_message_is_about(client, supplier):
    response = client.get(contact_link(supplier, "/enterprises/?town=guzhen"))

    assertContains(
        response,
        '<p class="contact-about mb-0">Your message is about: '
        '<a href="/enterprises/bright-floodlight-works/">Bright Floodlight Works</a>.'
        " Our staff read it and pass it on to the firm.</p>",
        html=True,
    )
    form = response.context["form"]
    assert form["about"].value() == sign_about(supplier)
    assert form["next"].value() == "/enterprises/?town=guzhen"


def test_the_chinese_form_says_which_firm_in_chinese_punctuation(client, supplier):
    supplier.name_zh = "明亮投光灯厂"
    supplier.save()

    response = client.get("/zh-hans" + contact_link(supplier, "/zh-hans/enterprises/"))

    assertContains(
        response,
        '<p class="contact-about mb-0">您的留言涉及：'
        '<a href="/zh-hans/enterprises/bright-floodlight-works/">明亮投光灯厂</a>。'
        "我们的工作人员会阅读留言并转交该企业。</p>",
        html=True,
    )


def test_the_form_promises_no_forwarding_for_a_firm_without_published_email(
    client, enterprise_factory
):
    firm = enterprise_factory(name="Quiet Lamps", email="")

    response = client.get(contact_link(firm, "/enterprises/"))

    assertContains(response, "Your message is about:")
    assertNotContains(response, "pass it on")


def test_the_chinese_form_says_which_firm_too(client, supplier):
    response = client.get("/zh-hans" + contact_link(supplier, "/zh-hans/enterprises/"))

    assertContains(response, "您的留言涉及：")
    assertContains(
        response,
        '<a href="/zh-hans/enterprises/bright-floodlight-works/">'
        "Bright Floodlight Works</a>",
        html=True,
    )


def test_the_footer_form_on_an_enterprise_page_says_which_firm(client, supplier):
    response = client.get(supplier.get_absolute_url())

    assertContains(response, 'class="contact-about mb-0"', count=1)
    assertContains(response, "Your message is about:")


@pytest.mark.parametrize("change", ["forged", "unpublished"])
def test_a_forged_or_hidden_firm_is_not_named_and_not_recorded(
    client, supplier, change
):
    about = sign_about(supplier)
    if change == "forged":
        about = about.replace(f":{supplier.pk}:", ":999:")
    else:
        supplier.is_published = False
        supplier.save()

    response = client.get(CONTACT, {"about": about, "next": "/enterprises/"})

    assert response.status_code == 200
    assertNotContains(response, "Your message is about")
    assert response.context["form"]["about"].value() == ""


def test_a_next_address_off_the_site_is_dropped(client, supplier):
    response = client.get(contact_link(supplier, "https://evil.example/"))

    assert response.context["form"]["next"].value() == ""


def test_the_message_is_stored_about_the_firm_and_the_buyer_comes_back(
    client, supplier, identifying_code
):
    listing = "/enterprises/?town=" + supplier.town.slug
    form = client.get(contact_link(supplier, listing)).context["form"]
    key, answer = identifying_code()
    data = message_data(
        key, answer, about=form["about"].value(), next=form["next"].value()
    )

    response = client.post(CONTACT, data, follow=True)

    assertRedirects(response, listing)
    assertContains(response, "Thank you: your message has been sent.")
    message = Message.objects.get()
    assert message.about == supplier
    assert message.page_url == listing


def test_a_form_sent_back_with_an_error_still_says_which_firm(
    client, supplier, captcha_test_mode
):
    data = message_data("any", "passed", about=sign_about(supplier), email="x@")

    response = client.post(CONTACT, data)

    assert response.status_code == 200
    assertContains(response, "Your message is about:")
    assert not Message.objects.exists()


# The inbox


def test_the_inbox_shows_the_firm_as_a_link(client, handler, message_factory, supplier):  # noqa: F811
    message_factory(about=supplier)
    message_factory()

    response = client.get(INBOX)

    assertContains(
        response,
        '<a href="/enterprises/bright-floodlight-works/">'
        "enterprise · Bright Floodlight Works</a>",
        html=True,
        count=1,
    )


def test_the_inbox_reads_the_firms_in_a_fixed_number_of_queries(
    client,
    handler,  # noqa: F811
    message_factory,
    enterprise_factory,
    release_factory,
    django_assert_max_num_queries,
):
    message_factory(about=enterprise_factory())
    message_factory(about=release_factory())
    client.get(INBOX)
    with django_assert_max_num_queries(30) as few:
        client.get(INBOX)
    for _ in range(15):
        message_factory(about=enterprise_factory())
        message_factory(about=release_factory())

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(INBOX)


def test_the_export_has_a_column_naming_the_firm(
    client,
    handler,  # noqa: F811
    message_factory,
    supplier,
):
    about_firm = message_factory(about=supplier)
    general = message_factory()

    response = client.post(
        INBOX,
        {"action": "export_csv", "_selected_action": [about_firm.pk, general.pk]},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    column = rows[0].index("about")
    assert [row[column] for row in rows[1:]] == ["Bright Floodlight Works", ""]


# Forwarding to the firm


def forward(client, *messages):
    return client.post(
        INBOX,
        {
            "action": "forward_to_firm",
            "_selected_action": [message.pk for message in messages],
        },
        follow=True,
    )


def test_one_action_forwards_a_message_to_the_firms_published_email(
    client,
    handler,  # noqa: F811
    message_factory,
    supplier,
    mailoutbox,
):
    message = message_factory(
        name="Anna Schmidt",
        email="anna@buyer.example.com",
        body="We need 2,000 floodlights of 100 W, IP65.",
        about=supplier,
    )

    response = forward(client, message)

    assertContains(response, "1 message forwarded to its firm.")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sales@bright.example.com"]
    assert mail.reply_to == ["anna@buyer.example.com"]
    assert "Anna Schmidt" in mail.subject
    assert "We need 2,000 floodlights of 100 W, IP65." in mail.body
    assert "Bright Floodlight Works" in mail.body
    message.refresh_from_db()
    assert message.forwarded_to == "sales@bright.example.com"
    assert message.forwarded_at is not None
    assertContains(client.get(change_url(message)), "sales@bright.example.com", count=1)


def test_messages_that_cannot_be_forwarded_say_why_and_send_nothing(
    client,
    handler,  # noqa: F811
    message_factory,
    enterprise_factory,
    release_factory,
    supplier,
    mailoutbox,
):
    no_email = message_factory(
        name="To a firm without email", about=enterprise_factory()
    )
    general = message_factory(name="About nothing")
    about_release = message_factory(name="About news", about=release_factory())
    spam = message_factory(name="Spam", about=supplier, status=Message.Status.SPAM)

    response = forward(client, no_email, general, about_release, spam)

    assert mailoutbox == []
    assertContains(response, "was not forwarded: the firm it is about has no", count=3)
    assertContains(response, "was not forwarded: it is marked as spam")
    assert not Message.objects.exclude(forwarded_at=None).exists()


def test_a_message_is_forwarded_only_once(
    client,
    handler,  # noqa: F811
    message_factory,
    supplier,
    mailoutbox,
):
    message = message_factory(about=supplier)
    forward(client, message)

    response = forward(client, message)

    assert len(mailoutbox) == 1
    assertContains(
        response, "was not forwarded: it was already forwarded to sales@bright"
    )


def test_a_failing_mail_server_records_nothing(
    client,
    handler,  # noqa: F811
    message_factory,
    supplier,
    settings,
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    message = message_factory(about=supplier)

    response = forward(client, message)

    assertContains(response, "was not forwarded: the mail server did not accept it")
    message.refresh_from_db()
    assert message.forwarded_at is None and message.forwarded_to == ""


# A reference copied from a firm's page


def test_a_reference_copied_before_the_firm_was_unpublished_names_nothing(
    client, supplier, identifying_code
):
    copied = client.get(contact_link(supplier, "/")).context["form"]["about"].value()
    supplier.is_published = False
    supplier.save()
    key, answer = identifying_code()

    client.post(CONTACT, message_data(key, answer, about=copied))

    message = Message.objects.get()
    assert message.about is None and message.content_type is None


def test_a_reference_expires(client, supplier, identifying_code):
    copied = client.get(contact_link(supplier, "/")).context["form"]["about"].value()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assertNotContains(client.get(CONTACT, {"about": copied}), "about:")
        key, answer = identifying_code()
        client.post(CONTACT, message_data(key, answer, about=copied))

    assert Message.objects.get().about is None


def test_a_reference_outlives_a_cached_page(client, supplier, settings):
    settings.CLUSTER_PAGE_CACHE_SECONDS = 3 * 24 * 3600
    copied = sign_about(supplier)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        response = client.get(CONTACT, {"about": copied})

    assertContains(response, "Your message is about:")


def test_a_message_about_a_firm_unpublished_since_is_not_forwarded(
    client,
    handler,  # noqa: F811
    message_factory,
    supplier,
    mailoutbox,
):
    message = message_factory(about=supplier)
    supplier.is_published = False
    supplier.save()

    response = forward(client, message)

    assert mailoutbox == []
    assertContains(
        response, "was not forwarded: the firm it is about is no longer published"
    )
