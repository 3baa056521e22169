"""Uploaded files read with limits: size, zip members' uncompressed sizes and ratios, text encoding.

Every refusal is a BadFile with a message a reader can act on; nothing is written anywhere.
"""

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat

CHUNK = 64 * 1024


class BadFile(ValueError):
    """A refused upload; the message is shown to the person who sent it."""


@dataclass(frozen=True)
class TextFile:
    name: str
    text: str


def size_refusal(name: str, size: int, limit: int) -> str:
    return f"{name} is {filesizeformat(size)}; files of at most {filesizeformat(limit)} are accepted."


def check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise BadFile(size_refusal(name, size, limit))


def read_limited(stream: BinaryIO, *, name: str, limit: int) -> bytes:
    """Read at most `limit` bytes; refuse a stream that has more (a declared size can lie)."""
    chunks, total = [], 0
    while chunk := stream.read(CHUNK):
        total += len(chunk)
        if total > limit:
            raise BadFile(f"{name} is larger than {filesizeformat(limit)}; it was refused.")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_text(name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise BadFile(f"{name} is not a text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile(f"{name} is not UTF-8 text (as Letterboxd writes it); save it as UTF-8 CSV.") from error


def zip_members(upload: BinaryIO, *, name: str, wanted: Iterable[str]) -> list[TextFile]:
    """The wanted CSV files of a zip, by base name, checked for bombs before and while extracting."""
    if not zipfile.is_zipfile(upload):
        raise BadFile(f"{name} is not a zip file.")
    upload.seek(0)
    wanted = set(wanted)
    total_limit = settings.REVIEWHUB_IMPORT_MAX_UNCOMPRESSED_BYTES
    ratio_limit = settings.REVIEWHUB_IMPORT_MAX_RATIO
    try:
        with zipfile.ZipFile(upload) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and info.filename.count("/") == 0 and info.filename in wanted
            ]
            declared = sum(info.file_size for info in members)
            if declared > total_limit:
                raise BadFile(
                    f"{name} would unpack to {filesizeformat(declared)}; at most "
                    f"{filesizeformat(total_limit)} is accepted."
                )
            for info in members:
                if info.file_size > CHUNK and info.file_size > ratio_limit * max(info.compress_size, 1):
                    raise BadFile(f"{name} looks like a zip bomb ({info.filename} is compressed too far); refused.")
            files, remaining = [], total_limit
            for info in members:
                with archive.open(info) as member:
                    data = read_limited(member, name=f"{name} ({info.filename})", limit=remaining)
                remaining -= len(data)
                files.append(TextFile(info.filename, decode_text(info.filename, data)))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as error:
        raise BadFile(f"{name} is a damaged or encrypted zip file: {error}") from error
    if not files:
        raise BadFile(f"{name} holds none of {', '.join(sorted(wanted))} at its top level.")
    return files
