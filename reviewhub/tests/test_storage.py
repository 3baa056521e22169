"""The static files storage works each URL out once per process, from the manifest collectstatic wrote."""

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


def test_a_url_is_worked_out_once(storage):
    first = storage.url("css/site.css")
    storage.hashed_files["css/site.css"] = "css/site.changed.css"

    assert storage.url("css/site.css") == first
    assert storage.url("css/site.css", force=True) != first


def test_a_file_missing_from_the_manifest_is_still_an_error(storage):
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/missing.css")
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/missing.css")


def test_urls_are_hashed_in_debug_too(storage, settings):
    settings.DEBUG = True

    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
