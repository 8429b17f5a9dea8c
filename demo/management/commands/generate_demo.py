from django.core.management.base import BaseCommand, CommandError

from core.demo import SYNTHETIC_PREFIX
from enterprises.demo import create_synthetic_enterprises
from news.demo import create_synthetic_releases


class Command(BaseCommand):
    help = (
        "Create synthetic content for benchmarks. Every row is marked "
        f"{SYNTHETIC_PREFIX!r}; none of it is real news or a real firm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--news", type=int, default=0, metavar="N")
        parser.add_argument("--enterprises", type=int, default=0, metavar="N")
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, news, enterprises, seed, **options):
        if news < 0 or enterprises < 0:
            raise CommandError("--news and --enterprises take a count of zero or more.")
        if news:
            created = create_synthetic_releases(news, seed=seed)
            if options["verbosity"]:
                self.stdout.write(f"Created {created} synthetic releases.")
        if enterprises:
            created = create_synthetic_enterprises(enterprises, seed=seed)
            if options["verbosity"]:
                self.stdout.write(f"Created {created} synthetic enterprises.")
