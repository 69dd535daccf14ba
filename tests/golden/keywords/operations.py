"""Operations of the keywords surface, with the JSON Schemas (2020-12, bundled) that
validate their parameters, bodies and responses. Generated; do not edit."""

from specloom.generator.ir import Body, Counter, Ledger, Operation, Param, RateLimit, SecurityRequirement  # noqa: F401

LIST_WIDGETS = Operation(
    operation_id="listWidgets",
    method="GET",
    path="/widgets",
    summary="List widgets",
    action="list",
    resource="widgets",
    params=(
        Param(
            name="color",
            location="query",
            python_name="color",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "enum": ["red", "green", "blue"],
            },
            role="filter",
            filter_field="color",
        ),
        Param(
            name="minRatio",
            location="query",
            python_name="min_ratio",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "number",
                "exclusiveMinimum": 0,
                "exclusiveMaximum": 1,
            },
        ),
        Param(
            name="X-Trace",
            location="header",
            python_name="x_trace",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "pattern": "^[a-f0-9]{8}$",
            },
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["data"],
            "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}}},
            "components": {
                "schemas": {
                    "Widget": {
                        "type": "object",
                        "required": ["id", "kind"],
                        "properties": {
                            "id": {"type": "string"},
                            "kind": {"const": "widget"},
                            "nickname": {"type": ["string", "null"]},
                            "ratio": {"type": "number"},
                            "point": {"type": "array"},
                            "dimensions": {"type": "object"},
                            "color": {"type": "string"},
                            "launchAt": {"type": "string"},
                            "creditCard": {"type": "string"},
                            "billingAddress": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="collection",
    security=(),
)

CREATE_WIDGET = Operation(
    operation_id="createWidget",
    method="POST",
    path="/widgets",
    summary="Create a widget",
    action="create",
    resource="widgets",
    params=(),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/WidgetCreate",
            "components": {
                "schemas": {
                    "WidgetCreate": {
                        "$defs": {
                            "Dimensions": {
                                "type": "object",
                                "required": ["width", "height"],
                                "properties": {
                                    "width": {"type": "integer", "minimum": 1},
                                    "height": {"type": "integer", "minimum": 1},
                                },
                                "additionalProperties": False,
                            },
                        },
                        "allOf": [
                            {
                                "type": "object",
                                "required": ["kind"],
                                "properties": {
                                    "kind": {"const": "widget"},
                                    "nickname": {"type": ["string", "null"]},
                                    "ratio": {
                                        "type": "number",
                                        "exclusiveMinimum": 0,
                                        "exclusiveMaximum": 1,
                                    },
                                    "point": {
                                        "type": "array",
                                        "prefixItems": [{"type": "number"}, {"type": "number"}],
                                        "items": False,
                                    },
                                    "dimensions": {
                                        "$ref": "#/components/schemas/WidgetCreate/$defs/Dimensions",
                                    },
                                    "color": {"enum": ["red", "green", "blue"]},
                                    "launchAt": {"type": "string", "format": "date-time"},
                                },
                            },
                            {
                                "type": "object",
                                "properties": {
                                    "creditCard": {"type": "string"},
                                    "billingAddress": {"type": "string"},
                                },
                            },
                        ],
                        "dependentRequired": {"creditCard": ["billingAddress"]},
                        "unevaluatedProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["data"],
            "properties": {"data": {"$ref": "#/components/schemas/Widget"}},
            "components": {
                "schemas": {
                    "Widget": {
                        "type": "object",
                        "required": ["id", "kind"],
                        "properties": {
                            "id": {"type": "string"},
                            "kind": {"const": "widget"},
                            "nickname": {"type": ["string", "null"]},
                            "ratio": {"type": "number"},
                            "point": {"type": "array"},
                            "dimensions": {"type": "object"},
                            "color": {"type": "string"},
                            "launchAt": {"type": "string"},
                            "creditCard": {"type": "string"},
                            "billingAddress": {"type": "string"},
                        },
                    },
                },
            },
        },
        "422": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {
                            "error": {
                                "type": "object",
                                "required": ["code", "message", "details"],
                                "properties": {
                                    "code": {"type": "string"},
                                    "message": {"type": "string"},
                                    "details": {"type": "array"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=(),
)

OPERATIONS = (
    LIST_WIDGETS,
    CREATE_WIDGET,
)
