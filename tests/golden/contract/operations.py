"""Operations of the contract surface, with the JSON Schemas (2020-12, bundled) that
validate their parameters, bodies and responses. Generated; do not edit."""

from specloom.generator.ir import Body, Counter, Ledger, Operation, Param, RateLimit, SecurityRequirement  # noqa: F401

CREATE_NOTE = Operation(
    operation_id="createNote",
    method="POST",
    path="/notes",
    summary="",
    action="create",
    resource="notes",
    params=(),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "additionalProperties": False,
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["data"],
            "properties": {"data": {"type": "object", "required": ["id", "serial"]}},
        },
    },
    success_status=201,
    envelope="item",
    security=(),
)

COUNT_NOTES = Operation(
    operation_id="countNotes",
    method="GET",
    path="/notes/count",
    summary="How many notes there are (a hook)",
    action="list",
    resource="notes",
    params=(),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["count"],
            "properties": {"count": {"type": "integer"}},
        },
    },
    success_status=200,
    envelope="collection",
    security=(),
    hook="count_notes",
)

OPERATIONS = (
    CREATE_NOTE,
    COUNT_NOTES,
)
