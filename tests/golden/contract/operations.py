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

OPERATIONS = (
    CREATE_NOTE,
)
