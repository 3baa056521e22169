"""Uploaded images: only real, bounded images, stored as our own metadata-free re-encoding under a random name.

Pixels are counted from the header before decoding (decompression bombs), and the uploaded bytes
are never stored, so no SVG, HTML or polyglot file is served back from our domain.
"""

import io
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

# Pillow format → (stored format, extension). GIF becomes PNG: lossless, and one frame is enough.
FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "GIF": ("PNG", "png"),
}
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
NOT_AN_IMAGE = "Upload a JPEG, PNG, WebP or GIF image. This file is not one, or it is damaged."


class CleanImageFile(ContentFile):
    """Our re-encoded copy of an upload; a file of this class needs no further checks."""


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    max_megapixels = settings.REVIEWHUB_IMAGE_MAX_PIXELS / 1_000_000
    if width is None or height is None:
        return ValidationError(
            "This image has far too many pixels; the most accepted is %(max)g megapixels.",
            code="image_too_many_pixels",
            params={"max": max_megapixels},
        )
    return ValidationError(
        "This image is %(width)d × %(height)d pixels; the most accepted is %(max)g megapixels.",
        code="image_too_many_pixels",
        params={"width": width, "height": height, "max": max_megapixels},
    )


def _open_checked(file: File) -> Image.Image:
    """Open and fully decode an upload, refusing it before decoding when it is too big."""
    size = getattr(file, "size", None)
    max_bytes = settings.REVIEWHUB_IMAGE_MAX_BYTES
    if size is not None and size > max_bytes:
        raise ValidationError(
            "This file is %(size)s; the largest image accepted is %(max)s.",
            code="image_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    file.seek(0)
    data = file.read(max_bytes + 1)
    file.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(
            "This file is larger than %(max)s, the largest image accepted.",
            code="image_too_large",
            params={"max": filesizeformat(max_bytes)},
        )
    try:
        # verify() checks the structure (PNG checksums...) but must run on a fresh image;
        # the second open then decodes every pixel, which catches truncated files.
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
            width, height = probe.size
            if width * height > settings.REVIEWHUB_IMAGE_MAX_PIXELS:
                raise _too_many_pixels(width, height)
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        image.load()
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds of error on hostile input; all mean "not an image".
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error
    return image


def clean_image(file: File, *, square: int | None = None) -> CleanImageFile:
    """Check an upload; return a metadata-free re-encoding under a random name, or raise ValidationError.

    `square`: crop the middle square and scale it to this side (avatars), never enlarging a smaller one.
    """
    image = _open_checked(file)
    stored_format, extension = FORMATS[image.format]
    image = ImageOps.exif_transpose(image)  # keep photos upright once their EXIF is gone
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if stored_format == "JPEG":
        image = image.convert("L" if image.mode in ("1", "L") else "RGB")
    elif image.mode not in ("L", "LA", "RGB", "RGBA"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    if square is not None:  # after the conversion, so palette images are resampled smoothly too
        side = min(square, *image.size)
        image = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS)
    image.info.clear()  # Pillow would otherwise carry colour profiles and text chunks over
    options: dict[str, Any] = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {"optimize": True}}[
        stored_format
    ]
    output = io.BytesIO()
    image.save(output, format=stored_format, **options)
    return CleanImageFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


class ImageUploadFormField(forms.ImageField):
    """A form field that checks the image itself (not its name) and hands back the clean copy."""

    default_validators = []  # the extension proves nothing; the content is checked instead

    def __init__(self, *args: Any, square: int | None = None, **kwargs: Any) -> None:
        self.square = square
        super().__init__(*args, **kwargs)

    def to_python(self, data: Any) -> CleanImageFile | None:
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_image(upload, square=self.square)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = ACCEPT
        return attrs


def validate_uploaded_image(value: File) -> None:
    """Model-level check (full_clean) for a file assigned in code rather than through a form."""
    if getattr(value, "_committed", False):
        return  # already stored, so already checked
    file = getattr(value, "file", value)
    if not isinstance(file, CleanImageFile):
        _open_checked(file)


class ImageUploadField(models.ImageField):
    """models.ImageField that stores only checked, re-encoded images; deconstructs as ImageField, so no migration.

    `square_setting` names the setting that gives a square image's side (read when used, so it can
    change without a migration): every stored image is then cropped square, whichever path saved it.
    """

    default_validators = [validate_uploaded_image]

    def __init__(self, *args: Any, square_setting: str | None = None, **kwargs: Any) -> None:
        self.square_setting = square_setting
        super().__init__(*args, **kwargs)

    @property
    def square(self) -> int | None:
        return getattr(settings, self.square_setting) if self.square_setting else None

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": ImageUploadFormField, "square": self.square, **kwargs})

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        if file and not file._committed and not isinstance(file.file, CleanImageFile):
            clean = clean_image(file.file, square=self.square)
            file.file, file.name = clean, clean.name
        return super().pre_save(model_instance, add)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
