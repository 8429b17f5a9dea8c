"""How many identifying codes off-the-shelf OCR reads exactly.

Draws --codes codes with the site's own drawing (contact/code_media.py) and runs
tesseract (the Debian package tesseract-ocr) on each, prepared as an attacker
would: a median filter against specks, 4x upscaling, a threshold, and a
whitelist of the code's alphabet, in a few variants (threshold, filter size,
page segmentation mode). For comparison it does the same with
django-simple-captcha's own image with the settings the site drew it with
before (the same codes). It prints the share read exactly per variant; nothing
is asserted.

    .venv/bin/python bench/captcha_ocr.py [--codes 200]
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from PIL import Image, ImageFilter, ImageOps

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_cms.settings")
os.environ.setdefault("DEBUG", "true")
django.setup()

from captcha import views as library_views  # noqa: E402
from captcha.conf import settings as library_settings  # noqa: E402

from contact.code_media import draw_image  # noqa: E402
from contact.identifying_code import ALPHABET, challenge  # noqa: E402

# (name, median filter size, threshold, tesseract page segmentation mode)
VARIANTS = [
    ("median 3, threshold 140, one line", 3, 140, 7),
    ("median 3, threshold 100, one line", 3, 100, 7),
    ("median 5, threshold 140, one word", 5, 140, 8),
    ("no filter, threshold 128, one line", 0, 128, 7),
]


def report(line: str) -> None:
    sys.stdout.write(line + "\n")


def prepared(png: bytes, median: int, threshold: int) -> Image.Image:
    image = ImageOps.grayscale(Image.open(io.BytesIO(png)))
    if median:
        image = image.filter(ImageFilter.MedianFilter(median))
    image = image.resize((image.width * 4, image.height * 4), Image.Resampling.LANCZOS)
    return image.point(lambda value: 255 if value > threshold else 0)


def read(image: Image.Image, psm: int, folder: Path) -> str:
    path = folder / "code.png"
    image.save(path)
    result = subprocess.run(
        [
            "tesseract",
            str(path),
            "stdout",
            "--psm",
            str(psm),
            "-c",
            f"tessedit_char_whitelist={ALPHABET}",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return "".join(result.stdout.split()).upper()


class LibraryCode:
    """What django-simple-captcha's drawing reads from a stored code."""

    def __init__(self, text: str):
        self.challenge = text


# The settings the site drew its codes with before contact/code_media.py.
LIBRARY_SETTINGS = {
    "CAPTCHA_IMAGE_SIZE": (132, 48),
    "CAPTCHA_FONT_SIZE": 28,
    "CAPTCHA_LETTER_ROTATION": (-20, 20),
    "CAPTCHA_FOREGROUND_COLOR": "#13294b",
    "CAPTCHA_BACKGROUND_COLOR": "#f7f8fa",
}


def library_image(text: str, key: str) -> bytes:
    for name, value in LIBRARY_SETTINGS.items():
        setattr(library_settings, name, value)
    library_views.random.seed(key)
    try:
        return library_views._captcha_image(LibraryCode(text), 1).content
    finally:
        library_views.random.seed()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("tesseract") is None:
        raise SystemExit("tesseract is not installed (Debian: tesseract-ocr).")
    codes = [challenge()[0] for _ in range(args.codes)]
    drawings = {
        "site (contact/code_media.py)": draw_image,
        "django-simple-captcha (before)": library_image,
    }
    report(f"{args.codes} codes, read exactly by tesseract:")
    with tempfile.TemporaryDirectory() as folder:
        for drawing, draw in drawings.items():
            images = [
                draw(code, f"bench-{number}") for number, code in enumerate(codes)
            ]
            for name, median, threshold, psm in VARIANTS:
                exact = sum(
                    read(prepared(png, median, threshold), psm, Path(folder)) == code
                    for png, code in zip(images, codes, strict=True)
                )
                report(
                    f"  {drawing:32} {name:36} {exact:4}/{args.codes}"
                    f"  ({exact / args.codes:.1%})"
                )


if __name__ == "__main__":
    main()
