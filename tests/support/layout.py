# The first page after an edit reads the editors' site settings (and, once they
# are saved, the keys of their featured releases) and the pages of the menus,
# and keeps them for the cache version (pages.layout); the pages after it read
# none of these.
LAYOUT_QUERIES = 2
