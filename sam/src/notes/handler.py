"""API Gateway (REST, Cognito authorizer) -> notes. `handle` is the whole request/response logic
and takes its store, clock and id source as arguments; `lambda_handler` wires the real ones."""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from notes.store import DynamoNotesStore, Note, NotesStore

LOGGER = logging.getLogger("notes")

MAX_TITLE = 200
MAX_CONTENT = 50_000
DEFAULT_LIST_LIMIT = 50
MAX_LIST_LIMIT = 100
NOTE_FIELDS = {"title", "content"}


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _response(status: int, body: Any, origin: str) -> dict[str, Any]:
    headers = {"Content-Type": "application/json"}
    if origin:
        headers["Access-Control-Allow-Origin"] = origin
    return {"statusCode": status, "headers": headers, "body": json.dumps(body)}


def _caller(event: dict[str, Any]) -> str:
    """The Cognito user id (`sub`) the authorizer verified; notes are keyed by it."""
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise ApiError(401, "missing authenticated user")
    return sub


def _note_body(event: dict[str, Any]) -> tuple[str, str]:
    raw = event.get("body")
    if raw is None or raw == "":
        raise ApiError(400, "request body required")
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        raise ApiError(400, "request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "request body must be a JSON object")
    unknown = sorted(set(data) - NOTE_FIELDS)
    if unknown:
        raise ApiError(400, f"unknown field(s): {', '.join(unknown)}")
    title = data.get("title")
    content = data.get("content", "")
    if not isinstance(title, str) or not title.strip():
        raise ApiError(400, "title must be a non-empty string")
    if len(title) > MAX_TITLE:
        raise ApiError(400, f"title longer than {MAX_TITLE} characters")
    if not isinstance(content, str):
        raise ApiError(400, "content must be a string")
    if len(content) > MAX_CONTENT:
        raise ApiError(400, f"content longer than {MAX_CONTENT} characters")
    return title.strip(), content


def _note_id(event: dict[str, Any]) -> str:
    note_id = (event.get("pathParameters") or {}).get("noteId") or ""
    try:
        return str(uuid.UUID(note_id))
    except ValueError:
        raise ApiError(404, "note not found") from None


def _list_limit(event: dict[str, Any]) -> int:
    raw = (event.get("queryStringParameters") or {}).get("limit")
    if raw is None:
        return DEFAULT_LIST_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIST_LIMIT:
        raise ApiError(400, f"limit must be an integer between 1 and {MAX_LIST_LIMIT}")
    return int(raw)


def handle(
    event: dict[str, Any],
    store: NotesStore,
    now: Callable[[], str],
    new_id: Callable[[], str],
    origin: str = "",
) -> dict[str, Any]:
    method = event.get("httpMethod", "")
    resource = event.get("resource", "")
    try:
        user = _caller(event)
        if resource == "/notes" and method == "POST":
            title, content = _note_body(event)
            stamp = now()
            note = Note(user, new_id(), title, content, stamp, stamp)
            store.create(note)
            return _response(201, note.public(), origin)
        if resource == "/notes" and method == "GET":
            notes = store.list(user, _list_limit(event))
            return _response(200, {"notes": [note.public() for note in notes]}, origin)
        if resource == "/notes/{noteId}" and method == "GET":
            note = store.get(user, _note_id(event))
            if note is None:
                raise ApiError(404, "note not found")
            return _response(200, note.public(), origin)
        if resource == "/notes/{noteId}" and method == "PUT":
            note_id = _note_id(event)
            title, content = _note_body(event)
            updated = store.update(user, note_id, title, content, now())
            if updated is None:
                raise ApiError(404, "note not found")
            return _response(200, updated.public(), origin)
        if resource == "/notes/{noteId}" and method == "DELETE":
            if not store.delete(user, _note_id(event)):
                raise ApiError(404, "note not found")
            return {"statusCode": 204, "headers": {"Access-Control-Allow-Origin": origin} if origin else {}}
        raise ApiError(405 if resource in ("/notes", "/notes/{noteId}") else 404, "no such route")
    except ApiError as error:
        LOGGER.info("request rejected", extra={"status": error.status, "reason": error.message})
        return _response(error.status, {"message": error.message}, origin)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


_STORE: DynamoNotesStore | None = None


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _STORE
    LOGGER.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
    if _STORE is None:
        _STORE = DynamoNotesStore(os.environ["TABLE_NAME"])
    try:
        return handle(event, _STORE, _utc_now, lambda: str(uuid.uuid4()), os.environ.get("FRONTEND_ORIGIN", ""))
    except Exception:
        LOGGER.exception("unhandled error")
        return _response(500, {"message": "internal error"}, os.environ.get("FRONTEND_ORIGIN", ""))
