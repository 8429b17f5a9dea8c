# Every page's layout reads the editors' site settings and the pages of its
# menus: one query each (pages.context_processors).
LAYOUT_QUERIES = 2
