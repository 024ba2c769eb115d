"""Photos as Telegram keeps them: the original plus smaller copies, as a `PhotoSize` array.

Telegram recompresses every photo into a few sizes named by their longest side (90, 320,
800, 1280 px; never larger than the photo) and sends `message.photo` smallest first. The
emulator draws the smaller copies with Pillow (JPEG, as Telegram does) and keeps the
original bytes as the largest size, so a test can compare what it sent with what arrives.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image

from bot.emulator.state import StoredFile, WorldState
from bot.emulator.types import PhotoSize

#: The longest side, px, of each smaller copy Telegram makes (its "s", "m", "x", "y" sizes).
SCALED_SIDES = (90, 320, 800, 1280)
#: Telegram refuses a photo whose width and height add up to more than this.
MAX_SIDES_SUM = 10_000
#: Telegram refuses a photo more than this many times longer than it is wide (or the reverse).
MAX_RATIO = 20
#: Pillow refuses to open anything over this many pixels (a decompression bomb).
MAX_PIXELS = 50_000_000


class NotAnImage(ValueError):
    """The bytes are not an image Telegram could process (its `IMAGE_PROCESS_FAILED`)."""


class BadDimensions(ValueError):
    """The image is too large or too narrow for a photo (its `PHOTO_INVALID_DIMENSIONS`)."""


def open_image(data: bytes) -> Image.Image:
    """The decoded image, fully read; `NotAnImage` for anything Pillow cannot decode."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise NotAnImage("too many pixels")
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:  # fmt: skip
        if isinstance(error, NotAnImage):
            raise
        raise NotAnImage(str(error)) from error
    return image


def check_dimensions(width: int, height: int) -> None:
    """Refuse what Telegram refuses as a photo: sides summing over 10 000, a ratio over 20."""
    if width + height > MAX_SIDES_SUM or max(width, height) > MAX_RATIO * min(width, height):
        raise BadDimensions(f"{width}x{height}")


def _scaled(image: Image.Image, side: int) -> tuple[bytes, int, int]:
    """A JPEG copy whose longest side is `side` px."""
    copy = image.convert("RGB")
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=87)
    return out.getvalue(), copy.width, copy.height


def photo_sizes(world: WorldState, data: bytes) -> list[PhotoSize]:
    """Store a new photo's sizes and describe them, smallest first; the original is the last.

    Raises `NotAnImage` or `BadDimensions` as Telegram refuses such photos. Each size's
    file_id then names the whole set (`WorldState.photo_sets`): a photo sent again by the
    file_id of any of its sizes arrives with the same sizes, as on Telegram.
    """
    image = open_image(data)
    width, height = image.size
    check_dimensions(width, height)
    sizes: list[PhotoSize] = []
    for side in SCALED_SIDES:
        if side >= max(width, height):
            break
        jpeg, w, h = _scaled(image, side)
        sizes.append(_size(world.store_file(jpeg, "photo.jpg", "image/jpeg"), w, h))
    kind = (image.format or "jpeg").lower()
    original = world.store_file(data, f"photo.{kind}", Image.MIME.get(image.format or ""))
    sizes.append(_size(original, width, height))
    for size in sizes:
        world.photo_sets[size.file_id] = sizes
    return sizes


def _size(stored: StoredFile, width: int, height: int) -> PhotoSize:
    return PhotoSize(
        file_id=stored.file_id,
        file_unique_id=stored.file_unique_id,
        width=width,
        height=height,
        file_size=len(stored.data),
    )
