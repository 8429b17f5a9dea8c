import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from enterprises.demo import create_synthetic_enterprises
from news.models import Category, Release

SYNTHETIC_PREFIX = "[Synthetic]"
BATCH_SIZE = 500
WORDS = (
    "lighting LED export quality Zhongshan Guzhen enterprise chandelier outdoor "
    "commercial lamp certification market buyer factory design energy efficient "
    "demonstration inspection standard trade fair product"
).split()


class Command(BaseCommand):
    help = (
        "Create synthetic content for benchmarks. Every row is marked "
        f"{SYNTHETIC_PREFIX!r}; none of it is real news."
    )

    def add_arguments(self, parser):
        parser.add_argument("--news", type=int, default=0, metavar="N")
        parser.add_argument("--enterprises", type=int, default=0, metavar="N")
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, news, enterprises, seed, **options):
        if news < 0 or enterprises < 0:
            raise CommandError("--news and --enterprises take a count of zero or more.")
        rng = random.Random(seed)
        if news:
            created = self.generate_releases(news, rng)
            if options["verbosity"]:
                self.stdout.write(f"Created {created} synthetic releases.")
        if enterprises:
            created = create_synthetic_enterprises(enterprises, seed=seed)
            if options["verbosity"]:
                self.stdout.write(f"Created {created} synthetic enterprises.")

    @transaction.atomic
    def generate_releases(self, count: int, rng: random.Random) -> int:
        categories = list(Category.objects.all()) or [
            Category.objects.create(name="Synthetic", slug="synthetic")
        ]
        start = Release.objects.filter(slug__startswith="synthetic-release-").count()
        now = timezone.now()
        releases = []
        for number in range(start + 1, start + count + 1):
            words = " ".join(rng.choice(WORDS) for _ in range(8))
            paragraphs = "".join(
                "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".</p>"
                for _ in range(4)
            )
            releases.append(
                Release(
                    title=f"{SYNTHETIC_PREFIX} Release {number}: {words}",
                    slug=f"synthetic-release-{number}",
                    summary=f"Synthetic, not real news. {words}.",
                    body=paragraphs,
                    release_time=now - datetime.timedelta(hours=number),
                    category=rng.choice(categories),
                    status=Release.Status.PUBLISHED,
                )
            )
        Release.objects.bulk_create(releases, batch_size=BATCH_SIZE)
        return len(releases)
