"""The static files storage gives the hashed names of the manifest collectstatic wrote, in debug too."""

import json

import pytest

from reviewhub.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"version": "1.1", "hash": "test", "paths": {"css/site.css": "css/site.0123456789ab.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_urls_are_the_hashed_names_of_the_manifest(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"


def test_a_file_missing_from_the_manifest_is_still_an_error(storage):
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/missing.css")
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/missing.css")


def test_urls_are_hashed_in_debug_too(storage, settings):
    settings.DEBUG = True

    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
