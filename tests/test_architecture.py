"""Which package imports which: the arrows of the diagram in docs/architecture.md.

Building blocks (core, caching, search's engine, background) know no feature app;
the directory and the pages may know releases, nothing else knows another feature
app; the composers (the URL map, the site search's page, the demo commands) are
the only code that imports several.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
BUILDING_BLOCKS = {"core", "caching", "background"}
FEATURES = {"news", "enterprises", "contact", "pages"}
# What each package may import of our packages, besides itself.
MAY_IMPORT = {
    "core": {"caching"},
    "caching": set(),
    "background": {"core"},
    "backup": {"caching", "core"},
    "review": BUILDING_BLOCKS,
    "news": BUILDING_BLOCKS | {"review"},
    "enterprises": BUILDING_BLOCKS | {"news"},
    "contact": BUILDING_BLOCKS,
    "pages": BUILDING_BLOCKS | {"news", "review"},
    "search": BUILDING_BLOCKS | {"news", "enterprises"},
    "suppliers": BUILDING_BLOCKS | {"enterprises", "contact"},
    "demo": BUILDING_BLOCKS | FEATURES,
    "cluster_cms": BUILDING_BLOCKS | FEATURES,
}
# Building blocks that live beside the page that uses them most: any package may
# import them (the search engine knows no app; the search page composes).
SHARED_MODULES = {"search.engine"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(ROOT).as_posix(), path


def test_every_app_of_ours_is_in_the_table():
    ours = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT
    }
    assert ours == set(MAY_IMPORT)


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_each_package_imports_only_the_packages_it_may(package):
    allowed = MAY_IMPORT[package] | {package}
    for name, path in modules(package):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if top not in MAY_IMPORT or module in SHARED_MODULES:
                continue
            assert top in allowed, f"{name} imports {module}"


def test_the_search_engine_imports_no_app():
    assert {
        module.split(".")[0] for module in imported_modules(ROOT / "search/engine.py")
    } & set(MAY_IMPORT) == set()


def test_the_diagram_draws_every_allowed_arrow():
    """docs/architecture.md lists each package's arrows as `a -> b, c`."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    drawn = {
        match.group(1): {name.strip() for name in (match.group(2) or "").split(",")}
        - {""}
        for match in re.finditer(r"^(\w+) ->(?: ([\w, ]*))?$", text, re.M)
    }
    assert drawn == MAY_IMPORT


def test_news_templates_load_no_other_apps_tags():
    loads = re.compile(r"{%\s*load\s+([^%]+)%}")
    other_apps_tags = {"enterprise_tags", "contact_tags"}
    for path in (ROOT / "templates" / "news").glob("*.html"):
        for match in loads.finditer(path.read_text(encoding="utf-8")):
            assert not set(match.group(1).split()) & other_apps_tags, path.name


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_at_module_level(path: Path, known: set[str]) -> set[str]:
    """Our modules that `path` imports when it is loaded (not inside functions)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return (found & known) - {name}


def test_no_module_imports_itself_through_others():
    paths = [path for package in MAY_IMPORT for _, path in modules(package)]
    known = {module_name(path) for path in paths}
    graph = {module_name(path): imports_at_module_level(path, known) for path in paths}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for step in graph.get(start, ()):
            if step == goal or (
                step not in seen and (seen.add(step) or reaches(step, goal, seen))
            ):
                return True
        return False

    circles = sorted(name for name in graph if reaches(name, name, set()))
    assert circles == []
