"""Image files built in memory for the upload tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_upload(size=(1600, 1200), name="photo.jpg", exif=True, icc=True):
    image = Image.new("RGB", size, (200, 80, 40))
    kwargs = {}
    if exif:
        exif_data = Image.Exif()
        exif_data[0x010F] = "CameraMaker"  # Make
        exif_data[0x0131] = "Secret software"  # Software
        kwargs["exif"] = exif_data.tobytes()
    if icc:
        kwargs["icc_profile"] = b"\0" * 128
    output = io.BytesIO()
    image.save(output, format="JPEG", **kwargs)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def png_bytes(size=(10, 10), mode="RGB"):
    output = io.BytesIO()
    Image.new(mode, size).save(output, format="PNG")
    return output.getvalue()


def png_upload(size=(10, 10), mode="RGBA", name="logo.png"):
    return SimpleUploadedFile(name, png_bytes(size, mode), content_type="image/png")


def decompression_bomb_upload(width=30_000, height=30_000):
    """A tiny PNG whose header claims a huge size: Pillow warns or refuses on open."""
    data = bytearray(png_bytes((1, 1), "L"))
    # IHDR starts at byte 8: length (4), type (4), then width and height.
    ihdr_start = 8 + 8
    data[ihdr_start : ihdr_start + 8] = struct.pack(">II", width, height)
    chunk = bytes(data[12 : ihdr_start + 13])  # type + 13-byte payload
    data[ihdr_start + 13 : ihdr_start + 17] = struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    return SimpleUploadedFile("bomb.png", bytes(data), content_type="image/png")
