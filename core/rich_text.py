"""The rich text editors write (releases, pages): what the editor offers, what is kept.

One extension list drives both the editor's buttons and the nh3 allow-list, so
what an editor can make is exactly what survives a save. On top of that list,
images may only come from our own media (uploaded through "Images for rich
text", checked and resized there), and each image must be described.
"""

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField

from .i18n import fill_slug, localized_fieldnames, require_one_language
from .models import TEXT_IMAGES, RichTextImage

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # The image button uploads the chosen file there (static/js/figure_upload.js).
    "Figure": {"uploadUrl": reverse_lazy("admin:core_richtextimage_upload")},
    "Caption": True,
    "Image": True,
    "History": True,
}


def media_prefix() -> str:
    """Where our uploads are served from (MEDIA_URL, or the bucket's address)."""
    return default_storage.url("")


def uploaded_text_image(address: str) -> bool:
    """Whether an address is that of an image uploaded under "Images for rich
    text" (its rendition, as the upload's page shows it).

    Nothing else: no tracking pixel, no hot-linked picture, and no other address
    of the site either (an address under the media prefix that a browser
    resolves elsewhere, such as `/media/%2e%2e/contact/code/`, would have every
    reader's browser ask for it). So the address is decoded and normalised as a
    browser would, refused when that changes it, and looked up.
    """
    prefix = media_prefix()
    if not address.startswith(prefix):
        return False
    path = address[len(prefix) :]
    if any(mark in path for mark in "?#\\") or UNSAFE_ESCAPE.search(path):
        return False
    decoded = unquote(path)
    normalised = posixpath.normpath(decoded)
    if (
        normalised != decoded
        or normalised.startswith(("/", "."))
        or ".." in normalised.split("/")
        or any(ord(character) < 0x20 for character in normalised)
    ):
        return False
    # A rendition lives under a folder named after its upload's file name.
    stem = posixpath.basename(posixpath.dirname(normalised))
    if not stem:
        return False
    uploads = RichTextImage.objects.filter(image__startswith=f"{TEXT_IMAGES}/{stem}.")
    return any(upload.rendition.name == normalised for upload in uploads)


# Percent-escapes a browser would read as a separator or a dot.
UNSAFE_ESCAPE = re.compile(r"%(2[eEfF]|5[cC]|25|00)")


def _keep_only_our_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not uploaded_text_image(value):
        return None
    return value


def sanitize_body(html: str) -> str:
    """The body with everything the editor cannot make removed, images ours only."""
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
    cleaned = nh3.Cleaner(**allowlist, attribute_filter=_keep_only_our_images).clean(
        html
    )
    # ProseMirror always leaves one empty paragraph; an empty body is "".
    return "" if cleaned in ("<p></p>", "") else cleaned


def body_field(verbose_name, **options) -> ProseEditorField:
    """A rich-text body field, with the shared extensions and sanitiser."""
    return ProseEditorField(
        verbose_name,
        **options,
        config={"extensions": BODY_EXTENSIONS},
        sanitize=sanitize_body,
        help_text=_(
            "To show an image, use the editor's image button: choose the file, "
            "describe it and add a caption if you like."
        ),
    )


def sanitize_translated(instance, field_name: str) -> None:
    """Sanitise each language's column of a rich-text field before saving.

    The admin sanitises through full_clean(); this also covers imports, the shell
    and loaders. Each column is cleaned on its own: assigning the field itself
    would write the English fallback into the active language's column.
    """
    for name in localized_fieldnames(field_name):
        if value := getattr(instance, name):
            setattr(instance, name, sanitize_body(value))


class _ImageFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def body_errors(instance, field_name: str) -> dict[str, ValidationError]:
    """Per column of a rich-text field: an error if an image lacks its description
    or does not come from our media (the sanitiser would drop its address)."""
    errors = {}
    for name in localized_fieldnames(field_name):
        finder = _ImageFinder()
        finder.feed(getattr(instance, name) or "")
        for image in finder.images:
            if not (image.get("alt") or "").strip():
                errors[name] = ValidationError(
                    _(
                        "Describe every image in the text (its “Alternative Text”) "
                        "for readers who cannot see it."
                    ),
                    code="image_without_alt",
                )
                break
            if _keep_only_our_images("img", "src", image.get("src") or "") is None:
                errors[name] = ValidationError(
                    _(
                        "Images in the text must be uploaded under “Images for rich "
                        "text” first; paste the address shown there."
                    ),
                    code="image_not_ours",
                )
                break
    return errors


def written_text_errors(instance, title: str = "title", body: str = "body") -> dict:
    """The errors of a titled rich text written in English, Chinese or both (one
    language at least; every image described), by field. Fills an empty slug from
    the title first, so the editor sees the address it gets. Call it from clean()."""
    errors: dict[str, list] = {}
    try:
        require_one_language(instance, title, body)
    except ValidationError as missing:
        errors = missing.message_dict
    for name, error in body_errors(instance, body).items():
        errors.setdefault(name, []).append(error)
    fill_slug(instance, *localized_fieldnames(title))
    return errors
