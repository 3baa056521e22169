"""Poster uploads: real images only, bounded in bytes and pixels, stored re-encoded under a random name."""

import io
import os
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import modelform_factory
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from films.models import Film

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^posters/[0-9a-f]{32}\.(jpg|png|webp)$")
PosterForm = modelform_factory(Film, fields=["title", "year", "slug", "poster"])


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save_options) -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 1).save(output, format=fmt, **save_options)
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A few-hundred-byte PNG whose header claims width × height pixels: a decompression bomb's calling card."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def upload(content: bytes, name: str = "poster.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def submit(poster: SimpleUploadedFile):
    form = PosterForm(data={"title": "Her", "year": 2013, "slug": "her-2013"}, files={"poster": poster})
    film = form.save() if form.is_valid() else None
    return form, film


def poster_error(form) -> tuple[str, str]:
    [error] = form.errors.as_data()["poster"]
    return error.code, " ".join(error.messages)


def stored_image(film: Film) -> Image.Image:
    with film.poster.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_real_photo_is_stored_re_encoded_without_metadata_under_a_random_name():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.ImageDescription] = "taken at home, 1 Secret Street"
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show it rotated 90°
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = image_bytes("JPEG", (40, 20), exif=exif.tobytes(), icc_profile=profile, comment=b"secret comment")

    form, film = submit(upload(original, name="../../etc/my holiday.jpg", content_type="image/jpeg"))

    assert form.errors == {}
    film.refresh_from_db()
    assert STORED_NAME.match(film.poster.name), film.poster.name
    assert "holiday" not in film.poster.name
    with film.poster.open("rb") as stored:
        stored_bytes = stored.read()
    assert stored_bytes != original
    for secret in (b"SpyCam", b"Secret Street", b"secret comment"):
        assert secret not in stored_bytes
    image = stored_image(film)
    assert image.format == "JPEG"
    assert image.size == (20, 40)  # turned upright before the EXIF went
    assert not image.getexif()
    assert "icc_profile" not in image.info
    assert "exif" not in image.info


@pytest.mark.parametrize(
    ("fmt", "mode", "stored_format"), [("PNG", "RGBA", "PNG"), ("WEBP", "RGB", "WEBP"), ("GIF", "P", "PNG")]
)
def test_each_accepted_format_is_re_encoded(fmt, mode, stored_format):
    form, film = submit(upload(image_bytes(fmt, (30, 30), mode), name=f"poster.{fmt.lower()}"))

    assert form.errors == {}
    image = stored_image(film)
    assert image.format == stored_format
    assert image.size == (30, 30)
    assert film.poster.name.endswith("." + stored_format.lower().replace("jpeg", "jpg"))


def test_png_text_chunks_and_trailing_payload_are_not_stored():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "my address is 1 Secret Street")
    polyglot = image_bytes("PNG", pnginfo=info) + b"<script>alert(document.cookie)</script>"

    form, film = submit(upload(polyglot))

    assert form.errors == {}
    with film.poster.open("rb") as stored:
        stored_bytes = stored.read()
    assert b"Secret Street" not in stored_bytes
    assert b"<script>" not in stored_bytes
    assert stored_image(film).text == {}


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        pytest.param(b"This is a plain text file, not a picture.\n" * 20, "poster.png", "image/png", id="text-as-png"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>',
            "poster.svg",
            "image/svg+xml",
            id="svg",
        ),
        pytest.param(
            b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
            "poster.jpg",
            "image/jpeg",
            id="html-as-jpg",
        ),
        pytest.param(image_bytes("PNG", (40, 30))[:60], "poster.png", "image/png", id="truncated-png"),
        pytest.param(image_bytes("BMP", (10, 10)), "poster.bmp", "image/bmp", id="bmp-not-allowed"),
    ],
)
def test_files_that_are_not_accepted_images_are_refused_with_a_clear_error(content, name, content_type):
    form, film = submit(upload(content, name=name, content_type=content_type))

    assert film is None
    code, message = poster_error(form)
    assert code == "invalid_image"
    assert "Upload a JPEG, PNG, WebP or GIF image" in message
    assert not Film.objects.exists()


def test_a_file_over_five_megabytes_is_refused_before_it_is_decoded(settings):
    assert settings.REVIEWHUB_IMAGE_MAX_BYTES == 5 * 1024 * 1024
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    output = io.BytesIO()
    noise.save(output, format="PNG", compress_level=0)
    assert output.tell() > 5 * 1024 * 1024

    form, film = submit(upload(output.getvalue()))

    assert film is None
    code, message = poster_error(form)
    assert code == "image_too_large"
    assert "the largest image accepted is 5.0\xa0MB" in message


def test_an_image_over_forty_megapixels_is_refused_by_its_header(settings):
    assert settings.REVIEWHUB_IMAGE_MAX_PIXELS == 40_000_000
    # A real, valid 48-megapixel image that compresses to a few kilobytes.
    form, film = submit(upload(image_bytes("PNG", (8000, 6000), mode="1")))

    assert film is None
    code, message = poster_error(form)
    assert code == "image_too_many_pixels"
    assert "8000 × 6000 pixels; the most accepted is 40 megapixels" in message


def test_a_decompression_bomb_is_refused_without_decoding_it():
    bomb = png_claiming(100_000, 100_000)  # ten gigapixels in a few hundred bytes
    assert len(bomb) < 1000

    form, film = submit(upload(bomb))

    assert film is None
    code, message = poster_error(form)
    assert code == "image_too_many_pixels"
    assert "the most accepted is 40 megapixels" in message


def test_the_limits_are_settings(settings):
    settings.REVIEWHUB_IMAGE_MAX_PIXELS = 10_000
    settings.REVIEWHUB_IMAGE_MAX_BYTES = 50_000

    form, _ = submit(upload(image_bytes("PNG", (101, 100))))
    assert poster_error(form)[0] == "image_too_many_pixels"
    form, _ = submit(upload(image_bytes("PNG", (100, 100)) + b"\0" * 50_000))
    assert poster_error(form)[0] == "image_too_large"
    form, film = submit(upload(image_bytes("PNG", (100, 100))))
    assert form.errors == {}
    assert stored_image(film).size == (100, 100)


def test_the_file_input_offers_only_accepted_types():
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in str(PosterForm()["poster"])


def test_a_non_image_assigned_in_code_is_refused_by_full_clean_and_save(film):
    film.poster = ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name="evil.svg")
    with pytest.raises(ValidationError) as refused:
        film.full_clean()
    assert refused.value.error_dict["poster"][0].code == "invalid_image"
    with pytest.raises(ValidationError), transaction.atomic():
        film.save()

    film.refresh_from_db()
    assert not film.poster


def test_an_image_assigned_in_code_is_re_encoded_on_save(film):
    film.poster = ContentFile(image_bytes("PNG", (12, 12), pnginfo=_text_chunk("secret")), name="my poster.png")
    film.full_clean()
    film.save()

    film.refresh_from_db()
    assert STORED_NAME.match(film.poster.name), film.poster.name
    assert stored_image(film).text == {}


def _text_chunk(text: str) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    return info


# --- Through the admin, where staff upload posters ---------------------------------------------


def admin_film_data(admin_client, **fields) -> dict:
    """The add-film form as the admin renders it: its inline formsets' management data, plus `fields`."""
    response = admin_client.get(reverse("admin:films_film_add"))
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **fields}


def test_the_admin_stores_a_re_encoded_poster_under_a_random_name(admin_client):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    data = admin_film_data(
        admin_client,
        title="Her",
        year="2013",
        slug="her-2013",
        poster=upload(image_bytes("JPEG", (60, 90), exif=exif.tobytes()), "holiday.jpg", "image/jpeg"),
    )

    response = admin_client.post(reverse("admin:films_film_add"), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    film = Film.objects.get(slug="her-2013")
    assert STORED_NAME.match(film.poster.name), film.poster.name
    assert not stored_image(film).getexif()


def test_the_admin_refuses_a_fake_poster_with_a_clear_error(admin_client):
    data = admin_film_data(
        admin_client,
        title="Her",
        year="2013",
        slug="her-2013",
        poster=upload(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "poster.svg", "image/svg+xml"),
    )

    response = admin_client.post(reverse("admin:films_film_add"), data)

    assert response.status_code == 200
    assert "Upload a JPEG, PNG, WebP or GIF image" in response.content.decode()
    assert not Film.objects.exists()
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in response.content.decode()


def test_saving_a_film_again_keeps_its_stored_poster():
    _, film = submit(upload(image_bytes("PNG", (20, 30))))
    stored_name = film.poster.name

    form = PosterForm(data={"title": "Her", "year": 2014, "slug": "her-2013"}, files={}, instance=film)
    assert form.is_valid(), form.errors
    form.save()

    film.refresh_from_db()
    assert film.year == 2014
    assert film.poster.name == stored_name
