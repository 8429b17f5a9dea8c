"""Who is told what, in which language, once."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from review.models import Notice, Revision

from .test_review import decide, release_form

pytestmark = pytest.mark.django_db

CHINESE = {"Accept-Language": "zh-hans"}


def test_reviewers_are_mailed_on_submit_and_the_writer_on_the_decision_once_each(
    client, writer, reviewer, staff, run_tasks, mailoutbox
):
    other_reviewer = staff("other", "reviewer")
    staff("bystander", "news editor")
    client.force_login(writer)
    # The writer uses the admin in Chinese: their mail comes in Chinese.
    client.post(
        reverse("admin:news_release_add"),
        release_form(title_en="Fair opens", _submit_for_review="1"),
        headers=CHINESE,
    )
    assert mailoutbox == []  # a task worker sends them, not the request

    run_tasks()
    run_tasks()

    assert sorted(mail.to[0] for mail in mailoutbox) == [
        other_reviewer.email,
        reviewer.email,
    ]
    assert {mail.subject for mail in mailoutbox} == {"For your review: Fair opens"}
    review_screen = reverse(
        "admin:review_revision_change", args=[Revision.objects.get().pk]
    )
    assert f"http://testserver{review_screen}" in mailoutbox[0].body

    mailoutbox.clear()
    client.force_login(reviewer)
    decide(client, Revision.objects.get(), "_send_back", "Add the dates.")
    run_tasks()
    run_tasks()

    [mail] = mailoutbox
    assert mail.to == [writer.email]
    assert mail.subject == "已退回：Fair opens"
    assert "> Add the dates." in mail.body
    assert not Notice.objects.filter(sent_at=None).exists()


def test_a_notice_that_failed_is_sent_on_the_next_try_and_only_then(
    client, writer, reviewer, run_tasks, mailoutbox, settings, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    settings.EMAIL_BACKEND = "tests.contact.test_contact.FailingEmailBackend"
    client.force_login(writer)
    client.post(reverse("admin:news_release_add"), release_form(_submit_for_review="1"))
    run_tasks()
    assert Notice.objects.get().sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.shift(3600)
    run_tasks()
    run_tasks()

    assert [mail.to for mail in mailoutbox] == [[reviewer.email]]
    assert Notice.objects.get().sent_at is not None


def test_the_admin_index_lists_what_awaits_my_review(client, writer, reviewer):
    client.force_login(writer)
    client.post(
        reverse("admin:news_release_add"),
        release_form(title_en="Fair opens", _submit_for_review="1"),
    )
    # The writer is no reviewer: no list for them.
    assertNotContains(client.get(reverse("admin:index")), "Awaiting my review")

    client.force_login(reviewer)
    index = client.get(reverse("admin:index"))
    revision = Revision.objects.get()
    assertContains(index, "Awaiting my review")
    assertContains(
        index,
        f'<a href="{reverse("admin:review_revision_change", args=[revision.pk])}">'
        "Fair opens</a>",
        html=True,
    )

    decide(client, revision, "_approve")
    assertContains(client.get(reverse("admin:index")), "Nothing waits for your review.")


def test_a_reviewer_is_mailed_in_the_language_they_signed_in_with(
    client, writer, reviewer, run_tasks, mailoutbox
):
    reviewer.set_password("a-long-pw-1")
    reviewer.save()
    client.post(
        reverse("admin:login"),
        {"username": "reviewer", "password": "a-long-pw-1"},
        headers=CHINESE,
    )
    client.force_login(writer)  # in English
    client.post(
        reverse("admin:news_release_add"),
        release_form(title_en="Fair opens", _submit_for_review="1"),
    )

    run_tasks()

    [mail] = mailoutbox
    assert mail.subject == "请审核：Fair opens"


def test_the_awaiting_list_costs_the_same_queries_however_long_it_is(
    client, writer, reviewer, release_factory
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from review import services

    def index_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("admin:index"))
        return len(queries)

    def submit_one():
        revision = services.save_draft(obj=release_factory(), user=writer, is_new=False)
        services.submit(revision=revision, user=writer)

    client.force_login(reviewer)
    submit_one()
    one = index_queries()
    for _ in range(5):
        submit_one()

    assert index_queries() == one
