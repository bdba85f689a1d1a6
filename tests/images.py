"""Image files for upload tests, made in memory with Pillow."""

import io
import struct

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_with_gps(name="camera.jpg", size=(1200, 900)) -> SimpleUploadedFile:
    """A camera-like JPEG carrying EXIF with a GPS position and a camera model."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "KlocketCam 3000"  # camera model
    exif[GPS_IFD] = {1: "N", 2: (58.0, 35.0, 10.0), 3: "E", 4: (16.0, 9.0, 5.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name="logo.png", size=(400, 200), mode="RGBA") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new(mode, size, (10, 80, 150, 255) if mode == "RGBA" else 0).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def decompression_bomb(name="bomb.png") -> SimpleUploadedFile:
    """A small file that decodes to 100 million pixels."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG", optimize=True)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def not_an_image(name="logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<?php echo 'hello'; ?>" * 10, content_type="image/png")


def oversized(name="big.jpg", size_bytes=2 * 1024 * 1024 + 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8" + b"0" * size_bytes, content_type="image/jpeg")


def grayscale_16_bit(name="scan.png", size=(200, 100)) -> SimpleUploadedFile:
    """A scanner's 16-bit grayscale PNG (mode I;16): dark left half (5000 of 65535), light right half."""
    width, height = size
    row = b"".join(struct.pack("<H", 5000 if x < width // 2 else 60000) for x in range(width))
    out = io.BytesIO()
    Image.frombytes("I;16", size, row * height).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
