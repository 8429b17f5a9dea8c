"""The Chinese catalogue is complete and its compiled form is the one committed.

These checks need GNU gettext (xgettext, msgmerge, msgattrib, msgfmt). A developer
without it is told to install it; CI (CI=true) installs it and fails without it.
"""

import gettext
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = Path("locale") / "zh_Hans" / "LC_MESSAGES"
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt")


@pytest.fixture
def gettext_tools():
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        message = (
            f"GNU gettext is missing ({', '.join(missing)}): apt-get install gettext"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def makemessages_args() -> list[str]:
    """The arguments `make messages` passes, read from the Makefile itself."""
    makefile = (BASE_DIR / "Makefile").read_text()
    match = re.search(r"^MAKEMESSAGES_ARGS := (.+)$", makefile, re.MULTILINE)
    assert match, "Makefile lost its MAKEMESSAGES_ARGS line"
    return shlex.split(match.group(1))


def msgids(po_text: str) -> list[str]:
    return re.findall(r'^msgid "(.+)"$', po_text, re.MULTILINE)


# The interface (django) and the admin's scripts (djangojs: the editor's toolbar).
DOMAINS = pytest.mark.parametrize("domain", ["django", "djangojs"])


@DOMAINS
def test_makemessages_would_add_no_untranslated_or_fuzzy_entry(
    gettext_tools, tmp_path, settings, monkeypatch, domain
):
    copy = tmp_path / "site"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".*", "var", "staticfiles", "__pycache__"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)

    call_command("makemessages", "-d", domain, *makemessages_args(), verbosity=0)

    po = copy / CATALOGUE / f"{domain}.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert msgids(untranslated) == [], "translate these in locale/, then make messages"
    assert msgids(fuzzy) == [], "check these fuzzy translations, then make messages"


@DOMAINS
def test_the_committed_mo_file_is_compiled_from_the_committed_po(
    gettext_tools, tmp_path, domain
):
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(
        [
            "msgfmt",
            "--check",
            "-o",
            str(compiled),
            str(BASE_DIR / CATALOGUE / f"{domain}.po"),
        ],
        check=True,
    )

    with (
        compiled.open("rb") as fresh,
        (BASE_DIR / CATALOGUE / f"{domain}.mo").open("rb") as committed,
    ):
        expected = gettext.GNUTranslations(fresh)._catalog
        actual = gettext.GNUTranslations(committed)._catalog
    assert actual == expected, f"run `make messages` and commit {domain}.mo"
