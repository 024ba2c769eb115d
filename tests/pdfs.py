"""PDFs made in the tests: drawings with a coloured page each (reportlab) and hostile ones by hand.

Each page of `coloured_pdf` is filled with one colour, so a preview shows which page it is.
The hostile ones are written byte by byte, since no well-behaved library writes them.
"""

from __future__ import annotations

import io
import zlib

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

RGB = tuple[int, int, int]
RED: RGB = (255, 0, 0)
BLUE: RGB = (0, 0, 255)
GREEN: RGB = (0, 160, 0)


def coloured_pdf(*colours: RGB, title: str = "drawing") -> bytes:
    """A PDF with one A4 page per colour, each filled with it and labelled with its number."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    pdf.setTitle(title)
    for number, (r, g, b) in enumerate(colours or (RED,), start=1):
        pdf.setFillColorRGB(r / 255, g / 255, b / 255)
        pdf.rect(0, 0, A4[0], A4[1], fill=1, stroke=0)
        pdf.setFillColorRGB(1, 1, 1)
        pdf.drawString(40, 40, f"{title} page {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these object bodies (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def huge_page_pdf() -> bytes:
    """One page a billion points on each side (pdfium clamps nothing by itself)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1000000000 1000000000] >>",
        ]
    )


def lying_page_count_pdf() -> bytes:
    """A page tree that claims two billion pages and holds one."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def many_pages_pdf(pages: int) -> bytes:
    """A page tree that really holds `pages` empty pages (every one a Kid of the root)."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            *([page] * pages),
        ]
    )


def self_referencing_pdf() -> bytes:
    """A page tree whose only kid is the tree itself (a loop a naive reader never leaves)."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ]
    )


def slow_page_pdf(fills: int = 3_000_000) -> bytes:
    """One page whose small compressed content fills the page `fills` times: seconds of drawing."""
    content = zlib.compress(b"0 0 595 842 re f\n" * fills, 9)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
            % (len(content), content),
        ]
    )


def padded_pdf(size: int, colour: RGB = RED) -> bytes:
    """A one-page PDF filled with `colour`, grown to about `size` bytes by an unused stream."""
    r, g, b = (f"{c / 255:.3f}".encode() for c in colour)
    content = b"%s %s %s rg 0 0 595 842 re f" % (r, g, b)
    padding = bytes(size)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(padding), padding),
        ]
    )
