"""Reading the demo content that ships in `cluster_cms/fixtures/demo/`."""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"
SEED_RELEASE_FILE = DEMO_DIR / "release-2017-12-21-zhongshan-lighting.txt"
# The site's own Chinese translation of that release, paragraph for paragraph
# (the release was published in English only).
SEED_TRANSLATION_FILE = DEMO_DIR / "release-2017-12-21-zhongshan-lighting.zh-hans.txt"

# Lines after the article on the page it was copied from: the old site's footer,
# not part of the release.
_PAGE_CHROME = re.compile(r"^(Leave a message|Identifying code:|Copyright ©)")
_RELEASE_TIME = re.compile(r"^(?:Release Time:|发布时间：)\s*(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class SeedRelease:
    title: str
    release_date: datetime.date
    paragraphs: list[str]


def read_seed_release(path: Path = SEED_RELEASE_FILE) -> SeedRelease:
    """Split the seed text into its title, Release Time and paragraphs, as written."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title, release_line, *rest = lines
    match = _RELEASE_TIME.match(release_line)
    if not match:
        raise ValueError(f"{path.name}: expected 'Release Time:' on its second line")
    paragraphs = []
    for line in rest:
        if _PAGE_CHROME.match(line):
            break
        paragraphs.append(line)
    return SeedRelease(
        title=title,
        release_date=datetime.date.fromisoformat(match.group(1)),
        paragraphs=paragraphs,
    )
