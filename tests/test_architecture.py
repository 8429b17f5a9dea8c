"""Which package imports which: the arrows of the diagram in docs/architecture.md.

Apps build on cluster_cms's building blocks; the directory may know releases,
nothing else knows another app; and of cluster_cms only the URL map and the demo
commands import the apps.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = {"news", "enterprises", "contact"}
# What each package may import of the apps, besides itself.
MAY_IMPORT = {
    "cluster_cms": set(),
    "news": set(),
    "enterprises": {"news"},
    "contact": set(),
    "background": set(),
}
CLUSTER_CMS_COMPOSERS = {
    "cluster_cms/urls.py",
    "cluster_cms/management/commands/loaddemo.py",
    "cluster_cms/management/commands/generate_demo.py",
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(ROOT).as_posix(), path


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_each_package_imports_only_the_apps_it_may(package):
    for name, path in modules(package):
        allowed = MAY_IMPORT[package] | {package}
        if name in CLUSTER_CMS_COMPOSERS:
            allowed |= APPS
        assert imported_packages(path) & APPS <= allowed, name


def test_news_templates_load_no_other_apps_tags():
    loads = re.compile(r"{%\s*load\s+([^%]+)%}")
    other_apps_tags = {"enterprise_tags", "contact_tags"}
    for path in (ROOT / "templates" / "news").glob("*.html"):
        for match in loads.finditer(path.read_text(encoding="utf-8")):
            assert not set(match.group(1).split()) & other_apps_tags, path.name
