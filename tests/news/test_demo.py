import pytest
from pytest_django.asserts import assertContains

from news.demo import read_seed_release
from news.models import Category, Release
from tests.support.commands import run

pytestmark = pytest.mark.django_db


def test_loaddemo_loads_the_seed_release_as_written(client):
    run("loaddemo")

    release = Release.objects.get()
    seed = read_seed_release()
    response = client.get(release.get_absolute_url())
    assert release.title == (
        "Zhongshan has become the largest lighting professional production base "
        "in China"
    )
    assertContains(response, "2017-12-21</time>")
    assert len(seed.paragraphs) == 4
    for paragraph in seed.paragraphs:
        assertContains(response, f"<p>{paragraph}</p>", html=True)
    assertContains(response, "in 2015 and 2016, Zhongshan continuously invested")


def test_loaddemo_twice_duplicates_nothing():
    run("loaddemo")
    run("loaddemo")

    assert Release.objects.count() == 1
    assert Category.objects.count() == 4


def test_the_seed_page_chrome_is_not_part_of_the_release():
    seed = read_seed_release()

    assert not any("Identifying code" in p for p in seed.paragraphs)
    assert not any("Copyright" in p for p in seed.paragraphs)


def test_generate_demo_creates_synthetic_releases_marked_as_such():
    run("generate_demo", "--news", "25")

    assert Release.objects.published().count() == 25
    assert all(
        title.startswith("[Synthetic]")
        for title in Release.objects.values_list("title", flat=True)
    )


def test_loaddemo_adds_our_own_chinese_title_and_summary_marked_as_ours(client):
    run("loaddemo")

    release = Release.objects.get()
    assert release.title_zh_hans == "中山已成为全国最大的灯饰专业生产基地"
    assert release.summary_zh_hans.endswith("（本站译文）")
    assert not release.body_zh_hans
    response = client.get("/zh-hans" + release.get_absolute_url())
    assertContains(response, "<h1>中山已成为全国最大的灯饰专业生产基地</h1>", html=True)
    assertContains(response, "2017年12月21日</time>")
    assertContains(response, "本新闻正文尚无中文版，以下显示英文原文。")
    assertContains(response, "行业资讯")
    assert set(Category.objects.values_list("name_zh_hans", flat=True)) == {
        "行业资讯",
        "质量与标准",
        "贸易与出口",
        "政策",
    }
