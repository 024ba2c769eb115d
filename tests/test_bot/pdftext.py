"""The text a PDF carries, read back with pdfium (as a reader's copy and paste would)."""

from __future__ import annotations

import pypdfium2 as pdfium


def pdf_text(data: bytes) -> str:
    """Every page's text, pages joined by a form feed; lines as the layout broke them."""
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return "\f".join(pages)
    finally:
        document.close()
