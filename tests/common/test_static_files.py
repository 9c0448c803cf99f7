"""The web app's files: those named after their content are kept by browsers for good."""

from django.test import Client


def _built_web_app(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-db10jOWV.js").write_text("export {};\n", encoding="utf-8")
    (tmp_path / "assets" / "Sections-kctE2G85.css").write_text("a {}\n", encoding="utf-8")
    (tmp_path / "favicon.svg").write_text("<svg/>\n", encoding="utf-8")
    return tmp_path


def test_the_web_apps_hashed_files_are_kept_for_good_by_browsers(settings, tmp_path):
    settings.STATICFILES_DIRS = [_built_web_app(tmp_path)]
    client = Client()
    for url in ("/static/assets/index-db10jOWV.js", "/static/assets/Sections-kctE2G85.css"):
        response = client.get(url)
        assert response.status_code == 200
        assert "immutable" in response["Cache-Control"]
        assert "max-age=315360000" in response["Cache-Control"]


def test_a_web_app_file_with_a_fixed_name_is_asked_for_again(settings, tmp_path):
    settings.STATICFILES_DIRS = [_built_web_app(tmp_path)]
    response = Client().get("/static/favicon.svg")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
