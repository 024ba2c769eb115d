"""Photos in the emulator: Telegram's sizes, its refusals, albums, and photos users send."""

from __future__ import annotations

import io

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InputMediaAudio,
    InputMediaDocument,
    InputMediaLivePhoto,
    InputMediaPhoto,
    InputMediaVideo,
    Message,
)
from PIL import Image

from bot.emulator import RunningEmulator, World
from bot.emulator.photos import SCALED_SIDES
from bot.emulator.state import DriverError
from bot.emulator.types import PhotoSize, User
from tests.test_bot.conftest import polling

pytestmark = pytest.mark.anyio
Album = list[
    InputMediaAudio | InputMediaDocument | InputMediaLivePhoto | InputMediaPhoto | InputMediaVideo
]


def jpeg(width: int, height: int) -> bytes:
    """A real JPEG of this size, with some detail so it is not trivially small."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def long_sides(sizes: list[PhotoSize]) -> list[int]:
    """The longest side of each size, in the order Telegram lists them."""
    return [max(s.width, s.height) for s in sizes]


async def download(bot: Bot, file_id: str) -> bytes:
    """A file's bytes through getFile and the download path, as a bot fetches them."""
    fetched = await bot.download(file_id)
    assert fetched is not None
    return fetched.read()


async def test_a_large_photo_arrives_in_every_telegram_size_smallest_first(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    original = jpeg(2000, 1500)
    sent = await bot.send_photo(alice.id, BufferedInputFile(original, "shop.jpg"), caption="QC")
    assert sent.photo is not None and sent.caption == "QC"
    assert long_sides(world.bot_messages(alice)[0].raw.photo or []) == [90, 320, 800, 1280, 2000]
    for size in sent.photo:
        data = await download(bot, size.file_id)
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (size.width, size.height)  # each size is what it claims
        assert size.file_size == len(data)
    assert await download(bot, sent.photo[-1].file_id) == original
    assert len({s.file_unique_id for s in sent.photo}) == len(sent.photo)


async def test_a_photo_never_gets_a_size_larger_than_itself(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    sent = await bot.send_photo(alice.id, BufferedInputFile(jpeg(300, 500), "tall.jpg"))
    assert sent.photo is not None
    assert [max(s.width, s.height) for s in sent.photo] == [90, 320, 500]
    assert (sent.photo[1].width, sent.photo[1].height) == (192, 320)  # proportions kept
    assert max(SCALED_SIDES) == 1280


async def test_a_file_that_is_not_an_image_is_refused_as_telegram_does(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    for data in (b"solid cube\nendsolid\n", jpeg(40, 40)[:200]):
        with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
            await bot.send_photo(alice.id, BufferedInputFile(data, "cube.jpg"))
    assert world.bot_messages(alice) == []


async def test_a_photo_too_narrow_for_telegram_is_refused(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    with pytest.raises(TelegramBadRequest, match="PHOTO_INVALID_DIMENSIONS"):
        await bot.send_photo(alice.id, BufferedInputFile(jpeg(2100, 100), "strip.jpg"))
    accepted = await bot.send_photo(alice.id, BufferedInputFile(jpeg(2000, 100), "strip.jpg"))
    assert accepted.photo is not None


async def test_a_photo_sent_again_by_file_id_keeps_its_sizes(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    first = await bot.send_photo(alice.id, BufferedInputFile(jpeg(900, 600), "a.jpg"))
    assert first.photo is not None
    again = await bot.send_photo(alice.id, first.photo[0].file_id)
    assert again.photo == first.photo


def photo_echo() -> Dispatcher:
    """A bot that describes each photo it receives: sizes, caption, what it replies to."""
    router = Router(name="photos")

    @router.message(F.photo)
    async def describe(message: Message, bot: Bot) -> None:
        assert message.photo is not None
        largest = await download(bot, message.photo[-1].file_id)
        with Image.open(io.BytesIO(largest)) as image:
            width, height = image.size
        replied = message.reply_to_message.message_id if message.reply_to_message else None
        sides = ",".join(str(max(s.width, s.height)) for s in message.photo)
        await message.answer(f"{sides} {width}x{height} {message.caption} reply={replied}")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def test_a_user_photo_reaches_the_bot_with_sizes_caption_and_reply(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    card = await bot.send_message(alice.id, "Order #3")
    async with polling(photo_echo(), bot):
        sent = world.send_photo(alice, jpeg(1000, 750), caption="packing", reply_to=card.message_id)
        answer = await world.wait_for_reply(sent)
    assert answer.text == f"90,320,800,1000 1000x750 packing reply={card.message_id}"
    assert world.view(sent).photo == world.files[sent.photo[-1].file_id].data  # type: ignore[index]


async def test_a_user_cannot_send_a_non_image_as_a_photo(world: World, alice: User) -> None:
    with pytest.raises(DriverError, match="not send this as a photo"):
        world.send_photo(alice, b"%PDF-1.7 not a picture")


async def test_a_group_member_replies_with_a_photo_over_http(
    emulator: RunningEmulator, world: World, alice: User, bot: Bot
) -> None:
    group = world.add_group("Smallbatch staff", [alice])
    card = await bot.send_message(group.id, "Order #1")
    form = aiohttp.FormData()
    form.add_field("user_id", str(alice.id))
    form.add_field("caption", "qc")
    form.add_field("reply_to", str(card.message_id))
    form.add_field("file", jpeg(400, 300), filename="bench.jpg", content_type="image/jpeg")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emulator.url}/_emulator/chats/{group.id}/photos", data=form) as response,
    ):
        assert response.status == 201
        body = await response.json()
    assert body["reply_to"] == card.message_id and body["text"] == "qc"
    stored = world.messages(group)[-1]
    assert stored.raw.photo is not None and long_sides(stored.raw.photo) == [90, 320, 400]
    junk = aiohttp.FormData()
    junk.add_field("user_id", str(alice.id))
    junk.add_field("file", b"not an image", filename="x.jpg", content_type="image/jpeg")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emulator.url}/_emulator/chats/{group.id}/photos", data=junk) as refused,
    ):
        assert refused.status == 400


async def test_an_album_is_one_message_per_photo_with_its_own_caption(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    media: Album = [
        InputMediaPhoto(media=BufferedInputFile(jpeg(500, 400), f"{n}.jpg"), caption=f"QC {n}")
        for n in range(3)
    ]
    sent = await bot.send_media_group(alice.id, media)
    assert [m.caption for m in sent] == ["QC 0", "QC 1", "QC 2"]
    assert len({m.media_group_id for m in sent}) == 1 and sent[0].media_group_id
    assert [m.text for m in world.bot_messages(alice)] == ["QC 0", "QC 1", "QC 2"]
    assert all(m.photo and m.photo[-1].width == 500 for m in sent)


async def test_albums_over_ten_empty_or_mixed_are_refused(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    photo = jpeg(50, 50)
    eleven: Album = [InputMediaPhoto(media=BufferedInputFile(photo, "p.jpg")) for _ in range(11)]
    with pytest.raises(TelegramBadRequest, match="too much messages to send as an album"):
        await bot.send_media_group(alice.id, eleven)
    with pytest.raises(TelegramBadRequest, match="media must be non-empty"):
        await bot.send_media_group(alice.id, [])
    mixed: Album = [
        InputMediaPhoto(media=BufferedInputFile(photo, "p.jpg")),
        InputMediaDocument(media=BufferedInputFile(b"%PDF-1.7", "d.pdf")),
    ]
    with pytest.raises(TelegramBadRequest, match="can't be mixed"):
        await bot.send_media_group(alice.id, mixed)
    bad: Album = [InputMediaPhoto(media=BufferedInputFile(photo, "p.jpg")) for _ in range(2)]
    bad.append(InputMediaPhoto(media=BufferedInputFile(b"nope", "x.jpg")))
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_media_group(alice.id, bad)
    assert world.bot_messages(alice) == []  # a refused album posts nothing


async def test_the_chat_page_has_an_attach_photo_button_posting_to_the_photo_route(
    emulator: RunningEmulator,
) -> None:
    async with aiohttp.ClientSession() as http, http.get(emulator.url + "/") as page:
        html = await page.text()
    assert 'id="attach-photo"' in html and 'id="photo" type="file" accept="image/*"' in html
    assert '"/photos"' in html and "reply_to" in html  # the button's form, with the reply
