"""Letterboxd-shaped files for the import tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

RATINGS = "Date,Name,Year,Letterboxd URI,Rating\n2024-01-05,Her,2013,https://boxd.it/4Hvu,4.5\n"
REVIEWS = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
    '2024-01-06,her,2013,https://boxd.it/abc,4.5,,"Tender.\n\nAnd strange.",,2024-01-04\n'
    "2024-01-07,Solaris,1972,https://boxd.it/xyz,5,,A film we do not have.,,2024-01-07\n"
)
DIARY = (
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n"
    "2024-01-06,Her,2013,https://boxd.it/d1,4.5,,,2024-01-04\n"
    "2024-02-01,Her,2013,https://boxd.it/d2,5,Yes,,2024-01-31\n"
)
WATCHLIST = "Date,Name,Year,Letterboxd URI\n2024-01-08,Lost in Translation,2003,https://boxd.it/w1\n"


def csv_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def zip_bytes(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_file(files: dict[str, str | bytes], name: str = "letterboxd-reader-2024-02-02.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, zip_bytes(files), content_type="application/zip")
