"""Seed the editable lists with the real towns, categories and schemes.

A migration rather than the demo loader: production needs these lists on day one,
and a migration runs once, so it never undoes what editors later change.
"""

from django.db import migrations

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


def seed(apps, schema_editor):
    Town = apps.get_model("enterprises", "Town")
    ProductCategory = apps.get_model("enterprises", "ProductCategory")
    Certification = apps.get_model("enterprises", "Certification")
    for slug, name, name_zh in TOWNS:
        Town.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_zh": name_zh}
        )
    for slug, name, name_zh in CATEGORIES:
        ProductCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_zh": name_zh}
        )
    for slug, name, name_zh, full_name in CERTIFICATIONS:
        Certification.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_zh": name_zh, "full_name": full_name},
        )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
