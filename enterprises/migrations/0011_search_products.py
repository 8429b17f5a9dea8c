from django.db import migrations, models

from search.engine import index_text


def fill_index(apps, schema_editor):
    """Index each firm's products, and add its main products to its text."""
    Enterprise = apps.get_model("enterprises", "Enterprise")
    enterprises = Enterprise.objects.select_related("town").prefetch_related(
        "categories", "held_certificates__certification"
    )
    changed = []
    for enterprise in enterprises.iterator(chunk_size=500):
        products = [enterprise.main_products_en, enterprise.main_products_zh_hans]
        for category in enterprise.categories.all():
            products += [category.name, category.name_zh]
        texts = [
            enterprise.description_en,
            enterprise.description_zh_hans,
            enterprise.town.name,
            enterprise.town.name_zh,
            *products,
        ]
        for held in enterprise.held_certificates.all():
            certification = held.certification
            texts += [
                certification.name,
                certification.name_zh,
                certification.full_name_en,
                certification.full_name_zh_hans,
            ]
        titles = [enterprise.name, enterprise.name_zh]
        enterprise.search_title = index_text(titles)
        enterprise.search_text = index_text([*titles, *texts])
        enterprise.search_products = index_text(products)
        changed.append(enterprise)
    Enterprise.objects.bulk_update(
        changed, ["search_title", "search_text", "search_products"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0010_product_photos_main_products_published_contacts"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="search_products",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                verbose_name="search index: products",
            ),
        ),
        migrations.RunPython(fill_index, migrations.RunPython.noop),
    ]
