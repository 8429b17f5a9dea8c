import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from reversion.models import Version

from news.models import Release
from pages.models import Page, SiteSettings
from review.models import Revision, Step
from tests.test_admin_permissions import _posted_form

pytestmark = pytest.mark.django_db


def release_form(release=None, **overrides):
    when = timezone.localtime() - datetime.timedelta(minutes=5)
    fields = {
        "title_en": "Guzhen lighting fair opens",
        "title_zh_hans": "",
        "slug": "guzhen-lighting-fair-opens",
        "summary_en": "The autumn fair opened today.",
        "summary_zh_hans": "",
        "body_en": "<p>Buyers from 40 countries.</p>",
        "body_zh_hans": "",
        "status": Release.Status.PUBLISHED,
        "release_time_0": when.strftime("%Y-%m-%d"),
        "release_time_1": when.strftime("%H:%M:%S"),
        "category": "",
        "cover_alt": "",
    }
    if release is not None:
        when = timezone.localtime(release.release_time)
        fields |= {
            "release_time_0": when.strftime("%Y-%m-%d"),
            "release_time_1": when.strftime("%H:%M:%S"),
            "title_en": release.title_en,
            "slug": release.slug,
            "summary_en": release.summary_en,
            "body_en": release.body_en,
        }
    return fields | overrides


def review_url(revision) -> str:
    return reverse("admin:review_revision_change", args=[revision.pk])


def decide(client, revision, button, comment=""):
    return client.post(
        reverse("admin:review_revision_decide", args=[revision.pk]),
        {button: "1", "comment": comment},
    )


def test_a_new_release_stays_hidden_until_a_reviewer_approves_it(
    client, writer, reviewer
):
    client.force_login(writer)
    client.post(
        reverse("admin:news_release_add"),
        release_form(_submit_for_review="1"),
    )
    release = Release.objects.get()
    assert client.get(release.get_absolute_url()).status_code == 200  # preview
    client.logout()
    assert client.get(release.get_absolute_url()).status_code == 404

    client.force_login(reviewer)
    revision = Revision.objects.get()
    assert revision.state == Revision.State.SUBMITTED
    assertRedirects(
        decide(client, revision, "_approve"),
        reverse("admin:review_revision_changelist") + "?state__exact=submitted",
    )
    client.logout()

    assertContains(client.get(release.get_absolute_url()), "Buyers from 40 countries.")


def test_an_edit_of_a_live_release_is_seen_only_once_approved(
    client, writer, reviewer, release_factory
):
    live = release_factory(body="<p>The approved text.</p>")
    client.force_login(writer)
    change = reverse("admin:news_release_change", args=[live.pk])

    client.post(change, release_form(live, body_en="<p>The new text.</p>"))

    # The writer's form opens on the version being written...
    assertContains(client.get(change), "The new text.")
    client.logout()
    # ...the public still reads the approved one.
    page = client.get(live.get_absolute_url())
    assertContains(page, "The approved text.")
    assertNotContains(page, "The new text.")

    client.force_login(writer)
    client.post(
        change,
        release_form(live, body_en="<p>The new text.</p>", _submit_for_review="1"),
    )
    client.force_login(reviewer)
    decide(client, Revision.objects.get(), "_approve")
    client.logout()

    assertContains(client.get(live.get_absolute_url()), "The new text.")


def test_the_whole_loop_is_recorded_with_who_and_when(client, writer, reviewer):
    client.force_login(writer)
    client.post(reverse("admin:news_release_add"), release_form(_submit_for_review="1"))
    revision = Revision.objects.get()
    release = Release.objects.get()
    change = reverse("admin:news_release_change", args=[release.pk])

    client.force_login(reviewer)
    decide(client, revision, "_send_back", "Name the fair's dates.")
    client.force_login(writer)
    sent_back = client.get(change)
    assertContains(sent_back, "Name the fair&#x27;s dates.")
    client.post(
        change,
        release_form(
            release, body_en="<p>From 18 to 22 October.</p>", _submit_for_review="1"
        ),
    )
    client.force_login(reviewer)
    decide(client, revision, "_approve", "Good.")

    steps = list(revision.steps.values_list("action", "user__username", "comment"))
    assert steps == [
        (Step.Action.SUBMITTED, "writer", ""),
        (Step.Action.SENT_BACK, "reviewer", "Name the fair's dates."),
        (Step.Action.SUBMITTED, "writer", ""),
        (Step.Action.APPROVED, "reviewer", "Good."),
        (Step.Action.PUBLISHED, "reviewer", ""),
    ]
    screen = client.get(review_url(revision))
    assertContains(screen, "Sent back")
    assertContains(screen, "Name the fair&#x27;s dates.")
    # Kept with the versions: the approval is a version of its own in the history.
    revision.refresh_from_db()
    assert revision.approved_version == Version.objects.get_for_object(release).first()
    history = client.get(reverse("admin:news_release_history", args=[release.pk]))
    assertContains(history, "Approved by reviewer")
    # The release's history shows the review's record too.
    assertContains(history, "<td>Name the fair&#x27;s dates.</td>", html=True)
    assertContains(history, "<td>Submitted for review</td>", html=True, count=2)


def test_sending_back_needs_a_comment(client, writer, reviewer):
    client.force_login(writer)
    client.post(reverse("admin:news_release_add"), release_form(_submit_for_review="1"))
    revision = Revision.objects.get()
    client.force_login(reviewer)

    response = decide(client, revision, "_send_back", "  ")

    assertRedirects(response, review_url(revision), fetch_redirect_response=False)
    assertContains(client.get(review_url(revision)), "Say what to change")
    revision.refresh_from_db()
    assert revision.state == Revision.State.SUBMITTED


def test_a_writer_cannot_approve_their_own_version_unless_the_settings_allow(
    client, staff
):
    chief = staff("chief", "news editor", "reviewer")
    client.force_login(chief)
    client.post(reverse("admin:news_release_add"), release_form(_submit_for_review="1"))
    revision = Revision.objects.get()

    assertNotContains(client.get(review_url(revision)), 'name="_approve"')
    assert decide(client, revision, "_approve").status_code == 403
    assert not Release.objects.published().exists()

    SiteSettings.objects.update_or_create(
        pk=SiteSettings.singleton_instance_id, defaults={"may_approve_own": True}
    )
    assertContains(client.get(review_url(revision)), 'name="_approve"')
    decide(client, revision, "_approve")
    assert Release.objects.published().exists()


def test_a_reviewer_approves_the_submitted_text_whatever_they_post(
    client, writer, reviewer, release_factory
):
    live = release_factory(title="Approved title")
    client.force_login(writer)
    change = reverse("admin:news_release_change", args=[live.pk])
    client.post(change, release_form(live, title_en="Written", _submit_for_review="1"))
    client.force_login(reviewer)

    refused = client.post(change, release_form(live, title_en="Rewritten"))
    assert refused.status_code == 403
    client.post(
        reverse("admin:review_revision_decide", args=[Revision.objects.get().pk]),
        {"_approve": "1", "title_en": "Rewritten", "comment": ""},
    )

    live.refresh_from_db()
    assert live.title_en == "Written"


def test_only_approved_releases_are_published_from_the_list(client, writer, reviewer):
    client.force_login(writer)
    client.post(
        reverse("admin:news_release_add"),
        release_form(status=Release.Status.DRAFT, _submit_for_review="1"),
    )
    release = Release.objects.get()
    publish = {"action": "publish", "index": "0", "_selected_action": [release.pk]}

    client.post(reverse("admin:news_release_changelist"), publish)
    assert not Release.objects.published().exists()

    client.force_login(reviewer)
    decide(client, Revision.objects.get(), "_approve")
    assert not Release.objects.published().exists()  # approved as a draft
    client.force_login(writer)
    client.post(reverse("admin:news_release_changelist"), publish)

    assert Release.objects.published().get() == release
    assert Revision.objects.get().steps.last().action == Step.Action.PUBLISHED


def test_a_scheduled_version_is_approved_and_goes_live_at_its_time(
    client, writer, reviewer
):
    later = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(writer)
    client.post(
        reverse("admin:news_release_add"),
        release_form(
            release_time_0=later.strftime("%Y-%m-%d"),
            release_time_1=later.strftime("%H:%M:%S"),
            _submit_for_review="1",
        ),
    )
    client.force_login(reviewer)
    decide(client, Revision.objects.get(), "_approve")

    release = Release.objects.get()
    assert release.status == Release.Status.PUBLISHED
    assert not release.is_public
    published = Revision.objects.get().last_step(Step.Action.PUBLISHED)
    assert abs(published.at - release.release_time) < datetime.timedelta(seconds=1)


def test_the_review_screen_compares_and_previews_the_submitted_version(
    client, writer, reviewer, release_factory
):
    live = release_factory(title="Lamps of Guzhen", body="<p>Old text.</p>")
    client.force_login(writer)
    client.post(
        reverse("admin:news_release_change", args=[live.pk]),
        release_form(live, body_en="<p>New text.</p>", _submit_for_review="1"),
    )
    revision = Revision.objects.get()
    client.force_login(reviewer)

    screen = client.get(review_url(revision))
    compare = reverse("admin:review_revision_compare", args=[revision.pk])
    preview = reverse("admin:review_revision_preview", args=[revision.pk])
    assertContains(screen, f'href="{compare}"')
    assertContains(screen, f'href="{preview}"')
    compared = client.get(compare)
    assertContains(compared, "<td>Old text.</td>", html=True)
    assertContains(compared, "<td>New text.</td>", html=True)
    # Unchanged fields are left out.
    assertNotContains(compared, '<th scope="row">Title [English]</th>', html=True)
    assertNotContains(compared, '<th scope="row">Release Time</th>', html=True)
    previewed = client.get(preview)
    assertContains(previewed, "New text.")
    assertNotContains(previewed, "Old text.")
    assert "no-store" in previewed["Cache-Control"]


def test_with_review_off_a_save_goes_live_at_once(
    client, writer, release_factory, review_off
):
    live = release_factory(body="<p>Old text.</p>")
    client.force_login(writer)

    client.post(
        reverse("admin:news_release_change", args=[live.pk]),
        release_form(live, body_en="<p>New text.</p>"),
    )
    client.logout()

    assertContains(client.get(live.get_absolute_url()), "New text.")
    assert not Revision.objects.exists()


def test_a_page_edit_waits_for_review_but_its_menu_order_does_not(
    client, writer, reviewer, page_factory
):
    page = page_factory(title="About the cluster", body="<p>Approved.</p>")
    client.force_login(writer)
    when = timezone.localtime(page.publish_time)
    client.post(
        reverse("admin:pages_page_change", args=[page.pk]),
        {
            "title_en": page.title_en,
            "title_zh_hans": "",
            "slug": page.slug,
            "summary_en": "",
            "summary_zh_hans": "",
            "body_en": "<p>Rewritten.</p>",
            "body_zh_hans": "",
            "status": Page.Status.PUBLISHED,
            "publish_time_0": when.strftime("%Y-%m-%d"),
            "publish_time_1": when.strftime("%H:%M:%S"),
            "menu_order": "0",
            "_submit_for_review": "1",
        },
    )
    client.post(
        reverse("admin:pages_page_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": page.pk,
            "form-0-menu_order": "7",
            "_save": "Save",
        },
    )

    page.refresh_from_db()
    assert (page.body_en, page.menu_order) == ("<p>Approved.</p>", 7)
    client.force_login(reviewer)
    decide(client, Revision.objects.get(), "_approve")
    page.refresh_from_db()
    assert page.body_en == "<p>Rewritten.</p>"


def test_two_writers_on_one_draft_overwrite_nothing_unseen(
    client, writer, staff, release_factory
):
    live = release_factory()
    change = reverse("admin:news_release_change", args=[live.pk])
    other = staff("other-writer", "news editor")
    client.force_login(writer)
    opened = client.get(change).context["adminform"].form["edit_token"].value()
    client.force_login(other)
    client.post(change, release_form(live, body_en="<p>Other's text.</p>"))

    client.force_login(writer)
    refused = client.post(
        change, release_form(live, body_en="<p>Mine.</p>", edit_token=opened)
    )

    assertContains(refused, "Not saved: ")
    assertContains(refused, "Mine.")
    assert "Other" in Revision.objects.get().serialized_data


def test_a_superusers_save_goes_live_and_replaces_the_version_being_written(
    client, writer, admin_user, release_factory
):
    live = release_factory(body="<p>Approved.</p>")
    change = reverse("admin:news_release_change", args=[live.pk])
    client.force_login(writer)
    client.post(change, release_form(live, body_en="<p>Draft.</p>"))

    client.force_login(admin_user)
    assertContains(client.get(change), "Draft.")
    client.post(change, release_form(live, body_en="<p>Chief's text.</p>"))

    live.refresh_from_db()
    assert live.body_en == "<p>Chief's text.</p>"
    assert Revision.objects.get().state == Revision.State.SUPERSEDED


def test_a_page_is_previewed_as_submitted(client, writer, reviewer, page_factory):
    from review import services

    page = page_factory(body="<p>Approved.</p>")
    page.body_en = "<p>Under review.</p>"
    revision = services.save_draft(obj=page, user=writer, is_new=False)
    client.force_login(reviewer)

    preview = client.get(reverse("admin:review_revision_preview", args=[revision.pk]))

    assertContains(preview, "Under review.")
    page.refresh_from_db()
    assert page.body_en == "<p>Approved.</p>"


def test_restoring_an_old_version_is_a_version_for_review(
    client, writer, admin_user, release_factory
):
    live = release_factory(body="<p>First.</p>")
    change = reverse("admin:news_release_change", args=[live.pk])
    client.force_login(admin_user)  # two versions that went live at once
    client.post(change, release_form(live, body_en="<p>First.</p>"))
    client.post(change, release_form(live, body_en="<p>Second.</p>"))
    first = Version.objects.get_for_object(live).last()

    client.force_login(writer)
    restore = reverse("admin:news_release_revision", args=[live.pk, first.pk])
    assertContains(client.get(restore), "First.")
    client.post(restore, release_form(live, body_en="<p>First.</p>"))

    live.refresh_from_db()
    assert live.body_en == "<p>Second.</p>"
    assert "First." in Revision.objects.get().serialized_data


def test_the_release_list_says_which_wait_for_review_in_one_query(
    client, writer, release_factory
):
    waiting = release_factory(title="Waiting release")
    release_factory(title="Approved release")
    client.force_login(writer)
    client.post(
        reverse("admin:news_release_change", args=[waiting.pk]),
        release_form(waiting, _submit_for_review="1"),
    )
    changelist = reverse("admin:news_release_changelist")

    with CaptureQueriesContext(connection) as two:
        listed = client.get(changelist)
    for _ in range(3):
        release_factory()
    with CaptureQueriesContext(connection) as five:
        client.get(changelist)

    column = '<td class="field-review_state">{}</td>'
    assertContains(listed, column.format("Awaiting review"), html=True)
    assertContains(listed, column.format("–"), html=True)
    assert len(five) == len(two)


def test_saving_a_draft_again_unchanged_leaves_the_live_row_as_approved(
    client, writer, page_factory
):
    page = page_factory(body="<p>Approved.</p>")
    change = reverse("admin:pages_page_change", args=[page.pk])
    client.force_login(writer)
    form = _page_form(page, body_en="<p>Draft.</p>")
    client.post(change, form)

    client.post(change, _posted_form(client, change))  # as opened: no change

    page.refresh_from_db()
    assert page.body_en == "<p>Approved.</p>"


def _page_form(page, **overrides) -> dict:
    when = timezone.localtime(page.publish_time)
    return {
        "title_en": page.title_en,
        "title_zh_hans": "",
        "slug": page.slug,
        "summary_en": "",
        "summary_zh_hans": "",
        "body_en": page.body_en,
        "body_zh_hans": "",
        "status": page.status,
        "publish_time_0": when.strftime("%Y-%m-%d"),
        "publish_time_1": when.strftime("%H:%M:%S"),
        "menu_order": str(page.menu_order),
    } | overrides


def test_a_save_for_review_says_so_and_not_that_it_changed_the_release(
    client, writer, release_factory
):
    live = release_factory()
    client.force_login(writer)

    response = client.post(
        reverse("admin:news_release_change", args=[live.pk]),
        release_form(live, body_en="<p>New.</p>"),
        follow=True,
    )

    assertContains(response, "is saved as a draft for review")
    assertNotContains(response, "was changed successfully")


def test_under_review_a_version_of_another_models_row_is_not_restored(
    client, writer, admin_user, release_factory, page_factory
):
    release = release_factory()
    client.force_login(admin_user)
    client.post(
        reverse("admin:news_release_change", args=[release.pk]),
        release_form(release),
    )
    page = page_factory(pk=release.pk)
    version = Version.objects.get_for_object(release).first()
    client.force_login(writer)

    response = client.post(
        reverse("admin:pages_page_revision", args=[page.pk, version.pk]),
        {"title_en": "Taken over"},
    )

    assert response.status_code == 404
    assert not Revision.objects.exists()
