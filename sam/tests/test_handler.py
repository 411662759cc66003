import itertools
import json
import uuid

import pytest
from notes import handler
from notes.handler import handle
from notes.store import DynamoNotesStore, MemoryNotesStore

ALICE = "1f0e6a2c-0000-4000-8000-00000000a11c"
BOB = "2f0e6a2c-0000-4000-8000-000000000b0b"
ORIGIN = "https://p1-dev.fikri.dev"


class Clock:
    """Strictly increasing ISO timestamps, so that ordering by updatedAt is deterministic."""

    def __init__(self) -> None:
        self._ticks = itertools.count(1)

    def __call__(self) -> str:
        return f"2026-01-01T00:00:{next(self._ticks):02d}.000+00:00"


def event(method, resource, user=ALICE, body=None, note_id=None, query=None):
    result = {
        "httpMethod": method,
        "resource": resource,
        "pathParameters": {"noteId": note_id} if note_id is not None else None,
        "queryStringParameters": query,
        "body": body if body is None or isinstance(body, str) else json.dumps(body),
        "requestContext": {"authorizer": {"claims": {"sub": user}} if user else {}},
    }
    return result


@pytest.fixture
def api():
    store = MemoryNotesStore()
    clock = Clock()
    ids = (str(uuid.UUID(int=n)) for n in itertools.count(1))

    def call(*args, **kwargs):
        response = handle(event(*args, **kwargs), store, clock, lambda: next(ids), ORIGIN)
        body = json.loads(response["body"]) if response.get("body") else None
        return response["statusCode"], body, response["headers"]

    return call


def test_create_then_read_returns_the_note(api):
    status, created, headers = api("POST", "/notes", body={"title": " Groceries ", "content": "milk"})
    assert status == 201
    assert created["title"] == "Groceries"
    assert created["createdAt"] == created["updatedAt"]
    assert headers["Access-Control-Allow-Origin"] == ORIGIN

    status, read, _ = api("GET", "/notes/{noteId}", note_id=created["noteId"])
    assert status == 200
    assert read == created


def test_content_defaults_to_empty(api):
    status, created, _ = api("POST", "/notes", body={"title": "only a title"})
    assert status == 201
    assert created["content"] == ""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, "request body required"),
        ("{not json", "request body is not valid JSON"),
        ("[1, 2]", "request body must be a JSON object"),
        ({"title": "t", "owner": "someone-else"}, "unknown field(s): owner"),
        ({"title": "   "}, "title must be a non-empty string"),
        ({"title": 7}, "title must be a non-empty string"),
        ({"content": "no title"}, "title must be a non-empty string"),
        ({"title": "x" * 201}, "title longer than 200 characters"),
        ({"title": "t", "content": ["a"]}, "content must be a string"),
        ({"title": "t", "content": "x" * 50_001}, "content longer than 50000 characters"),
    ],
)
def test_invalid_bodies_are_rejected(api, body, message):
    status, answer, _ = api("POST", "/notes", body=body)
    assert status == 400
    assert answer == {"message": message}


def test_request_without_cognito_sub_is_unauthorized(api):
    status, answer, _ = api("GET", "/notes", user=None)
    assert status == 401
    assert answer["message"] == "missing authenticated user"


def test_notes_are_isolated_per_cognito_user(api):
    _, alices, _ = api("POST", "/notes", body={"title": "alice's"})
    note_id = alices["noteId"]

    assert api("GET", "/notes/{noteId}", user=BOB, note_id=note_id)[0] == 404
    assert api("PUT", "/notes/{noteId}", user=BOB, note_id=note_id, body={"title": "mine now"})[0] == 404
    assert api("DELETE", "/notes/{noteId}", user=BOB, note_id=note_id)[0] == 404
    assert api("GET", "/notes", user=BOB)[1] == {"notes": []}

    status, still_there, _ = api("GET", "/notes/{noteId}", note_id=note_id)
    assert status == 200
    assert still_there["title"] == "alice's"


def test_update_changes_title_and_timestamp_but_not_creation(api):
    _, created, _ = api("POST", "/notes", body={"title": "draft"})
    status, updated, _ = api("PUT", "/notes/{noteId}", note_id=created["noteId"], body={"title": "final"})
    assert status == 200
    assert updated["title"] == "final"
    assert updated["createdAt"] == created["createdAt"]
    assert updated["updatedAt"] > created["updatedAt"]


def test_update_validates_body_before_touching_store(api):
    _, created, _ = api("POST", "/notes", body={"title": "keep"})
    status, _, _ = api("PUT", "/notes/{noteId}", note_id=created["noteId"], body={"title": ""})
    assert status == 400
    assert api("GET", "/notes/{noteId}", note_id=created["noteId"])[1]["title"] == "keep"


def test_delete_then_read_is_not_found(api):
    _, created, _ = api("POST", "/notes", body={"title": "temporary"})
    status, body, headers = api("DELETE", "/notes/{noteId}", note_id=created["noteId"])
    assert (status, body) == (204, None)
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert api("GET", "/notes/{noteId}", note_id=created["noteId"])[0] == 404
    assert api("DELETE", "/notes/{noteId}", note_id=created["noteId"])[0] == 404


@pytest.mark.parametrize("note_id", ["not-a-uuid", "", "../other-user"])
def test_malformed_note_ids_are_not_found(api, note_id):
    status, answer, _ = api("GET", "/notes/{noteId}", note_id=note_id)
    assert status == 404
    assert answer == {"message": "note not found"}


def test_list_is_newest_first_and_limited(api):
    for title in ("first", "second", "third"):
        api("POST", "/notes", body={"title": title})
    _, listed, _ = api("GET", "/notes")
    assert [note["title"] for note in listed["notes"]] == ["third", "second", "first"]

    _, limited, _ = api("GET", "/notes", query={"limit": "2"})
    assert [note["title"] for note in limited["notes"]] == ["third", "second"]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten"])
def test_list_limit_is_validated(api, limit):
    assert api("GET", "/notes", query={"limit": limit})[0] == 400


@pytest.mark.parametrize(
    ("method", "resource", "status"),
    [("PATCH", "/notes", 405), ("POST", "/notes/{noteId}", 405), ("GET", "/admin", 404)],
)
def test_unknown_routes(api, method, resource, status):
    assert api(method, resource, note_id=str(uuid.uuid4()))[0] == status


def test_lambda_handler_accepts_spec_log_levels_and_hides_internal_errors(monkeypatch):
    class BrokenStore(MemoryNotesStore):
        def list(self, user_id, limit):
            raise RuntimeError("table unavailable")

    monkeypatch.setenv("LOG_LEVEL", "WARN")
    monkeypatch.setenv("TABLE_NAME", "notes-dev-notes")
    monkeypatch.setenv("FRONTEND_ORIGIN", ORIGIN)
    monkeypatch.setattr(handler, "_STORE", BrokenStore())

    response = handler.lambda_handler(event("GET", "/notes"), None)
    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {"message": "internal error"}
    assert "table unavailable" not in response["body"]
    assert handler.LOGGER.level == 30


def test_dynamo_store_defers_boto3_until_first_use():
    store = DynamoNotesStore("notes-dev-notes")
    assert store._table is None


def test_dynamo_store_recognises_only_conditional_check_failures():
    class ClientError(Exception):
        def __init__(self, code):
            super().__init__(code)
            self.response = {"Error": {"Code": code}}

    store = DynamoNotesStore("notes-dev-notes")
    assert store._is_conditional_failure(ClientError("ConditionalCheckFailedException"))
    assert not store._is_conditional_failure(ClientError("ProvisionedThroughputExceededException"))
    assert not store._is_conditional_failure(ValueError("plain"))
