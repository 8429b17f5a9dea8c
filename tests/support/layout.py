# Every page reads the site version once (caching.page_cache).
VERSION_QUERIES = 1

# The first page after an edit reads the editors' site settings (and, once they
# are saved, the keys of their featured releases) and the pages of the menus,
# and keeps them for the site version (pages.layout); the pages after it read
# none of these.
LAYOUT_QUERIES = 2
