"""The identifying code as a picture and as speech.

The speech (`speak`) is new at every listen; the picture is drawn as follows.

The picture is drawn here rather than by django-simple-captcha, whose noise
arcs and dots sit at the same place in every image, so a filter learnt from one
image cleans them all. Here everything random is drawn anew for each code:
each character's size, turn, slant and height, characters that touch, lines in
the text's own colour crossing it, and a wave through the whole image. Machines
read that badly (bench/captcha_ocr.py); people read the bold sans-serif letters,
from an alphabet without look-alikes (contact/identifying_code.py).

The randomness comes from the code's key and SECRET_KEY: the same code always
gives the same picture (loading it again teaches nothing new), and no one
without the secret can predict it.
"""

import array
import hashlib
import hmac
import io
import math
import random
import shutil
import subprocess
import sys
import wave
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-Bold.ttf"
SIZE = (132, 48)
# Dark ink on a light ground: about 12:1 contrast whatever the noise.
INK = (19, 41, 75)
GROUND = (247, 248, 250)


def _random_for(key: str) -> random.Random:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"code-image:{key}".encode(), hashlib.sha256
    ).digest()
    return random.Random(digest)


def _glyph(char: str, rng: random.Random) -> Image.Image:
    """One character as a mask, in a random size, turn and slant."""
    font = ImageFont.truetype(str(FONT), rng.randint(26, 31))
    left, top, right, bottom = font.getbbox(char)
    glyph = Image.new("L", (right - left + 12, bottom - top + 12), 0)
    ImageDraw.Draw(glyph).text((6 - left, 6 - top), char, font=font, fill=255)
    shear = rng.uniform(-0.35, 0.35)
    width, height = glyph.size
    glyph = glyph.transform(
        (width + int(abs(shear) * height), height),
        Image.Transform.AFFINE,
        (1, shear, -abs(shear) * height if shear > 0 else 0, 0, 1, 0),
        resample=Image.Resampling.BICUBIC,
    )
    glyph = glyph.rotate(
        rng.uniform(-24, 24), resample=Image.Resampling.BICUBIC, expand=True
    )
    return glyph.crop(glyph.getbbox())


def _wave(image: Image.Image, rng: random.Random) -> Image.Image:
    """Bend the whole image along a random sine wave, up and down."""
    width, height = image.size
    amplitude = rng.uniform(2.0, 3.5)
    period = rng.uniform(28, 48)
    phase = rng.uniform(0, 2 * math.pi)
    step = 4
    mesh = []
    for x in range(0, width, step):
        shift_left = amplitude * math.sin(x / period * 2 * math.pi + phase)
        right = x + step
        shift_right = amplitude * math.sin(right / period * 2 * math.pi + phase)
        mesh.append(
            (
                (x, 0, right, height),
                (
                    x,
                    shift_left,
                    x,
                    height + shift_left,
                    right,
                    height + shift_right,
                    right,
                    shift_right,
                ),
            )
        )
    return image.transform(
        image.size, Image.Transform.MESH, mesh, resample=Image.Resampling.BICUBIC
    )


def _tiles(spans: list[tuple[int, int]], rng: random.Random) -> Image.Image:
    """Dark tiles behind one or two of the characters, with uneven edges."""
    width, height = SIZE
    tiles = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(tiles)
    chosen = rng.sample(range(len(spans)), k=rng.randint(1, 2))
    for index in chosen:
        left, right = spans[index]
        top, bottom = rng.uniform(0, 6), height - rng.uniform(0, 6)
        draw.polygon(
            [
                (left - rng.uniform(1, 5), top + rng.uniform(-2, 2)),
                (right + rng.uniform(1, 5), top + rng.uniform(-2, 2)),
                (right + rng.uniform(1, 5), bottom + rng.uniform(-2, 2)),
                (left - rng.uniform(1, 5), bottom + rng.uniform(-2, 2)),
            ],
            fill=255,
        )
    return tiles


def draw_image(text: str, key: str) -> bytes:
    """The code `text` as a PNG, the same for the same key."""
    rng = _random_for(key)
    width, height = SIZE
    mask = Image.new("L", SIZE, 0)
    glyphs = [_glyph(char, rng) for char in text]
    # Characters touch or overlap a little, so they cannot be cut apart by the
    # columns of blank pixels between them.
    overlap = [rng.randint(0, 3) for _ in glyphs]
    total = sum(glyph.width for glyph in glyphs) - sum(overlap[1:])
    x = max(2, (width - total) // 2 + rng.randint(-4, 4))
    spans = []
    for glyph, back in zip(glyphs, overlap, strict=True):
        if x > 2:
            x -= back
        spans.append((x, x + glyph.width))
        middle = (height - glyph.height) // 2
        y = max(0, min(height - glyph.height, middle + rng.randint(-5, 5)))
        mask.paste(255, (x, y), glyph)
        x += glyph.width
    draw = ImageDraw.Draw(mask)
    # Lines in the text's own colour that cross it: a filter that removes them
    # removes strokes of the characters too.
    for _ in range(2):
        points = []
        start_y = rng.uniform(height * 0.25, height * 0.75)
        slope = rng.uniform(-0.25, 0.25)
        bend, period = rng.uniform(3, 8), rng.uniform(40, 90)
        phase = rng.uniform(0, 2 * math.pi)
        for px in range(0, width + 1, 3):
            py = (
                start_y
                + slope * px
                + bend * math.sin(px / period * 2 * math.pi + phase)
            )
            points.append((px, py))
        draw.line(points, fill=255, width=rng.choice((1, 2)))
    # Specks and short strokes the size of a character's parts.
    for _ in range(rng.randint(25, 40)):
        px, py = rng.uniform(0, width), rng.uniform(0, height)
        draw.line(
            (px, py, px + rng.uniform(-4, 4), py + rng.uniform(-4, 4)),
            fill=255,
            width=1,
        )
    mask = _wave(mask, rng).filter(ImageFilter.SMOOTH)
    # Ink and ground swap places on a tile behind one or two characters: light
    # letters on dark there, dark on light elsewhere. People read both; OCR
    # expects one polarity and reads a tile as a blot.
    mask = ImageChops.difference(mask, _tiles(spans, rng))
    image = Image.composite(
        Image.new("RGB", SIZE, INK), Image.new("RGB", SIZE, GROUND), mask
    )
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


# espeak-ng speaks both languages. Its Mandarin voice knows the letter names
# and the digits but reads most Chinese words wrongly, so only the code is said,
# each character by its name, twice, with a pause between.
VOICES = {"en": "en-us", "zh": "cmn"}
# Each listen is drawn anew: a voice variant, speed, pitch, gaps, loudness,
# silence before and after, and a hiss under it all, from the system's random
# source. No two listens of one code are the same file, so a table of every
# code's recording (hashed or measured) finds nothing.
VARIANTS = ("", "+m1", "+m3", "+m7", "+f1", "+f2", "+f4")
_random = random.SystemRandom()


def spoken_text(text: str) -> str:
    said = ", ".join(text.upper())
    return f"{said}. {said}."


def voice_for(language: str | None) -> str:
    return VOICES["zh" if (language or "").startswith("zh") else "en"]


def espeak_arguments(language: str | None) -> list[str]:
    """espeak-ng's options for one listen: a random voice, speed and pitch."""
    return [
        "-v",
        voice_for(language) + _random.choice(VARIANTS),
        "-s",
        str(_random.randint(115, 150)),
        "-p",
        str(_random.randint(25, 75)),
        "-a",
        str(_random.randint(90, 140)),
        "-g",
        str(_random.randint(8, 18)),
    ]


def _disguised(wav: bytes) -> bytes:
    """The recording with random silence around it, random loudness and hiss."""
    with wave.open(io.BytesIO(wav)) as recording:
        params = recording.getparams()
        samples = array.array("h", recording.readframes(params.nframes))
    if sys.byteorder == "big":
        samples.byteswap()
    gain = _random.uniform(0.7, 1.0)
    hiss = _random.randint(150, 450)
    noise = _random.randbytes(len(samples))
    spoken = array.array(
        "h",
        (
            max(-32768, min(32767, int(sample * gain) + (byte - 128) * hiss // 128))
            for sample, byte in zip(samples, noise, strict=True)
        ),
    )
    rate = params.framerate

    def silence() -> array.array:
        length = int(rate * _random.uniform(0.25, 0.9))
        return array.array(
            "h", ((byte - 128) * hiss // 128 for byte in _random.randbytes(length))
        )

    padded = silence() + spoken + silence()
    if sys.byteorder == "big":
        padded.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as result:
        result.setnchannels(1)
        result.setsampwidth(2)
        result.setframerate(rate)
        result.writeframes(padded.tobytes())
    return out.getvalue()


def speak(text: str, language: str | None = None) -> bytes | None:
    """The code spoken as a WAV file by espeak-ng, in the page's language,
    different at each call; None if espeak-ng is missing."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        return None
    spoken = subprocess.run(
        # -b 1: the text is UTF-8; --stdout: the WAV itself.
        [espeak, "-b", "1", *espeak_arguments(language), "--stdout"],
        input=spoken_text(text).encode(),
        check=True,
        capture_output=True,
        timeout=10,
    )
    return _disguised(spoken.stdout)
