"""JSON request bodies: a handler's `data: SomeStruct`, decoded strictly and documented.

Litestar converts `data` leniently (`"1"` becomes 1), so a body is decoded here instead,
through `decode_strict`: exactly as the OpenAPI document describes it. A handler just
declares `data: SomeStruct` (a `backend.structs.Struct`); `StrictBodyPlugin` gives it this
DTO, and the request body schema is the Struct's own.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import msgspec
from litestar._openapi.schema_generation import SchemaCreator
from litestar.dto import AbstractDTO, DTOFieldDefinition
from litestar.openapi.spec import Reference, Schema
from litestar.plugins import SerializationPlugin
from litestar.typing import FieldDefinition

from backend.errors import InvalidRequest
from backend.structs import Struct, decode_strict

#: The handler parameter Litestar fills from the request body.
DATA = "data"


class StrictBody(AbstractDTO[Any]):
    """Decodes a request body into `model_type` with no coercion and no unknown fields.

    Only the request side: answers are encoded by Litestar as usual, and the schema is
    the one Litestar makes for the Struct itself (no DTO-generated copy).
    """

    @classmethod
    def generate_field_definitions(
        cls, model_type: type[Any]
    ) -> Generator[DTOFieldDefinition, None, None]:
        """Unused: this DTO decodes the whole Struct and builds no transfer model."""
        yield from ()

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        """Nested Structs are decoded with their parent."""
        return False

    @classmethod
    def is_supported_model_type_field(cls, field_definition: FieldDefinition) -> bool:
        """Request bodies only; a handler's return value is never passed through here."""
        return field_definition.name == DATA and super().is_supported_model_type_field(
            field_definition
        )

    @classmethod
    def create_for_field_definition(cls, *args: Any, **kwargs: Any) -> None:
        """Nothing to build ahead: `decode_strict` needs only the type."""

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: SchemaCreator
    ) -> Reference | Schema:
        """The Struct's own schema (a shared component)."""
        return schema_creator.for_field_definition(FieldDefinition.from_annotation(cls.model_type))

    def decode_bytes(self, value: bytes) -> Any:
        """The body as `model_type`, or a 400 naming what is wrong."""
        return decode_strict(value, self.model_type)

    def decode_builtins(self, value: dict[str, Any]) -> Any:
        """A form's fields as `model_type` (form values are text, so this converts them)."""
        try:
            return msgspec.convert(value, self.model_type, strict=False)
        except msgspec.ValidationError as exc:
            raise InvalidRequest(f"The form is not valid: {exc}.") from exc


class StrictBodyPlugin(SerializationPlugin):
    """Gives every `data: SomeStruct` parameter the strict decoder."""

    # Litestar asks this of return types too; `StrictBody` declines those.

    def supports_type(self, field_definition: FieldDefinition) -> bool:
        """A `backend.structs.Struct` (optional or not) as a request body."""
        return field_definition.is_subclass_of(Struct)

    def create_dto_for_type(self, field_definition: FieldDefinition) -> type[AbstractDTO[Any]]:
        """`StrictBody` narrowed to the body's type (`SomeStruct`, or `SomeStruct | None`)."""
        # The subscription `StrictBody[...]` with a type only known at run time.
        return StrictBody.__class_getitem__(field_definition.annotation)
