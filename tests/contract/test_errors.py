"""One error shape for every failure, and bad input always a 400 naming the field."""

import pytest
from django.test import Client
from django.urls import include, path

from tests.matrix import MATRIX

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_of_module):
    """The world is built once for the module; each test gets its own copy and savepoint."""
    return world_of_module


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/v1/boom/", boom), path("", include("config.urls"))]
handler500 = "preau.common.views.handler500"


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"]
    if code:
        assert error["code"] == code
    return error


def test_unknown_api_path_is_a_json_404(client_for):
    assert_error_shape(client_for("teacher").get("/api/v1/nowhere/"), 404, "not_found")


def test_wrong_method_is_a_json_405(client_for):
    assert_error_shape(client_for("teacher").delete("/api/v1/accounts/me/"), 405)


def test_anonymous_is_a_json_401():
    assert_error_shape(Client().get("/api/v1/schools/"), 401, "not_authenticated")


def test_unsupported_media_type_is_a_json_415(client_for):
    response = client_for("anonymous").post(
        "/api/v1/accounts/login/", "<xml/>", content_type="application/xml"
    )
    assert_error_shape(response, 415)


def test_malformed_json_is_a_400(client_for):
    response = client_for("anonymous").post(
        "/api/v1/accounts/login/", "{not json", content_type="application/json"
    )
    assert_error_shape(response, 400)


@pytest.mark.urls("tests.contract.test_errors")
def test_a_server_error_is_a_json_500_without_details():
    client = Client(raise_request_exception=False)
    error = assert_error_shape(client.get("/api/v1/boom/"), 500, "server_error")
    assert "boom" not in error["message"]


def test_unknown_web_path_serves_the_web_app_not_a_json_error():
    response = Client().get("/enfants/12/devoirs")
    assert response.status_code in {200, 503}
    assert not response["Content-Type"].startswith("application/json")


BAD_VALUES = ["abc", "-1", "0", "1" * 40, "😀", "' OR 1=1 --", ""]
LIST_ROWS = [row for row in MATRIX if row.kind == "list"]


@pytest.mark.parametrize("row", LIST_ROWS, ids=lambda r: r.name)
def test_bad_filter_values_get_a_400_naming_the_parameter_never_a_500(world, client_for, row):
    from django.urls import resolve, reverse

    url = reverse(row.name)
    view = resolve(url).func.view_class
    client = client_for("director")
    for field_name in view.filter_serializer().fields:
        for value in BAD_VALUES:
            response = client.get(url, {field_name: value})
            assert response.status_code in {200, 400}, (field_name, value, response.status_code)
            if response.status_code == 400:
                error = assert_error_shape(response, 400, "invalid")
                assert list(error["fields"]) == [field_name]


@pytest.mark.parametrize(
    ("body", "field"),
    [({"username": "", "password": "x"}, "username"),
     ({"username": "x" * 151, "password": "x"}, "username"),
     ({"username": ["a"], "password": "x"}, "username"),
     ({"username": "a", "password": None}, "password")],
)
def test_bad_login_bodies_name_the_field(client_for, body, field):
    response = client_for("anonymous").post("/api/v1/accounts/login/", body, format="json")
    error = assert_error_shape(response, 400, "invalid")
    assert field in error["fields"]


def test_out_of_range_page_is_a_json_404(client_for):
    assert_error_shape(client_for("director").get("/api/v1/schools/", {"page": 99}), 404)


@pytest.mark.parametrize("row", [r for r in MATRIX if r.kind == "detail"], ids=lambda r: r.name)
@pytest.mark.parametrize("pk", ["0", "99999999", "9" * 18, "9" * 30])
def test_detail_with_an_absurd_id_is_a_json_404(world, client_for, row, pk):
    from django.urls import reverse

    url = reverse(row.name, kwargs={row.kwarg: 1}).replace("/1/", f"/{pk}/")
    response = getattr(client_for("director"), row.method.lower())(url, {}, format="json")
    assert_error_shape(response, 404, "not_found")
