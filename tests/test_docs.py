"""What the docs name in backticks exists: a path in the tree, or a dotted name
that imports."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
CODE = re.compile(r"`([^`\n]+)`")
# A path: folders and a file name with an extension we keep in the tree, or a
# folder ending in a slash.
PATH = re.compile(
    r"^(?:[\w.-]+/)+(?:[\w.-]+\.(?:py|md|html|txt|css|js|json|xml|xsl|po|mo|ini"
    r"|toml|conf|cfg|sh|service|timer|yml|yaml|csv|xlsx))?/?$"
    r"|^[\w-]+\.(?:py|md|ini|toml|conf|txt|html|js|css)$"
)
DOTTED = re.compile(r"^[a-z_]+(?:\.[A-Za-z_][\w]*)+$")
OUR_PACKAGES = {
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name != "tests"
} | {"tests"}
# Places that exist only on a deployed or running machine, not in the tree.
OUTSIDE_THE_TREE = (
    "var/",
    "staticfiles/",
    ".venv/",
    "/etc/",
    "/srv/",
    "/var/",
    "media/",
)
# Named in backticks but not files of the tree: URL paths and folders of media.
NOT_TREE_PATHS = {"admin/", "kept-uploads/"}
# Where a path written without its folder is found: the tree's root, the
# templates and static trees, and any of our packages.
SEARCHED = [
    ROOT,
    ROOT / "templates",
    ROOT / "static",
    ROOT / "static" / "js",
    ROOT / "docs",
]
FILE_NAME = re.compile(r"\.(?:py|md|html|txt|js|css|json|xml|xsl|po|mo|ini|toml)$")


def named_in(doc: Path) -> set[str]:
    return set(CODE.findall(doc.read_text(encoding="utf-8")))


def exists(path: str) -> bool:
    folders = SEARCHED + [
        folder
        for package in OUR_PACKAGES
        for folder in (ROOT / package, ROOT / "tests" / package)
    ]
    return any((folder / path).exists() for folder in folders)


def is_model_or_permission(dotted: str) -> bool:
    """`app_label.model` or `app_label.codename`, as the permission table writes."""
    label, _, name = dotted.partition(".")
    try:
        models = {
            model._meta.model_name for model in apps.get_app_config(label).get_models()
        }
    except LookupError:
        return False
    action, _, model = name.partition("_")
    return name in models or (
        action in {"view", "add", "change", "delete"} and model in models
    )


def resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_path_in_backticks_exists(doc):
    missing = sorted(
        name
        for name in named_in(doc)
        if PATH.match(name)
        and not name.startswith(OUTSIDE_THE_TREE)
        and name not in NOT_TREE_PATHS
        and not exists(name)
    )
    assert not missing, f"{doc.name} names paths that are not in the tree"


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_every_dotted_name_of_ours_in_backticks_imports(doc):
    missing = sorted(
        name
        for name in named_in(doc)
        if DOTTED.match(name)
        and not FILE_NAME.search(name)
        and name.split(".")[0] in OUR_PACKAGES
        and not resolves(name)
        and not is_model_or_permission(name)
    )
    assert not missing, f"{doc.name} names code that does not exist"
