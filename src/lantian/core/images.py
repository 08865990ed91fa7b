"""Photos from the public, made safe to keep and to show: checked by content, decoded with
a pixel limit, turned upright and re-encoded without any metadata.

A phone photo carries where it was taken (the EXIF GPS block), when, on which device, and
often a thumbnail of the uncropped picture; a PNG may carry text chunks, a WebP an XMP
packet. :func:`clean_photo` keeps none of it: the pixels are copied into a new image
(after the EXIF orientation is applied, so the photo stays upright) and that image is
encoded again, in the format it came in. A colour profile is applied (the pixels are
converted to sRGB) rather than kept, so no ICC block travels either.

What is refused, with a message naming the file: a file whose content is not JPEG, PNG
or WebP whatever its name (:mod:`lantian.core.uploads`, which also refuses polyglots),
one larger than ``max_bytes``, one with more than ``max_pixels`` pixels (a decompression
bomb: a few KB that decode to gigabytes), and one Pillow cannot decode.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lantian.core import uploads

ACCEPT = ("jpg", "jpeg", "png", "webp")
# Pillow's own limit (about 89 million pixels, a 10 000 × 9 000 photo)
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
JPEG_QUALITY = 88
WEBP_QUALITY = 85

# content type -> (Pillow format, extension written)
FORMATS = {
    uploads.JPEG: ("JPEG", "jpg"),
    uploads.PNG: ("PNG", "png"),
    uploads.WEBP: ("WEBP", "webp"),
}


@dataclass(frozen=True)
class CleanedPhoto:
    content: bytes
    content_type: str
    width: int
    height: int
    extension: str  # without the dot: "jpg", "png", "webp"


def _name(filename: str) -> str:
    return PurePosixPath((filename or "").replace("\\", "/")).name or _("(unnamed file)")


def _too_many_pixels(name: str, limit: int) -> ValidationError:
    return ValidationError(
        _("“%(name)s” was refused: the image has more than %(limit)s pixels.")
        % {"name": name, "limit": f"{limit:,}"},
        code="too_many_pixels",
    )


def _damaged(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” was refused: the image is damaged or cannot be read.") % {"name": name},
        code="damaged",
    )


def _complete(fmt: str, content: bytes) -> bool:
    """Whether the file holds its whole image. Pillow cannot be asked: WeasyPrint sets
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process when imported, after which
    a cut-off upload decodes silently with its missing part grey."""
    if fmt == "PNG":
        return _png_complete(content)
    if fmt == "JPEG":
        return _jpeg_complete(content)
    # WebP: a RIFF file says its own length
    return len(content) >= 8 + int.from_bytes(content[4:8], "little")


def _png_complete(content: bytes) -> bool:
    position = 8  # after the signature: length, type, data, CRC … up to IEND
    while position + 8 <= len(content):
        length = int.from_bytes(content[position : position + 4], "big")
        kind = content[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position <= len(content)
    return False


def _jpeg_complete(content: bytes) -> bool:
    position = 2  # after SOI: marker segments (an EXIF thumbnail is inside one) to SOS
    while position + 4 <= len(content):
        if content[position] != 0xFF:
            return False
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the entropy-coded data ends at EOI
            return b"\xff\xd9" in content[position:]
        position += 2 + int.from_bytes(content[position + 2 : position + 4], "big")
    return False


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert pixels described by an embedded colour profile to sRGB (a Display P3 or
    Adobe RGB photo would look dull once its profile is dropped). Best effort: a profile
    LittleCMS cannot read is ignored, and grey images keep their grey pixels."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, target, outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image


def _plain_mode(image: Image.Image, fmt: str) -> Image.Image:
    """A mode the output format writes without a palette or other side data."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if fmt == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if fmt == "PNG" and image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    if fmt == "WEBP" and image.mode in ("RGB", "RGBA"):
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def clean_photo(
    filename: str,
    content: bytes,
    *,
    max_bytes: int | None = None,
    max_pixels: int = MAX_PIXELS,
) -> CleanedPhoto:
    """The photo ``content`` called ``filename``, upright and without metadata, or a
    ValidationError naming the file. The original bytes are not changed (callers keep
    them as evidence, in private storage)."""
    name = _name(filename)
    checked = uploads.check_file(filename, content, accept=ACCEPT, max_bytes=max_bytes)
    fmt, extension = FORMATS[checked.content_type]
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, above its own global limit: both are refusals
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content), formats=[fmt])
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(name, max_pixels)
            image.seek(0)  # an animated PNG or WebP: its first frame
            image.load()
        if not _complete(fmt, content):
            raise _damaged(name)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name, min(max_pixels, MAX_PIXELS)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _damaged(name) from None

    icc = image.info.get("icc_profile")
    try:
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        upright = image  # an unreadable EXIF block: no orientation to apply
    upright = _plain_mode(_to_srgb(upright, icc), fmt)
    # a new image holds only the pixels: no info, no EXIF, no text chunks, no profile
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())

    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif fmt == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return CleanedPhoto(
        content=out.getvalue(),
        content_type=checked.content_type,
        width=clean.width,
        height=clean.height,
        extension=extension,
    )
