import pytest
from pytest_django.asserts import assertContains, assertRedirects

from contact.models import Message
from tests.contact.test_contact import message_data

pytestmark = pytest.mark.django_db

CONTACT_ZH = "/zh-hans/contact/"


def test_the_contact_page_and_its_code_speak_chinese(client):
    response = client.get(CONTACT_ZH)

    assertContains(response, "<h1>留言</h1>", html=True)
    assertContains(response, "验证码")
    assertContains(response, "换一张")


def test_a_message_left_in_chinese_records_its_language(
    client, identifying_code, settings, mailoutbox, run_tasks
):
    settings.CLUSTER_MESSAGE_RECIPIENTS = ["sales@cluster.example.com"]
    key, answer = identifying_code()

    response = client.post(CONTACT_ZH, message_data(key, answer))
    run_tasks()

    assertRedirects(response, "/zh-hans/contact/thanks/")
    assert Message.objects.get().language == "zh-hans"
    assert len(mailoutbox) == 1


def test_a_wrong_code_on_a_chinese_page_is_explained_in_chinese(
    client, identifying_code
):
    key, _answer = identifying_code()

    response = client.post(CONTACT_ZH, message_data(key, "ZZZZ"))

    assertContains(response, "验证码错误或已过期")
    assertContains(response, "李明 (Li Ming)")
    assert not Message.objects.exists()
