"""Where notes live. The handler only sees `NotesStore`; DynamoDB is one implementation of it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Note:
    user_id: str
    note_id: str
    title: str
    content: str
    created_at: str
    updated_at: str

    def public(self) -> dict[str, str]:
        """The note as the API returns it: the owner is implied by the caller's token."""
        return {
            "noteId": self.note_id,
            "title": self.title,
            "content": self.content,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        }


class NotesStore(Protocol):
    def create(self, note: Note) -> None: ...

    def get(self, user_id: str, note_id: str) -> Note | None: ...

    def list(self, user_id: str, limit: int) -> list[Note]: ...

    def update(self, user_id: str, note_id: str, title: str, content: str, updated_at: str) -> Note | None: ...

    def delete(self, user_id: str, note_id: str) -> bool: ...


class MemoryNotesStore:
    """A dict-backed store with the same per-user keying as the table; for tests and local runs."""

    def __init__(self) -> None:
        self._notes: dict[tuple[str, str], Note] = {}

    def create(self, note: Note) -> None:
        self._notes[(note.user_id, note.note_id)] = note

    def get(self, user_id: str, note_id: str) -> Note | None:
        return self._notes.get((user_id, note_id))

    def list(self, user_id: str, limit: int) -> list[Note]:
        own = [note for (owner, _), note in self._notes.items() if owner == user_id]
        own.sort(key=lambda note: note.updated_at, reverse=True)
        return own[:limit]

    def update(self, user_id: str, note_id: str, title: str, content: str, updated_at: str) -> Note | None:
        current = self._notes.get((user_id, note_id))
        if current is None:
            return None
        changed = Note(**{**asdict(current), "title": title, "content": content, "updated_at": updated_at})
        self._notes[(user_id, note_id)] = changed
        return changed

    def delete(self, user_id: str, note_id: str) -> bool:
        return self._notes.pop((user_id, note_id), None) is not None


def _note_from_item(item: dict[str, Any]) -> Note:
    return Note(
        user_id=item["userId"],
        note_id=item["noteId"],
        title=item["title"],
        content=item["content"],
        created_at=item["createdAt"],
        updated_at=item["updatedAt"],
    )


class DynamoNotesStore:
    """The notes table of infra/terraform/modules/database (hash userId, range noteId,
    index by-updated on userId/updatedAt). boto3 comes with the Lambda runtime and is imported
    only when the table is first used, so the package imports without it."""

    UPDATED_INDEX = "by-updated"

    def __init__(self, table_name: str, table: Any = None) -> None:
        self._table_name = table_name
        self._table = table

    @property
    def table(self) -> Any:
        if self._table is None:
            import boto3

            self._table = boto3.resource("dynamodb").Table(self._table_name)
        return self._table

    def _is_conditional_failure(self, error: Exception) -> bool:
        response = getattr(error, "response", None) or {}
        return response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"

    def create(self, note: Note) -> None:
        self.table.put_item(
            Item={
                "userId": note.user_id,
                "noteId": note.note_id,
                "title": note.title,
                "content": note.content,
                "createdAt": note.created_at,
                "updatedAt": note.updated_at,
            },
            ConditionExpression="attribute_not_exists(noteId)",
        )

    def get(self, user_id: str, note_id: str) -> Note | None:
        item = self.table.get_item(Key={"userId": user_id, "noteId": note_id}).get("Item")
        return _note_from_item(item) if item else None

    def list(self, user_id: str, limit: int) -> list[Note]:
        response = self.table.query(
            IndexName=self.UPDATED_INDEX,
            KeyConditionExpression="userId = :user",
            ExpressionAttributeValues={":user": user_id},
            ScanIndexForward=False,
            Limit=limit,
        )
        return [_note_from_item(item) for item in response.get("Items", [])]

    def update(self, user_id: str, note_id: str, title: str, content: str, updated_at: str) -> Note | None:
        try:
            response = self.table.update_item(
                Key={"userId": user_id, "noteId": note_id},
                UpdateExpression="SET title = :title, content = :content, updatedAt = :updated",
                ConditionExpression="attribute_exists(noteId)",
                ExpressionAttributeValues={":title": title, ":content": content, ":updated": updated_at},
                ReturnValues="ALL_NEW",
            )
        except Exception as error:
            if self._is_conditional_failure(error):
                return None
            raise
        return _note_from_item(response["Attributes"])

    def delete(self, user_id: str, note_id: str) -> bool:
        response = self.table.delete_item(Key={"userId": user_id, "noteId": note_id}, ReturnValues="ALL_OLD")
        return "Attributes" in response
