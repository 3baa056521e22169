"""Static files storage."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed files, with hashed URLs in debug too (`make run` collects them)."""

    def url(self, name: str | None, force: bool = False) -> str:
        # Django falls back to plain names in debug, which WhiteNoise would serve without a long cache lifetime.
        return super().url(name, force=name is not None)
