"""sendMediaGroup: an album of photos (or of documents), one message per item.

Each message carries the album's `media_group_id` and its own caption, as on Telegram;
the call answers with the messages in order. Albums of photos and documents cannot mix.
"""

from __future__ import annotations

from bot.emulator.errors import bad_request
from bot.emulator.messaging import InputMedia, media_of, send_outgoing
from bot.emulator.params import CallContext, MethodTable, Outgoing, api_method
from bot.emulator.text import parse_text
from bot.emulator.types import Message

METHODS: MethodTable = {}
#: Telegram's album size limit.
MAX_ALBUM = 10
ALBUM_TYPES = frozenset({"photo", "document"})


class SendMediaGroup(Outgoing, kw_only=True):
    """sendMediaGroup parameters (it takes no reply_markup: albums have no buttons)."""

    media: list[InputMedia]


@api_method(METHODS, "sendMediaGroup", SendMediaGroup)
async def send_media_group(ctx: CallContext, p: SendMediaGroup) -> list[Message]:
    """Post an album: every item is checked first, so a refused album posts nothing."""
    if not p.media:
        raise bad_request("media must be non-empty")
    if len(p.media) > MAX_ALBUM:
        raise bad_request("too much messages to send as an album")
    kinds = {item.type for item in p.media}
    if not kinds <= ALBUM_TYPES:
        raise bad_request(
            f"the emulator cannot send a {sorted(kinds - ALBUM_TYPES)[0]} in an album"
        )
    if len(kinds) > 1:
        raise bad_request("documents can't be mixed with other media types")
    items = []
    for item in p.media:
        caption, entities = parse_text(
            item.caption, item.parse_mode, item.caption_entities, caption=True
        )
        items.append((caption, entities, media_of(ctx, item.type, item.media)))
    # Unique per album: the world's version grows with every change.
    group = str(13_000_000_000_000_000 + ctx.world.version)
    plain = Outgoing(
        chat_id=p.chat_id,
        reply_parameters=p.reply_parameters,
        reply_to_message_id=p.reply_to_message_id,
    )
    return [
        await send_outgoing(
            ctx, plain, caption=caption, caption_entities=entities, media_group_id=group, **media
        )
        for caption, entities, media in items
    ]
