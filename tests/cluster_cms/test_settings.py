"""The settings module's own shape: each setting once, our apps last."""

import ast
import os
from collections import Counter
from pathlib import Path

from django.conf import settings

import cluster_cms.settings

OUR_APPS = [
    "background",
    "cluster_cms",
    "core",
    "caching",
    "backup",
    "demo",
    "news",
    "enterprises",
    "contact",
    "pages",
    "search",
    "suppliers",
]


def assigned_names(tree: ast.Module) -> list[str]:
    """Every upper-case name the module assigns, once per assignment."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names += [
                    name.id
                    for name in ast.walk(target)
                    if isinstance(name, ast.Name) and name.id.isupper()
                ]
    return names


def test_each_setting_is_assigned_once():
    source = Path(cluster_cms.settings.__file__).read_text(encoding="utf-8")
    counts = Counter(assigned_names(ast.parse(source)))

    assert [name for name, count in counts.items() if count > 1] == []


def test_our_apps_come_after_every_third_party_app():
    apps = cluster_cms.settings.INSTALLED_APPS
    assert apps[-len(OUR_APPS) :] == OUR_APPS


def test_our_settings_stand_in_one_block():
    source = Path(cluster_cms.settings.__file__).read_text(encoding="utf-8")
    lines = [
        number
        for number, line in enumerate(source.splitlines())
        if line.startswith("CLUSTER_")
    ]
    between = source.splitlines()[lines[0] : lines[-1] + 1]
    assert not [
        line for line in between if line[:1].isupper() and "CLUSTER_" not in line
    ]


def test_tests_run_on_the_test_settings():
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "cluster_cms.settings_test"
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.CLUSTER_PAGE_CACHE_SECONDS == 0
