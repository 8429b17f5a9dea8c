"""Leave a message, tried as an attacker would: codes, limits, addresses, mail."""

import datetime
import hashlib
import io
import wave

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from contact import code_media
from contact.identifying_code import ALPHABET
from contact.models import Message
from tests.contact.test_contact import CONTACT, message_data

pytestmark = pytest.mark.django_db

CODE_URL = "/contact/code/"


@pytest.fixture
def code_limit(settings):
    settings.CLUSTER_CODE_RATE_LIMIT = 3
    return settings.CLUSTER_CODE_RATE_LIMIT


# Drawing codes


def test_drawing_codes_is_limited_per_client(client, code_limit):
    for _ in range(code_limit):
        assert client.get(CODE_URL, HTTP_X_CONTACT_CODE="1").status_code == 200

    refused = client.get(CODE_URL, HTTP_X_CONTACT_CODE="1")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert CaptchaStore.objects.count() == code_limit
    # Another client still draws.
    assert (
        client.get(
            CODE_URL, HTTP_X_CONTACT_CODE="1", REMOTE_ADDR="198.51.100.9"
        ).status_code
        == 200
    )


def test_the_contact_page_and_a_put_count_as_drawing_codes(client, code_limit):
    client.get(CONTACT)
    client.put(CONTACT)
    client.get(CODE_URL, HTTP_X_CONTACT_CODE="1")

    page = client.get(CONTACT)

    assertContains(page, "Too many identifying codes were drawn from your connection")
    assertNotContains(page, "data-code-img")
    assert CaptchaStore.objects.count() == code_limit


def test_the_librarys_unlimited_refresh_address_is_not_offered(client):
    # As the library's own script asks for it.
    refresh = client.get(
        "/captcha/refresh/", headers={"X-Requested-With": "XMLHttpRequest"}
    )
    assert refresh.status_code == 404
    assert not CaptchaStore.objects.exists()


def test_expired_codes_are_deleted_as_new_ones_are_drawn(client):
    CaptchaStore.objects.bulk_create(
        CaptchaStore(
            challenge="AAAA",
            response="aaaa",
            hashkey=f"old{number:037d}",
            expiration=timezone.now() - datetime.timedelta(minutes=1),
        )
        for number in range(50)
    )

    key = client.get(CODE_URL, HTTP_X_CONTACT_CODE="1").json()["key"]

    assert list(CaptchaStore.objects.values_list("hashkey", flat=True)) == [key]


# IPv6 clients count per /64


def test_messages_from_one_ipv6_64_share_one_limit(client, captcha_test_mode, settings):
    settings.CLUSTER_MESSAGE_RATE_LIMIT = 2
    data = message_data("any", "passed")
    for host in ("1", "2"):
        response = client.post(CONTACT, data, REMOTE_ADDR=f"2001:db8:1:2::{host}")
        assertRedirects(response, reverse("contact_thanks"))

    refused = client.post(CONTACT, data, REMOTE_ADDR="2001:db8:1:2:abcd::3")

    assert refused.status_code == 429
    other_subscriber = client.post(CONTACT, data, REMOTE_ADDR="2001:db8:1:3::1")
    assertRedirects(other_subscriber, reverse("contact_thanks"))
    # Each message keeps the exact address it came from.
    assert Message.objects.filter(client_address="2001:db8:1:2::2").exists()


def test_codes_drawn_from_one_ipv6_64_share_one_limit(client, code_limit):
    for host in range(1, code_limit + 1):
        response = client.get(
            CODE_URL, HTTP_X_CONTACT_CODE="1", REMOTE_ADDR=f"2001:db8:5:6::{host}"
        )
        assert response.status_code == 200

    assert (
        client.get(
            CODE_URL, HTTP_X_CONTACT_CODE="1", REMOTE_ADDR="2001:db8:5:6::99"
        ).status_code
        == 429
    )
    assert (
        client.get(
            CODE_URL, HTTP_X_CONTACT_CODE="1", REMOTE_ADDR="2001:db8:5:7::1"
        ).status_code
        == 200
    )


# The picture and the speech


def test_each_code_gets_its_own_noise_and_one_picture_whatever_the_reloads(client):
    first = CaptchaStore.objects.create(challenge="ADEH", response="adeh")
    second = CaptchaStore.objects.create(challenge="ADEH", response="adeh")

    def picture(store):
        response = client.get(reverse("captcha-image", args=[store.hashkey]))
        assert response["Content-Type"] == "image/png"
        assert "no-store" in response["Cache-Control"]
        return response.content

    assert picture(first) == picture(first)
    assert picture(first) != picture(second)
    with Image.open(io.BytesIO(picture(first))) as image:
        assert image.size == (132, 48)


def test_a_used_code_has_no_picture_nor_speech_any_more(
    client, identifying_code, settings
):
    key, answer = identifying_code()
    client.post(CONTACT, message_data(key, answer))

    assert client.get(reverse("captcha-image", args=[key])).status_code == 410
    assert client.get(reverse("captcha-audio", args=[key])).status_code == 410


def test_the_code_has_no_look_alike_characters():
    for pair in ("0O", "1IL", "2Z", "5S", "8B", "6G", "UV", "EF"):
        assert sum(char in ALPHABET for char in pair) <= 1, pair


def test_the_code_is_heard_in_a_player_in_the_page_in_either_language(client):
    page = client.get(CONTACT)
    key = page.context["form"]["captcha"].field.widget._key

    assertContains(
        page,
        '<audio controls preload="none"'
        f' src="/captcha/audio/{key}.wav?lang=en"'
        ' aria-labelledby="code-audio-label" data-code-audio>'
        f'<a href="/captcha/audio/{key}.wav?lang=en">Listen to the code</a></audio>',
        html=True,
    )
    assertContains(page, '<span class="small" id="code-audio-label">', count=1)
    chinese = client.get("/zh-hans/contact/")
    chinese_key = chinese.context["form"]["captcha"].field.widget._key
    assertContains(chinese, "收听验证码")
    assertContains(chinese, f'src="/captcha/audio/{chinese_key}.wav?lang=zh-hans"')
    audio = client.get(f"/captcha/audio/{key}.wav?lang=en")
    assert audio["Content-Type"] == "audio/wav"
    assert audio.content.startswith(b"RIFF")
    assert "no-store" in audio["Cache-Control"]


@pytest.fixture
def voices_used(monkeypatch):
    """The espeak-ng voice of each recording made (espeak-ng itself still runs)."""
    used = []
    real_run = code_media.subprocess.run

    def run(arguments, **kwargs):
        used.append(arguments[arguments.index("-v") + 1])
        return real_run(arguments, **kwargs)

    monkeypatch.setattr(code_media.subprocess, "run", run)
    return used


def test_the_code_is_spoken_in_mandarin_on_chinese_pages(client, voices_used):
    chinese = client.get("/zh-hans/contact/")
    english = client.get(CONTACT)
    for page in (chinese, english):
        key = page.context["form"]["captcha"].field.widget._key
        language = "zh-hans" if page is chinese else "en"
        assert client.get(f"/captcha/audio/{key}.wav?lang={language}").status_code
    footer_code = client.get(
        CODE_URL, {"lang": "zh-hans"}, HTTP_X_CONTACT_CODE="1"
    ).json()
    assert footer_code["audio_url"].endswith("?lang=zh-hans")
    assert client.get(footer_code["audio_url"]).status_code == 200

    assert [voice.split("+")[0] for voice in voices_used] == ["cmn", "en-us", "cmn"]


def _recording(client, key: str) -> bytes:
    audio = client.get(f"/captcha/audio/{key}.wav")
    assert audio.status_code == 200
    return audio.content


def _frames(recording: bytes) -> bytes:
    with wave.open(io.BytesIO(recording)) as sound:
        return sound.readframes(sound.getnframes())


def test_two_listens_to_the_same_code_are_different_recordings(client):
    key = client.get(CODE_URL, HTTP_X_CONTACT_CODE="1").json()["key"]

    first, second = _recording(client, key), _recording(client, key)

    assert first != second
    # Not only a header: the sound itself, and its length (silence around it).
    assert _frames(first) != _frames(second)
    assert len(_frames(first)) != len(_frames(second))


def test_a_table_of_recordings_does_not_solve_the_code(client, settings):
    """The attack: record every code once, then look a fresh recording up (by
    its bytes, or by its length) to read its code without listening."""
    settings.CLUSTER_CODE_RATE_LIMIT = 100
    target = client.get(CODE_URL, HTTP_X_CONTACT_CODE="1").json()["key"]
    target_answer = CaptchaStore.objects.get(hashkey=target).response
    by_hash, by_length = {}, {}
    keys = [target] + [
        client.get(CODE_URL, HTTP_X_CONTACT_CODE="1").json()["key"] for _ in range(12)
    ]
    for key in keys:
        recording = _recording(client, key)
        answer = CaptchaStore.objects.get(hashkey=key).response
        by_hash[hashlib.sha256(recording).hexdigest()] = answer
        by_length[len(recording)] = answer

    fresh = _recording(client, target)

    assert hashlib.sha256(fresh).hexdigest() not in by_hash
    assert by_length.get(len(fresh)) != target_answer


def test_each_listen_counts_as_drawing_a_code(client, code_limit):
    audio_url = client.get(CODE_URL, HTTP_X_CONTACT_CODE="1").json()["audio_url"]
    for _ in range(code_limit - 1):
        assert client.get(audio_url).status_code == 200

    assert client.get(audio_url).status_code == 429


def test_the_footer_forms_code_comes_with_its_speech(client):
    code = client.get(CODE_URL, {"lang": "zh-hans"}, HTTP_X_CONTACT_CODE="1").json()

    assert code["audio_url"] == f"/captcha/audio/{code['key']}.wav?lang=zh-hans"


# The staff mail


def test_nothing_a_visitor_types_passes_for_a_line_of_the_staff_mail(
    client,
    captcha_test_mode,
    settings,
    mailoutbox,
    run_tasks,
):
    settings.CLUSTER_MESSAGE_RECIPIENTS = ["sales@cluster.example.com"]
    forged = "Answer it in the inbox: https://evil.example/"
    data = message_data(
        "any",
        "passed",
        name=f"Li\r\n\r\n{forged}",
        company=f"Co\u2028{forged}",
        body=f"Hello\n{forged}\n\nBye",
    )
    client.post(CONTACT, data)
    run_tasks()

    lines = mailoutbox[0].body.splitlines()
    inbox_lines = [line for line in lines if line.startswith("Answer it in the inbox")]
    message = Message.objects.get()
    assert inbox_lines == [
        "Answer it in the inbox: "
        f"http://testserver/admin/contact/message/{message.pk}/change/"
    ]
    assert f"Name: Li {forged}" in lines
    assert f"> {forged}" in lines


# Codes drawn by other pages' <img> tags or other sites


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "cross-site", "X-Contact-Code": "1"},
        {"Sec-Fetch-Site": "same-site", "X-Contact-Code": "1"},
        {"X-Contact-Code": "yes"},
    ],
)
def test_only_the_site_s_own_script_draws_a_code(client, headers):
    response = client.get(CODE_URL, headers=headers)

    assert response.status_code == 403
    assert not CaptchaStore.objects.exists()


@pytest.mark.parametrize("fetched_from", [{}, {"Sec-Fetch-Site": "same-origin"}])
def test_the_site_s_script_draws_a_code(client, fetched_from):
    response = client.get(CODE_URL, headers={**fetched_from, "X-Contact-Code": "1"})

    assert response.status_code == 200
    assert CaptchaStore.objects.filter(hashkey=response.json()["key"]).exists()


def test_images_of_the_code_address_do_not_use_up_the_reader_s_codes(
    client, code_limit
):
    for _image in range(code_limit + 5):
        client.get(CODE_URL, headers={"Sec-Fetch-Dest": "image"})

    assert client.get(CODE_URL, HTTP_X_CONTACT_CODE="1").status_code == 200
    assertContains(client.get(CONTACT), 'name="captcha_0"')
