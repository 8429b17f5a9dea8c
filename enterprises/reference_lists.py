"""The real towns, product categories and certification schemes of the cluster.

The migration that first fills the lists and the demo loader both read these;
entries are only ever added here, so the migration's result never changes.
"""

TOWNS = [
    ("guzhen", "Guzhen", "古镇"),
    ("henglan", "Henglan", "横栏"),
    ("xiaolan", "Xiaolan", "小榄"),
    ("dongfeng", "Dongfeng", "东凤"),
    ("nantou", "Nantou", "南头"),
    ("dongsheng", "Dongsheng", "东升"),
    ("shaxi", "Shaxi", "沙溪"),
    ("dachong", "Dachong", "大涌"),
    ("banfu", "Banfu", "板芙"),
    ("shenwan", "Shenwan", "神湾"),
    ("huangpu", "Huangpu", "黄圃"),
    ("fusha", "Fusha", "阜沙"),
    ("gangkou", "Gangkou", "港口"),
    ("sanjiao", "Sanjiao", "三角"),
    ("minzhong", "Minzhong", "民众"),
    ("tanzhou", "Tanzhou", "坦洲"),
    ("sanxiang", "Sanxiang", "三乡"),
    ("nanlang", "Nanlang", "南朗"),
    ("wuguishan", "Wuguishan", "五桂山"),
    ("torch-development-zone", "Torch Development Zone", "火炬开发区"),
    ("shiqi", "Shiqi", "石岐"),
    ("east-district", "East District", "东区"),
    ("west-district", "West District", "西区"),
    ("south-district", "South District", "南区"),
]

CATEGORIES = [
    ("led-lighting", "LED lighting", "LED照明"),
    ("chandeliers", "Chandeliers", "吊灯"),
    ("ceiling-lights", "Ceiling lights", "吸顶灯"),
    ("table-and-floor-lamps", "Table and floor lamps", "台灯和落地灯"),
    ("outdoor-lighting", "Outdoor lighting", "户外照明"),
    ("commercial-lighting", "Commercial lighting", "商业照明"),
    ("industrial-lighting", "Industrial lighting", "工业照明"),
    ("smart-lighting", "Smart lighting", "智能照明"),
    ("decorative-lighting", "Decorative lighting", "装饰照明"),
    ("emergency-lighting", "Emergency lighting", "应急照明"),
    ("lamp-parts-and-components", "Lamp parts and components", "灯饰配件"),
    ("light-sources", "Light sources", "光源"),
]

CERTIFICATIONS = [
    ("ccc", "CCC", "中国强制性产品认证", "China Compulsory Certification"),
    ("ce", "CE", "", "CE marking (European Economic Area)"),
    ("ul", "UL", "", "UL listing (United States)"),
    ("etl", "ETL", "", "ETL listed mark (North America)"),
    ("rohs", "RoHS", "", "Restriction of Hazardous Substances (EU)"),
    ("saa", "SAA", "", "SAA approval (Australia)"),
    ("gs", "GS", "", "Geprüfte Sicherheit (Germany)"),
    ("cb", "CB", "", "IECEE CB Scheme"),
    ("fcc", "FCC", "", "Federal Communications Commission (United States)"),
    ("ukca", "UKCA", "", "UK Conformity Assessed"),
    ("iso-9001", "ISO 9001", "", "Quality management systems"),
    ("iso-14001", "ISO 14001", "", "Environmental management systems"),
]

# The schemes' descriptions in Chinese, by slug (the site's own wording); a
# migration writes them into `full_name_zh_hans`.
CERTIFICATION_DESCRIPTIONS_ZH = {
    "ccc": "中国强制性产品认证",
    "ce": "CE 标志（欧洲经济区）",
    "ul": "UL 认证（美国）",
    "etl": "ETL 认证标志（北美）",
    "rohs": "有害物质限制指令（欧盟）",
    "saa": "SAA 认证（澳大利亚）",
    "gs": "GS 安全认证（德国）",
    "cb": "IECEE CB 体系",
    "fcc": "美国联邦通信委员会认证",
    "ukca": "英国合格评定标志",
    "iso-9001": "质量管理体系",
    "iso-14001": "环境管理体系",
}


def ensure_reference_lists(town_model, category_model, certification_model) -> None:
    """Add the entries that are missing, by slug; never change editors' edits."""
    for slug, name, name_zh in TOWNS:
        town_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_zh": name_zh}
        )
    for slug, name, name_zh in CATEGORIES:
        category_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_zh": name_zh}
        )
    for slug, name, name_zh, full_name in CERTIFICATIONS:
        certification_model.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_zh": name_zh, "full_name": full_name},
        )
