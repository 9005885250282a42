"""Regenerate chantier.png and chantier.ico from chantier.svg (run after editing the SVG).

Usage: PYTHONPATH=. python packaging/make_icons.py   (needs Pillow: the `packaging` extra)
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "chantier_app" / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """One size drawn by Qt from the vector (sharper than scaling a big bitmap down)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "chantier.svg"))
    if not renderer.isValid():
        print("chantier.svg is not a valid SVG", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in ICO_SIZES}
    images[256].save(ICONS / "chantier.png", optimize=True)
    images[256].save(
        ICONS / "chantier.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES[:-1]],
    )
    print(f"wrote {ICONS / 'chantier.png'} and {ICONS / 'chantier.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
