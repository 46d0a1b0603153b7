"""Draw suite/static/favicon.ico (issue 14, item 6): a white speech mark on the header's blue, at 16
and 32 px. Run once after changing the drawing: ``.venv/bin/python scripts/make_favicon.py``."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (11, 79, 156, 255)  # header.top in suite/static/suite.css
WHITE = (255, 255, 255, 255)
TARGET = Path(__file__).resolve().parent.parent / "suite" / "static" / "favicon.ico"


def draw(size: int) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = size / 32
    pen.rounded_rectangle([0, 0, size - 1, size - 1], radius=max(2, size // 6), fill=BLUE)
    pen.rounded_rectangle([6 * unit, 7 * unit, 26 * unit, 21 * unit], radius=3 * unit, fill=WHITE)
    pen.polygon([(10 * unit, 20 * unit), (10 * unit, 27 * unit), (16 * unit, 20 * unit)], fill=WHITE)
    return image


if __name__ == "__main__":
    draw(64).save(TARGET, sizes=[(16, 16), (32, 32)])
    print(f"wrote {TARGET}")
