"""A firm's representative claims its listing, edits it, and answers a buyer:
claim -> verify -> edit -> approval -> public page -> inquiry -> replied, in both
languages, on a phone and on a desktop."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from suppliers.models import Inquiry, ListingChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "lamp-shade-42-Guzhen"

LABELS = {
    "en": {
        "prefix": "",
        "sign_up": "Sign up",
        "claim_question": "Is this your company?",
        "claim": "Claim this listing",
        "confirm": "Confirm",
        "represent": "You now represent Bright Floodlight Works.",
        "edit": "Edit listing",
        "send": "Send for approval",
        "waiting": "Changes waiting for approval",
        "new_text": "Floodlights and high bays since 1998.",
        "contact": "Contact this supplier",
        "inquiries": "Inquiries",
        "replied": "Mark as Replied",
        "replied_badge": "Replied",
    },
    "zh-hans": {
        "prefix": "/zh-hans",
        "sign_up": "注册",
        "claim_question": "这是您的企业吗？",
        "claim": "认领本企业",
        "confirm": "确认",
        "represent": "您现在是Bright Floodlight Works的企业代表。",
        "edit": "编辑企业信息",
        "send": "提交审批",
        "waiting": "待审批的修改",
        "new_text": "自1998年起生产投光灯和工矿灯。",
        "contact": "联系该供应商",
        "inquiries": "询盘",
        "replied": "标记为“已回复”",
        "replied_badge": "已回复",
    },
}


@pytest.fixture
def firm_site(live_server, enterprise_factory, town_factory):
    enterprise_factory(
        name="Bright Floodlight Works",
        slug="bright-floodlight-works",
        town=town_factory(name="Guzhen town", name_zh="古镇", slug="guzhen-town"),
        description="Floodlights since 1998.",
        email="sales@bright.example.com",
    )
    return live_server.url


def link_in(mail, pattern: str) -> str:
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", mail.body).group(1)


def requests_of(page) -> list[str]:
    """Every address the page asks for, to check that none is another host's."""
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


def check_accessibility(page):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_claim_verify_edit_approve_publish_inquire_and_reply(
    browser, firm_site, mailoutbox, run_tasks, language, viewport
):
    labels = LABELS[language]
    prefix = firm_site + labels["prefix"]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    asked = requests_of(page)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    # The firm's page asks; claiming starts with an account.
    page.goto(prefix + "/enterprises/bright-floodlight-works/")
    expect(page.get_by_text(labels["claim_question"])).to_be_visible()
    page.get_by_role("link", name=labels["claim"]).click()
    page.wait_for_url(re.compile(r"/supplier/account/login/"))
    page.get_by_role("main").get_by_role("link", name=labels["sign_up"]).click()
    main = page.get_by_role("main")
    main.locator("input[name=email]").fill("anna@bright.example.com")
    main.locator("input[name=password1]").fill(PASSWORD)
    main.locator("input[name=password2]").fill(PASSWORD)
    main.get_by_role("button", name=labels["sign_up"]).click()
    page.wait_for_url(re.compile(r"/supplier/account/confirm-email/$"))

    # Verify the address with the mailed link.
    page.goto(firm_site + link_in(mailoutbox[-1], "/(?:zh-hans/)?supplier/account/"))
    page.get_by_role("main").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/supplier/$"))

    # Claim: the link goes to the firm's published address.
    page.goto(prefix + "/supplier/claim/bright-floodlight-works/")
    check_accessibility(page)
    page.get_by_role("main").locator("input[name=applicant_name]").fill("Anna Wong")
    page.get_by_role("main").get_by_role("button", name=labels["claim"]).click()
    page.wait_for_url(re.compile(r"/supplier/$"))
    run_tasks()
    claim_mail = mailoutbox[-1]
    assert claim_mail.to == ["sales@bright.example.com"]
    page.goto(firm_site + link_in(claim_mail, "/(?:zh-hans/)?supplier/claim-link/"))
    page.get_by_role("main").get_by_role("button", name=labels["confirm"]).click()
    expect(page.get_by_text(labels["represent"])).to_be_visible()

    # Edit: the change waits; the page keeps the approved text.
    page.get_by_role("main").get_by_role("link", name=labels["edit"]).first.click()
    check_accessibility(page)
    page.locator("textarea[name=description_en]").fill(
        "Floodlights and high bays since 1998."
    )
    page.locator("textarea[name=description_zh_hans]").fill(
        "自1998年起生产投光灯和工矿灯。"
    )
    page.get_by_role("button", name=labels["send"]).click()
    expect(page.get_by_role("heading", name=labels["waiting"])).to_be_visible()
    page.goto(prefix + "/enterprises/bright-floodlight-works/")
    expect(page.get_by_text(labels["new_text"])).to_have_count(0)

    # The directory editors approve it in the admin.
    editors = Client()
    editors.force_login(
        get_user_model().objects.create_superuser("keeper", "k@cluster.example.com")
    )
    change = ListingChange.objects.get()
    editors.post(
        reverse("admin:suppliers_listingchange_changelist"),
        {"action": "approve", "_selected_action": [change.pk]},
    )
    page.reload()
    expect(page.get_by_text(labels["new_text"])).to_be_visible()

    # A buyer writes from the firm's page...
    buyer = browser.new_context(viewport=viewport).new_page()
    buyer.goto(prefix + "/enterprises/bright-floodlight-works/")
    buyer.get_by_role("link", name=labels["contact"]).first.click()
    form = buyer.locator("main form[data-contact-form]")
    form.locator("input[name=name]").fill("Max Buyer")
    form.locator("input[name=email]").fill("max@buyer.example.com")
    form.locator("textarea[name=body]").fill("500 high bays, please.")
    key = form.locator("input[name=captcha_0]").input_value()
    form.locator("input[name=captcha_1]").fill(
        CaptchaStore.objects.get(hashkey=key).response
    )
    form.locator("input[name=captcha_1]").press("Enter")
    buyer.wait_for_url(re.compile(r"/enterprises/bright-floodlight-works/$"))
    buyer.context.close()
    run_tasks()
    inquiry = Inquiry.objects.get()
    assert "anna@bright.example.com" in [mail.to[0] for mail in mailoutbox]

    # ...and the firm reads it in its inbox and marks it replied.
    page.goto(prefix + "/supplier/")
    page.get_by_role("main").get_by_role(
        "link", name="Bright Floodlight Works"
    ).first.click()
    page.get_by_role("main").get_by_role(
        "link", name=re.compile(labels["inquiries"])
    ).first.click()
    page.get_by_role("link", name="Max Buyer").click()
    expect(page.get_by_text("500 high bays, please.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name=labels["replied"]).click()
    expect(
        page.get_by_role("main").get_by_text(labels["replied_badge"], exact=True)
    ).to_be_visible()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.REPLIED

    hosts = {urlsplit(url).netloc for url in asked if url.startswith("http")}
    assert hosts == {urlsplit(firm_site).netloc}
    assert refused == []
    context.close()
