"""What a buyer finds first: a labelled set of searches, each with the firm a
buyer means, which must be among the first three results in both languages."""

import pytest
from pytest_django.asserts import assertContains

from enterprises.models import Enterprise, ProductCategory, Town
from tests.enterprises.test_views import end_the_editors_request

pytestmark = pytest.mark.django_db

# Firms that name every product in their descriptions (a trading agent, a
# sourcing office), in both languages, and sort first by name in both: were
# matches not ranked, they would fill the first three places of every search.
EVERYTHING = (
    "We source ceiling lights, chandeliers, pendant lamps, LED panels, floodlights,"
    " street lights, emergency lighting, table lamps, smart lighting and lamp"
    " holders from Guzhen."
)
EVERYTHING_ZH = (
    "代购吸顶灯、吊灯、水晶吊灯、LED面板灯、投光灯、路灯、应急照明、台灯、"
    "智能照明、灯饰配件，来自古镇。"
)

# (name, Chinese name, town, categories, main products, Chinese main products)
FIRMS = [
    (
        "Aurora Ceiling Lights Co.",
        "中山市古镇极光吸顶灯有限公司",
        "guzhen",
        ["ceiling"],
        "LED ceiling lights, flush-mount ceiling lamps",
        "LED吸顶灯、平板吸顶灯",
    ),
    (
        "Brightway Emergency Lighting",
        "明路应急照明",
        "xiaolan",
        ["emergency"],
        "Exit signs, emergency bulkhead lights",
        "安全出口指示灯、应急壁灯",
    ),
    (
        "Crystal Palace Chandeliers",
        "水晶宫灯饰",
        "guzhen",
        ["chandeliers"],
        "Crystal chandeliers, candle chandeliers",
        "水晶吊灯、蜡烛吊灯",
    ),
    (
        "Delta LED Technology",
        "德尔塔光电科技",
        "henglan",
        ["led"],
        "LED panels, LED strips, LED drivers",
        "LED面板灯、LED灯带、LED驱动电源",
    ),
    (
        "Evergreen Outdoor Lighting",
        "长青户外照明",
        "dongfeng",
        ["outdoor"],
        "Street lights, garden lights, IP65 floodlights",
        "路灯、庭院灯、IP65投光灯",
    ),
    (
        "Fine Fittings Hardware",
        "精美五金",
        "guzhen",
        ["fittings"],
        "Lamp holders, metal lamp bodies, glass shades",
        "灯头、金属灯体、玻璃灯罩",
    ),
    (
        "Guzhen Star Lighting",
        "古镇之星照明",
        "guzhen",
        ["commercial"],
        "Track lights, downlights",
        "轨道灯、筒灯",
    ),
    (
        "Harmony Home Electric",
        "和谐家居电器",
        "nantou",
        ["smart"],
        "Wi-Fi smart bulbs, app-controlled lamps",
        "Wi-Fi智能灯泡、手机控制灯具",
    ),
    (
        "Ivory Desk Co.",
        "象牙文具",
        "xiaolan",
        ["table"],
        "Table lamps, desk lamps, reading lamps",
        "台灯、阅读灯、床头灯",
    ),
    (
        "Jade Ceiling Lamp Factory",
        "翡翠吸顶灯厂",
        "henglan",
        ["ceiling"],
        "Acrylic ceiling lamps, round ceiling lights",
        "亚克力吸顶灯、圆形吸顶灯",
    ),
    (
        "Kingdom Stadium Equipment",
        "王国体育设备",
        "dongfeng",
        ["floodlights"],
        "Stadium floodlights, 1000 W LED floodlights",
        "体育场投光灯、1000瓦LED投光灯",
    ),
    (
        "Lotus Design Studio",
        "莲花设计工作室",
        "guzhen",
        ["chandeliers"],
        "Modern pendant lights, glass chandeliers",
        "现代吊线灯、玻璃吊灯",
    ),
]

TOWNS = {
    "guzhen": ("Guzhen", "古镇"),
    "xiaolan": ("Xiaolan", "小榄"),
    "henglan": ("Henglan", "横栏"),
    "dongfeng": ("Dongfeng", "东凤"),
    "nantou": ("Nantou", "南头"),
}
CATEGORIES = {
    "ceiling": ("Ceiling lights", "吸顶灯"),
    "emergency": ("Emergency lighting", "应急照明"),
    "chandeliers": ("Chandeliers", "吊灯"),
    "led": ("LED lighting", "LED照明"),
    "outdoor": ("Outdoor lighting", "户外照明"),
    "fittings": ("Lamp fittings", "灯饰配件"),
    "commercial": ("Commercial lighting", "商业照明"),
    "smart": ("Smart lighting", "智能照明"),
    "table": ("Table lamps", "台灯"),
    "floodlights": ("Floodlights", "投光灯"),
}

# (query, the firm a buyer means): each searched on English and Chinese pages.
LABELLED = [
    ("ceiling light", "Aurora Ceiling Lights Co."),
    ("ceiling lamps", "Jade Ceiling Lamp Factory"),
    ("吸顶灯", "Jade Ceiling Lamp Factory"),
    ("LED", "Delta LED Technology"),
    ("LED panel", "Delta LED Technology"),
    ("古镇", "Guzhen Star Lighting"),
    ("Guzhen", "Guzhen Star Lighting"),
    ("chandelier", "Crystal Palace Chandeliers"),
    ("吊灯", "Crystal Palace Chandeliers"),
    ("水晶吊灯", "Crystal Palace Chandeliers"),
    ("pendant", "Lotus Design Studio"),
    ("emergency lighting", "Brightway Emergency Lighting"),
    ("应急照明", "Brightway Emergency Lighting"),
    ("floodlight", "Kingdom Stadium Equipment"),
    ("投光灯", "Kingdom Stadium Equipment"),
    ("street light", "Evergreen Outdoor Lighting"),
    ("路灯", "Evergreen Outdoor Lighting"),
    ("table lamp", "Ivory Desk Co."),
    ("台灯", "Ivory Desk Co."),
    ("smart lighting", "Harmony Home Electric"),
    ("智能照明", "Harmony Home Electric"),
    ("lamp holder", "Fine Fittings Hardware"),
    ("灯饰配件", "Fine Fittings Hardware"),
    # Misspelt, as buyers type in a hurry.
    ("chandelir", "Crystal Palace Chandeliers"),
    ("flodlights", "Kingdom Stadium Equipment"),
]


@pytest.fixture
def cluster(enterprise_factory):
    # The real lists (a migration seeds most of them), as the editors keep them.
    towns = {
        slug: Town.objects.update_or_create(
            name=name, defaults={"name_zh": name_zh, "slug": f"test-{slug}"}
        )[0]
        for slug, (name, name_zh) in TOWNS.items()
    }
    categories = {
        slug: ProductCategory.objects.update_or_create(
            name=name, defaults={"name_zh": name_zh, "slug": f"test-{slug}"}
        )[0]
        for slug, (name, name_zh) in CATEGORIES.items()
    }
    for number, name in enumerate(["A1 Lighting Traders", "AA Sourcing Agent"]):
        enterprise_factory(
            name=name,
            name_zh=f"阿{'一二'[number]}贸易",
            town=towns["guzhen"],
            description=EVERYTHING,
            description_zh_hans=EVERYTHING_ZH,
        )
    for name, name_zh, town, listed, products, products_zh in FIRMS:
        enterprise_factory(
            name=name,
            name_zh=name_zh,
            town=towns[town],
            categories=[categories[slug] for slug in listed],
            main_products=products,
            main_products_zh_hans=products_zh,
        )
    end_the_editors_request()


def first_three(client, prefix: str, query: str) -> list[str]:
    response = client.get(f"{prefix}/search/", {"q": query})
    group = next(group for group in response.context["groups"])
    assert group.kind == "enterprises"
    return [card.enterprise.name for card in group.results[:3]]


@pytest.mark.parametrize("prefix", ["", "/zh-hans"], ids=["en", "zh"])
def test_the_firm_a_buyer_means_is_among_the_first_three(client, cluster, prefix):
    missed = {
        query: (expected, found)
        for query, expected in LABELLED
        if expected not in (found := first_three(client, prefix, query))
    }

    assert len(LABELLED) >= 20
    assert missed == {}


def test_makers_of_what_was_searched_come_before_firms_that_only_mention_it(
    client, cluster
):
    response = client.get("/search/", {"q": "ceiling light"})
    names = [card.enterprise.name for card in response.context["groups"][0].results]

    # Ceiling-light makers by name; then who only mentions ceiling lights.
    assert names[:2] == ["Aurora Ceiling Lights Co.", "Jade Ceiling Lamp Factory"]
    assert set(names[2:]) == {"A1 Lighting Traders", "AA Sourcing Agent"}


def test_ties_are_in_pinyin_order_in_chinese_and_name_order_in_english(client, cluster):
    def makers(prefix):
        response = client.get(f"{prefix}/search/", {"q": "吸顶灯"})
        return [
            card.enterprise.name_zh for card in response.context["groups"][0].results
        ][:2]

    # 翡翠 (feicui) before 中山 (zhongshan) for a Chinese reader; Aurora before
    # Jade for an English one.
    assert makers("/zh-hans") == ["翡翠吸顶灯厂", "中山市古镇极光吸顶灯有限公司"]
    assert makers("") == ["中山市古镇极光吸顶灯有限公司", "翡翠吸顶灯厂"]


def test_the_directory_lists_a_search_in_the_same_order(client, cluster):
    listed = client.get("/zh-hans/enterprises/", {"q": "吸顶灯"})
    cards = listed.context["object_list"]

    assert [card.enterprise.name_zh for card in cards[:2]] == [
        "翡翠吸顶灯厂",
        "中山市古镇极光吸顶灯有限公司",
    ]


@pytest.mark.parametrize(
    ("prefix", "monogram"), [("", "AC"), ("/zh-hans", "极光")], ids=["en", "zh"]
)
def test_monograms_are_in_the_pages_language(client, cluster, prefix, monogram):
    aurora = Enterprise.objects.get(name="Aurora Ceiling Lights Co.")
    response = client.get(f"{prefix}/search/", {"q": "Aurora"})

    assertContains(
        response,
        '<span class="enterprise-monogram enterprise-logo-small'
        f' monogram-tone-{aurora.monogram_tone}" aria-hidden="true">{monogram}</span>',
        html=True,
    )
