"""The API contract as served at `/schema/openapi.json`: what makes the document true.

Litestar writes the document from the handlers' types; this module adds what types
alone don't say: objects are closed (our Structs refuse unknown fields), who may call
(the bearer scheme), which errors each operation answers with (the one error body and
its stable codes), and the multipart form of an upload (read as a stream, not by Litestar).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar._openapi.schema_generation import SchemaCreator
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.spec import (
    Components,
    OpenAPI,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    PathItem,
    Reference,
    RequestBody,
    Schema,
    SecurityRequirement,
    SecurityScheme,
)
from litestar.plugins.base import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

from backend.errors import DomainError, status_of_class
from backend.structs import INT64_MAX, ErrorBody, Struct
from vocabulary import UNITS

#: Where the document is served (`/schema/openapi.json`, `/schema/openapi.yaml`).
SCHEMA_PATH = "/schema"
#: The security requirement of every API operation (health probes and upload pages need none).
BEARER: list[SecurityRequirement] = [{"bearer": []}]

_BEARER_SCHEME = SecurityScheme(
    type="http",
    scheme="bearer",
    description=(
        "The bot's key (acting for the customer named in `X-Telegram-User-Id`, or for "
        "itself without it) or a staff token from `smallbatch staff add`."
    ),
)

#: What each status means here; the codes under it are listed from the error classes.
_MEANINGS = {
    400: "The request is malformed: a field, parameter, header or form that is not valid.",
    401: "No credentials, or credentials nobody issued.",
    403: "The caller is known but may not do this.",
    404: "No such resource, or one the caller may not see.",
    409: "The request is valid but the resource's state does not allow it now.",
    410: "The resource existed but can no longer be used.",
    413: "The body is over its limit.",
    422: "Well-formed, but it cannot be carried out as asked (the part or the rate card); "
    "the engine's geometry and pricing codes too.",
    429: "Done too often recently; `Retry-After` says when to try again.",
    503: "The service is busy (the database or the disk); try again shortly.",
}


def error_codes(status: int) -> list[str]:
    """The stable codes an answer with `status` carries, from the domain error classes."""
    codes = {cls.code for cls in _subclasses(DomainError) if status_of_class(cls) == status}
    return sorted(codes)


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """The error answers an operation documents: `{"error": {"code", "message"}}` each."""
    return {status: _error_spec(status) for status in statuses}


def _error_spec(status: int) -> ResponseSpec:
    # The codes are added by `finish_document`, once every error class has been imported.
    return ResponseSpec(
        data_container=ErrorBody, description=_MEANINGS[status], generate_examples=False
    )


def _subclasses(cls: type[DomainError]) -> Iterator[type[DomainError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


#: The errors of every API operation: a bad parameter or header, no or an unknown key,
#: a caller who may not, a busy database.
CALLER = (400, 401, 403, 503)
#: ...and of an operation on one resource named in the path.
ONE = (*CALLER, 404)
#: A JSON body over the 1 MB limit.
TOO_LARGE = 413


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    """Our Structs refuse unknown fields, so their schemas say `additionalProperties: false`.

    Without it a fuzzer (or a generated client) may add fields the server then refuses.
    """

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        """The API's own Structs (the engine's reports are documented by the stock plugin)."""
        return not field_definition.is_union and field_definition.is_subclass_of(Struct)

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        """The Struct's schema, closed."""
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


@dataclass(frozen=True)
class DocumentedAs:
    """Marks a pass-through value (`msgspec.Raw`) with the type its JSON has.

    `Annotated[msgspec.Raw, DocumentedAs(MeshReport)]`: served as stored, documented as
    a `MeshReport`.
    """

    type: type[Any]


class DocumentedAsPlugin(OpenAPISchemaPlugin):
    """Documents a `DocumentedAs` value by the schema of the type it names."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        """A field annotated with `DocumentedAs`."""
        return _documented_as(field_definition) is not None

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        """The named type's schema (a reference to its component)."""
        named = _documented_as(field_definition)
        assert named is not None
        return schema_creator.for_field_definition(FieldDefinition.from_annotation(named))  # type: ignore[return-value]


def _documented_as(field_definition: FieldDefinition) -> type[Any] | None:
    marks = [m for m in field_definition.metadata if isinstance(m, DocumentedAs)]
    return marks[0].type if marks else None


def upload_form(file: str, required: tuple[str, ...] = (), **fields: Schema) -> Schema:
    """A multipart form of one non-empty `file` part (described by `file`) and text `fields`."""
    part = Schema(
        type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, min_length=1, description=file
    )
    return Schema(
        type=OpenAPIType.OBJECT,
        required=["file", *required],
        additional_properties=False,
        properties={"file": part, **fields},
    )


#: The parts upload form: one file and the optional unit the file is in.
UPLOAD_FORM = upload_form(
    "The CAD file (STL, STEP, 3MF, OBJ, PLY or GLB), with its file name.",
    units=Schema(
        type=OpenAPIType.STRING,
        enum=["", *UNITS],
        description="The unit the file is in (empty: as the file says).",
    ),
)


@dataclass
class MultipartUpload(Operation):
    """An operation whose body is the upload form (`form`), streamed by the handler itself."""

    form: ClassVar[Schema] = UPLOAD_FORM  # a subclass names another form

    def __post_init__(self) -> None:
        """Document the form Litestar doesn't see (the handler reads the raw stream)."""
        self.request_body = RequestBody(
            required=True,
            content={"multipart/form-data": OpenAPIMediaType(schema=self.form)},
        )


def openapi_config() -> OpenAPIConfig:
    """The document's settings: title, API version, where it is served, the bearer scheme."""
    return OpenAPIConfig(
        title="smallbatch",
        version="1.0.0",
        path=SCHEMA_PATH,
        components=Components(security_schemes={"bearer": _BEARER_SCHEME}),
        use_handler_docstrings=True,
    )


@dataclass
class OptionalBody(Operation):
    """An operation whose JSON body may be left out (Litestar marks every body required)."""

    def __post_init__(self) -> None:
        """Mark the body optional."""
        if isinstance(self.request_body, RequestBody):
            self.request_body.required = False


class _FinishedOpenAPIPlugin(OpenAPIPlugin):
    """Litestar's OpenAPI plugin, finishing the document (`finish_document`) as it builds it."""

    __slots__ = ()

    def _build_openapi(self) -> OpenAPI:
        document = super()._build_openapi()
        finish_document(document)
        return document


def finish_on_first_use(app: Litestar) -> None:
    """Finish the API document when Litestar first builds it, not at every start.

    Litestar builds the document on first use (`/schema`, `app.openapi_schema`); building it
    at start cost half a second of every start, for a page few ask for. The plugin Litestar
    made is given the subclass above (pinned: litestar 2.25; its slots forbid a patch).
    """
    plugin = app.plugins.get(OpenAPIPlugin)
    plugin.__class__ = _FinishedOpenAPIPlugin


def finish_document(document: OpenAPI) -> None:
    """What Litestar's document leaves out or says imprecisely, said right (in place, at start).

    Each error answer gets the codes it may carry. An optional parameter is left out to
    mean "none": Litestar documents it as "a value or null", and `null` in a query or
    header is just a four-letter string.
    """
    codes = {status: ", ".join(f"`{code}`" for code in error_codes(status)) for status in _MEANINGS}
    for path_item in (document.paths or {}).values():
        for operation in _operations(path_item):
            for status, response in (operation.responses or {}).items():
                if int(status) in _MEANINGS and isinstance(response, OpenAPIResponse):
                    response.description = f"{_MEANINGS[int(status)]} Codes: {codes[int(status)]}."
            for parameter in operation.parameters or []:
                if isinstance(parameter, Parameter) and isinstance(parameter.schema, Schema):
                    parameter.schema = _without_null(parameter.schema)
                    _exact_bounds(parameter.schema)
    for schema in (document.components.schemas or {}).values():
        _exact_bounds(schema)


def _operations(path_item: PathItem) -> Iterator[Operation]:
    for method in ("get", "put", "post", "patch", "delete"):
        operation = getattr(path_item, method)
        if operation is not None:
            yield operation


def _exact_bounds(schema: Schema | Reference) -> None:
    """Bounds as the exact integers they are (Litestar writes them as floats).

    2**63 - 1 as a float is 2**63, which would let a client send one more than allowed.
    """
    if not isinstance(schema, Schema):
        return
    if schema.maximum == float(INT64_MAX):
        schema.maximum = INT64_MAX
    children = [*(schema.properties or {}).values(), *(schema.one_of or []), *(schema.any_of or [])]
    for child in children:
        _exact_bounds(child)


def _without_null(schema: Schema) -> Schema | Reference:
    if isinstance(schema.type, list) and OpenAPIType.NULL in schema.type:  # a Literal | None
        kinds = [kind for kind in schema.type if kind != OpenAPIType.NULL]
        enum = None if schema.enum is None else [v for v in schema.enum if v is not None]
        return replace(schema, type=kinds[0] if len(kinds) == 1 else kinds, enum=enum)
    branches = [
        branch
        for branch in schema.one_of or []
        if not (isinstance(branch, Schema) and branch.type == OpenAPIType.NULL)
    ]
    if schema.one_of is None or len(branches) != 1:
        return schema
    kept = branches[0]
    if isinstance(kept, Reference):
        return kept
    # The constraints Litestar put beside the oneOf belong to the value itself.
    return replace(schema, one_of=None, type=kept.type, enum=kept.enum, format=kept.format)


def openapi_plugins() -> list[OpenAPISchemaPlugin]:
    """The schema plugins `create_app` installs ahead of Litestar's own."""
    return [DocumentedAsPlugin(), ClosedStructSchemaPlugin()]
