"""Photos cleaned of their metadata (lantian.core.images): location, device, text chunks and
colour profiles gone, orientation applied, the refusals naming the file."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageFile
from PIL.PngImagePlugin import PngInfo

from lantian.core import images, uploads

from .sample_files import image_bytes, zip_bytes

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "DemoPhone"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {
        1: "N",  # GPSLatitudeRef
        2: (39.0, 54.0, 27.0),  # GPSLatitude
        3: "E",
        4: (116.0, 23.0, 29.0),
    }
    return exif


def photo(
    fmt: str = "JPEG", size: tuple[int, int] = (40, 20), mode: str = "RGB", **save: object
) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 0)
    # the left quarter green, so a rotation shows where it went
    image.paste((30, 200, 30) if mode == "RGB" else 255, (0, 0, size[0] // 4, size[1]))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def refused(name: str, content: bytes, **kwargs: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        images.clean_photo(name, content, **kwargs)
    assert name in caught.value.messages[0]  # the message names the file
    return caught.value


def test_jpeg_loses_gps_exif_comment_and_profile() -> None:
    original = photo(
        exif=exif_with_gps(),
        comment=b"taken at No. 18 Jianshe Road",
        icc_profile=srgb_profile(),
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret</x:xmpmeta>",
    )
    # the sample really carries what must go
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)[1] == "N"
        assert before.info.get("comment") and before.info.get("icc_profile")
    assert b"Exif\x00\x00" in original and b"xmpmeta" in original

    cleaned = images.clean_photo("现场.jpg", original)

    assert cleaned.content_type == uploads.JPEG and cleaned.extension == "jpg"
    assert (cleaned.width, cleaned.height) == (40, 20)
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.format == "JPEG"
        assert dict(after.getexif()) == {}
        assert not after.getexif().get_ifd(GPS_IFD)
        for key in ("exif", "comment", "icc_profile", "xmp", "XML:com.adobe.xmp"):
            assert key not in after.info
    raw = cleaned.content
    assert b"Exif" not in raw and b"DemoPhone" not in raw
    assert b"Jianshe" not in raw and b"xmpmeta" not in raw and b"ICC_PROFILE" not in raw
    assert b"\xff\xe1" not in raw  # no APP1 segment at all (EXIF and XMP live there)


def test_exif_orientation_is_applied_before_the_exif_goes() -> None:
    # orientation 6: the camera was held turned; viewers rotate 90° clockwise
    cleaned = images.clean_photo("IMG_0001.JPG", photo(exif=exif_with_gps(orientation=6)))
    assert (cleaned.width, cleaned.height) == (20, 40)
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.size == (20, 40)
        assert ORIENTATION not in after.getexif()
        # the green left edge is now the top edge
        top_red, top_green, _ = after.convert("RGB").getpixel((10, 2))
        bottom_red, bottom_green, _ = after.convert("RGB").getpixel((10, 37))
    assert top_green > 150 > top_red
    assert bottom_red > 150 > bottom_green


def test_png_loses_text_chunks_and_exif() -> None:
    info = PngInfo()
    info.add_text("Comment", "Mr Zhang 13800138000")
    info.add_itxt("Location", "示范市东城区建设路18号")
    original = photo("PNG", pnginfo=info, exif=exif_with_gps())
    assert b"tEXt" in original and b"iTXt" in original and b"eXIf" in original

    cleaned = images.clean_photo("截图.png", original)

    assert cleaned.content_type == uploads.PNG and cleaned.extension == "png"
    raw = cleaned.content
    assert b"tEXt" not in raw and b"iTXt" not in raw and b"zTXt" not in raw
    assert b"eXIf" not in raw and b"iCCP" not in raw
    with Image.open(io.BytesIO(raw)) as after:
        assert dict(after.getexif()) == {}
        assert "Comment" not in after.info and "Location" not in after.info
    assert b"13800138000" not in raw


def test_png_keeps_transparency_and_a_palette_becomes_plain_colour() -> None:
    rgba = Image.new("RGBA", (6, 6), (0, 0, 0, 0))
    out = io.BytesIO()
    rgba.save(out, "PNG")
    cleaned = images.clean_photo("a.png", out.getvalue())
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.mode == "RGBA" and after.getpixel((0, 0))[3] == 0

    with Image.open(io.BytesIO(photo("PNG"))) as image:
        out = io.BytesIO()
        image.convert("P").save(out, "PNG")
    cleaned = images.clean_photo("p.png", out.getvalue())
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.mode == "RGB" and b"PLTE" not in cleaned.content


def test_webp_loses_exif_and_xmp() -> None:
    original = photo("WEBP", exif=exif_with_gps(), xmp=b"<x:xmpmeta>secret</x:xmpmeta>")
    assert b"EXIF" in original and b"XMP " in original

    cleaned = images.clean_photo("photo.webp", original)

    assert cleaned.content_type == uploads.WEBP and cleaned.extension == "webp"
    assert b"EXIF" not in cleaned.content and b"XMP " not in cleaned.content
    assert b"Exif" not in cleaned.content and b"xmpmeta" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.format == "WEBP" and dict(after.getexif()) == {}


def test_cmyk_jpeg_becomes_rgb() -> None:
    cleaned = images.clean_photo("scan.jpg", photo(mode="CMYK"))
    with Image.open(io.BytesIO(cleaned.content)) as after:
        assert after.mode == "RGB"


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("动图.gif", image_bytes("GIF"), "bad_type"),  # an image, but not one we accept
        ("伪装.jpg", "这不是图片".encode(), "bad_type"),  # text named .jpg
        ("report.jpg", photo("PNG"), "wrong_extension"),  # PNG content named .jpg
        ("空.jpg", b"", "empty"),
    ],
)
def test_other_types_and_misnamed_files_are_refused(name: str, content: bytes, code: str) -> None:
    assert refused(name, content).code == code


def test_polyglots_are_refused() -> None:
    # a JPEG with a ZIP archive appended is both
    assert refused("a.jpg", photo() + zip_bytes({"x.txt": b"x"})).code == "polyglot"
    # a page near the start: a sniffing browser could render it
    with_page = photo(comment=b"<script>alert(1)</script>")
    assert refused("b.jpg", with_page).code == "markup"


def test_an_oversized_file_is_refused() -> None:
    content = photo(size=(200, 200))
    error = refused("大图.jpg", content, max_bytes=len(content) - 1)
    assert error.code == "too_large"
    assert images.clean_photo("大图.jpg", content, max_bytes=len(content)).width == 200


def test_more_pixels_than_allowed_is_refused() -> None:
    content = photo("PNG", size=(100, 100))
    assert refused("big.png", content, max_pixels=9_999).code == "too_many_pixels"
    assert images.clean_photo("big.png", content, max_pixels=10_000).height == 100


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds almost nothing: a decompression bomb's
    header (decoding it would allocate width × height pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    # 30 000 × 30 000 = 900 million pixels in a few hundred bytes
    bomb = png_header_only(30_000, 30_000)
    assert len(bomb) < 1_000
    assert refused("bomb.png", bomb).code == "too_many_pixels"
    # just above Pillow's own limit (warning zone) is refused too
    side = int(images.MAX_PIXELS**0.5) + 10
    assert refused("bomb2.png", png_header_only(side, side)).code == "too_many_pixels"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("pillow_tolerates_truncation", [False, True])
def test_a_truncated_image_is_refused_as_damaged(
    fmt: str, pillow_tolerates_truncation: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WeasyPrint turns the tolerance on for the whole process when it is imported
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", pillow_tolerates_truncation)
    noise = Image.effect_noise((300, 300), 60).convert("RGB")  # compresses badly: long data
    out = io.BytesIO()
    noise.save(out, fmt, exif=exif_with_gps())  # the EXIF thumbnail-bearing segment first
    content = out.getvalue()
    name = f"断.{fmt.lower()}"
    assert images.clean_photo(name, content).width == 300
    for cut in (len(content) // 2, len(content) - 40):
        assert refused(name, content[:cut]).code == "damaged"


def test_data_after_the_end_of_a_jpeg_is_no_damage() -> None:
    # some cameras append a trailer after the image's end marker
    content = photo() + b"\x00" * 64
    assert images.clean_photo("trailer.jpg", content).width == 40


def test_the_original_bytes_are_not_changed() -> None:
    original = photo(exif=exif_with_gps())
    kept = bytes(original)
    images.clean_photo("x.jpg", original)
    assert original == kept
