"""The enrolment QR code, drawn on the server as inline SVG (no script, nothing fetched)."""

from base64 import b32encode

import qrcode
from qrcode.image.svg import SvgPathFillImage


def qr_svg(data: str) -> str:
    """An <svg> element (white background, so it scans in the dark admin theme too)."""
    image = qrcode.make(data, image_factory=SvgPathFillImage, box_size=12, border=4)
    return image.to_string(encoding="unicode")


def secret_for_humans(bin_key: bytes) -> str:
    """The key in base32, in groups of four, for apps where one types it in."""
    secret = b32encode(bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
