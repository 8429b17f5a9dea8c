# The first page after an edit reads the editors' site settings and the pages of
# the menus, one query each, and keeps them for the cache version
# (pages.layout); the pages after it read neither.
LAYOUT_QUERIES = 2
