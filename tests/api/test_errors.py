"""Bad input: always a 4xx with the one error body, in Danish and English,
naming the field; never a 5xx, never the submitted text echoed back."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from goaltext_api.errors import messages

GOAL = "Borgeren Karen Blixen skal selv handle ind to gange om ugen."  # distinctive, must never be echoed in an error
JSON = {"content-type": "application/json"}

# (path, JSON body, status, code, field)
BAD_BODIES: list[tuple[str, Any, int, str, str | None]] = [
    ("/v1/analyze", {"text": ""}, 422, "empty_text", "text"),
    ("/v1/analyze", {"text": "   \n\t"}, 422, "empty_text", "text"),
    ("/v1/analyze", {"text": "\u3000\u2003\ufeff"}, 422, "empty_text", "text"),  # ideographic, em space, BOM
    ("/v1/analyze", {"text": "\x1c\x1f\x85"}, 422, "empty_text", "text"),  # whitespace to Python, not to JavaScript
    ("/v1/analyze", {"text": GOAL * 90}, 422, "text_too_long", "text"),
    ("/v1/analyze", {}, 422, "missing_field", "text"),
    ("/v1/analyze", {"text": 42}, 422, "wrong_type", "text"),
    ("/v1/analyze", {"text": [GOAL]}, 422, "wrong_type", "text"),
    ("/v1/analyze", {"text": None}, 422, "wrong_type", "text"),
    ("/v1/analyze", {"tekst": GOAL}, 422, "missing_field", "text"),  # a misspelt field: also unknown, see below
    ("/v1/analyze", {"text": GOAL, "kontekst": {}}, 422, "unknown_field", "kontekst"),
    ("/v1/analyze", {"text": GOAL, "context": {"pakke": GOAL}}, 422, "unknown_field", "context.pakke"),
    ("/v1/analyze", {"text": GOAL, "context": "§ 85"}, 422, "wrong_type", "context"),
    ("/v1/analyze", {"text": GOAL, "context": {"hours_per_week": "4"}}, 422, "wrong_type", "context.hours_per_week"),
    ("/v1/analyze", {"text": GOAL, "context": {"hours_per_week": True}}, 422, "wrong_type", "context.hours_per_week"),
    ("/v1/analyze", {"text": GOAL, "context": {"hours_per_week": 200}}, 422, "out_of_range", "context.hours_per_week"),
    ("/v1/analyze", {"text": GOAL, "context": {"hours_per_week": -1}}, 422, "out_of_range", "context.hours_per_week"),
    (
        "/v1/analyze",
        {"text": GOAL, "context": {"follow_up_interval": "4 måneder"}},
        422,
        "invalid_value",
        "context.follow_up_interval",
    ),
    ("/v1/analyze", {"text": GOAL, "reference_date": "1/6-26"}, 422, "invalid_date", "reference_date"),
    ("/v1/analyze", {"text": GOAL, "reference_date": "2026-02-30"}, 422, "invalid_date", "reference_date"),
    ("/v1/analyze", {"text": GOAL, "reference_date": "2026-03-02T10:00:00"}, 422, "invalid_date", "reference_date"),
    ("/v1/analyze", {"text": GOAL, "reference_date": 0}, 422, "invalid_date", "reference_date"),  # not 1970-01-01
    (
        "/v1/analyze",
        {"text": GOAL, "context": {"reference_date": "i går"}},
        422,
        "invalid_date",
        "context.reference_date",
    ),
    ("/v1/analyze", [GOAL], 422, "body_not_object", None),
    ("/v1/analyze", GOAL, 422, "body_not_object", None),
    ("/v1/suggest", {"text": " "}, 422, "empty_text", "text"),
    ("/v1/suggest", {"text": GOAL, "suggestions": True}, 422, "unknown_field", "suggestions"),
    ("/v1/analyze/batch", {"items": GOAL}, 422, "wrong_type", "items"),
    ("/v1/analyze/batch", {"items": [{"id": 1}]}, 422, "missing_field", "items[0].text"),
    ("/v1/analyze/batch", {"items": [{"text": GOAL}]}, 422, "missing_field", "items[0].id"),
    ("/v1/analyze/batch", {"items": [{"id": True, "text": GOAL}]}, 422, "wrong_type", "items[0].id"),
    ("/v1/analyze/batch", {"items": [{"id": "", "text": GOAL}]}, 422, "wrong_type", "items[0].id"),
    ("/v1/analyze/batch", {"items": [{"id": 1.5, "text": GOAL}]}, 422, "wrong_type", "items[0].id"),
    ("/v1/analyze/batch", {"items": [{"id": 1, "text": 7}]}, 422, "wrong_type", "items[0].text"),
    ("/v1/analyze/batch", {"items": [{"id": 1, "text": GOAL, "note": GOAL}]}, 422, "unknown_field", "items[0].note"),
    (
        "/v1/analyze/batch",
        {"items": [{"id": 1, "text": GOAL}, {"id": 2, "text": GOAL, "reference_date": "31-12-2026"}]},
        422,
        "invalid_date",
        "items[1].reference_date",
    ),
    ("/v1/analyze/batch", {"items": [{"id": 1, "text": GOAL}], "suggestions": "ja"}, 422, "wrong_type", "suggestions"),
    ("/v1/analyze/batch", {"goals": [{"id": 1, "text": GOAL}]}, 422, "missing_field", "items"),
]


def assert_error_body(response: Any, status: int, code: str, field: str | None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    error = body["error"]
    assert (error["code"], error.get("field")) == (code, field), body
    assert error["message_da"] and error["message_en"] and error["message_da"] != error["message_en"]
    assert body["errors"][0] == error
    assert "Blixen" not in response.text  # the goal text is never echoed in an error
    return body


@pytest.mark.parametrize(("path", "body", "status", "code", "field"), BAD_BODIES)
def test_bad_json_bodies_get_a_clear_error_naming_the_field(
    client: TestClient, path: str, body: Any, status: int, code: str, field: str | None
) -> None:
    response = client.post(path, content=json.dumps(body), headers=JSON)
    assert_error_body(response, status, code, field)


def test_every_problem_is_listed_not_just_the_first(client: TestClient) -> None:
    response = client.post("/v1/analyze", json={"tekst": GOAL, "reference_date": "i morgen"})
    errors = {(e["code"], e.get("field")) for e in response.json()["errors"]}
    assert errors == {("missing_field", "text"), ("unknown_field", "tekst"), ("invalid_date", "reference_date")}


# (raw body, content type, status, code)
BAD_RAW: list[tuple[bytes, str | None, int, str]] = [
    (b'{"text": "Borgeren Blixen kan selv",}', "application/json", 400, "invalid_json"),
    (b'{"text": "Borgeren Blixen kan selv"', "application/json", 400, "invalid_json"),
    (b"", "application/json", 422, "missing_body"),
    (b'{"text": "Borgeren Blixen \\ud83d kan selv"}', "application/json", 400, "invalid_json"),  # lone surrogate
    ('{"text": "Borgeren Blixen i København"}'.encode("latin-1"), "application/json", 400, "invalid_json"),  # not UTF-8
    (b'{"text": "Blixen", "context": {"hours_per_week": NaN}}', "application/json", 400, "invalid_json"),
    (b"[" * 5000, "application/json", 400, "invalid_json"),
    (b'{"text": "Borgeren Blixen kan selv"}', "text/plain", 415, "unsupported_media_type"),
    (b"text=Borgeren+Blixen+kan+selv", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    (b'{"text": "Borgeren Blixen kan selv"}', None, 415, "unsupported_media_type"),
    (b'{"text": "Borgeren Blixen kan selv"}', "multipart/form-data; boundary=x", 415, "unsupported_media_type"),
]


@pytest.mark.parametrize(("raw", "content_type", "status", "code"), BAD_RAW)
def test_bodies_that_are_not_utf8_json_are_refused_before_any_model_sees_them(
    client: TestClient, raw: bytes, content_type: str | None, status: int, code: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/analyze", content=raw, headers=headers)
    body = assert_error_body(response, status, code, None)
    if code == "invalid_json":
        assert re.search(r"linje \d+, kolonne \d+", body["error"]["message_da"])


# Variants of valid requests that must be accepted: the traps of the strict parser.
GOOD_RAW: list[tuple[bytes, str]] = [
    ('{"text": "Borgeren kan selv tage bad 🛁"}'.encode(), "application/json"),
    (b'{"text": "Borgeren kan selv tage bad \\ud83d\\udec1"}', "application/json"),  # an escaped surrogate pair
    (b'{"text": "Borgeren kan selv"}', "application/json; charset=utf-8"),
    (b'{"text": "Borgeren kan selv"}', "Application/JSON"),
    ('\ufeff{"text": "Borgeren kan selv"}'.encode(), "application/json"),  # a UTF-8 byte order mark
]


@pytest.mark.parametrize(("raw", "content_type"), GOOD_RAW)
def test_valid_utf8_json_in_any_of_its_spellings_is_accepted(client: TestClient, raw: bytes, content_type: str) -> None:
    response = client.post("/v1/analyze", content=raw, headers={"content-type": content_type})
    assert response.status_code == 200, response.text


# (query, code, field) for GET /v1/examples
BAD_QUERIES: list[tuple[dict[str, str], str, str]] = [
    ({"dimension": "målbar"}, "invalid_choice", "dimension"),
    ({"quality": "ok"}, "invalid_choice", "quality"),
    ({"limit": "0"}, "out_of_range", "limit"),
    ({"limit": "101"}, "out_of_range", "limit"),
    ({"limit": "ti"}, "wrong_type", "limit"),
    ({"offset": "-1"}, "out_of_range", "offset"),
    ({"area": "x" * 101}, "string_too_long", "area"),
    ({"omraade": "§ 85"}, "unknown_field", "omraade"),
]


@pytest.mark.parametrize(("query", "code", "field"), BAD_QUERIES)
def test_bad_example_filters_name_the_parameter(
    client: TestClient, query: dict[str, str], code: str, field: str
) -> None:
    assert_error_body(client.get("/v1/examples", params=query), 422, code, field)


def test_unknown_addresses_and_methods_get_the_same_error_body(client: TestClient) -> None:
    assert_error_body(client.get("/v1/analyse"), 404, "not_found", None)
    response = client.get("/v1/analyze")
    assert_error_body(response, 405, "method_not_allowed", None)
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("code", sorted(messages()))
def test_every_message_in_the_catalogue_is_complete(code: str) -> None:
    entry = messages()[code]
    assert 400 <= entry["status"] <= 599
    placeholders = set(re.findall(r"\{(\w+)\}", entry["da"] + entry["en"]))
    assert placeholders <= {
        "field",
        "limit",
        "detail",
        "detail_da",
        "detail_en",
        "expected_da",
        "expected_en",
        "position_da",
        "position_en",
        "error_id",
    }
    assert entry["da"] != entry["en"]
