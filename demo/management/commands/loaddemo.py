from django.core.management.base import BaseCommand

from core.versions import keep_all_first_versions
from enterprises.demo import ensure_demo_directory
from news.demo import DEMO_CATEGORIES, load_demo_news
from pages.demo import ensure_demo_pages

# The directory's towns and lists come from a migration; these few enterprises are
# synthetic, clearly marked, so that the directory is not empty in a demo.
DEMO_ENTERPRISES = 40


class Command(BaseCommand):
    help = (
        "Load the demo content that is missing (running it again duplicates and "
        "overwrites nothing)."
    )

    def handle(self, *args, **options):
        release, created = load_demo_news()
        if options["verbosity"]:
            verb = "Loaded" if created else "Kept as it is"
            self.stdout.write(f"{verb} the seed release: {release.get_absolute_url()}")
            self.stdout.write(f"{len(DEMO_CATEGORIES)} news categories in place.")
        pages = ensure_demo_pages()
        if options["verbosity"]:
            self.stdout.write(f"{len(pages)} pages in place (About, Privacy notice).")
        added = ensure_demo_directory(DEMO_ENTERPRISES)
        if options["verbosity"]:
            self.stdout.write(f"Added {added} synthetic enterprises (marked as such).")
        # The history then starts with the demo's own text, before any editor's.
        kept = keep_all_first_versions()
        if options["verbosity"]:
            self.stdout.write(f"Kept a first version of {kept} rows.")
