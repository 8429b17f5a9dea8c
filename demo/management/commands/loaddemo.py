from django.core.management.base import BaseCommand

from enterprises.demo import ensure_demo_directory
from news.demo import DEMO_CATEGORIES, load_demo_news
from pages.demo import ensure_demo_pages

# The directory's towns and lists come from a migration; these few enterprises are
# synthetic, clearly marked, so that the directory is not empty in a demo.
DEMO_ENTERPRISES = 40


class Command(BaseCommand):
    help = "Load the demo content (idempotent: running it again duplicates nothing)."

    def handle(self, *args, **options):
        release, created = load_demo_news()
        if options["verbosity"]:
            verb = "Loaded" if created else "Updated"
            self.stdout.write(f"{verb} the seed release: {release.get_absolute_url()}")
            self.stdout.write(f"{len(DEMO_CATEGORIES)} news categories in place.")
        pages = ensure_demo_pages()
        if options["verbosity"]:
            self.stdout.write(f"{len(pages)} pages in place (About, Privacy notice).")
        added = ensure_demo_directory(DEMO_ENTERPRISES)
        if options["verbosity"]:
            self.stdout.write(f"Added {added} synthetic enterprises (marked as such).")
