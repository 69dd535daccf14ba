"""Operations of the shopvo surface, with the JSON Schemas (2020-12, bundled) that
validate their parameters, bodies and responses. Generated; do not edit."""

from specloom.generator.ir import Body, Counter, Ledger, Operation, Param, RateLimit, SecurityRequirement  # noqa: F401

LIST_PRODUCTS = Operation(
    operation_id="listProducts",
    method="GET",
    path="/api/v1/{siteId}/products",
    summary="List products",
    action="list",
    resource="products",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="cursor",
            location="query",
            python_name="cursor",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "maxLength": 512,
            },
            role="cursor",
        ),
        Param(
            name="fields",
            location="query",
            python_name="fields",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "pattern": "^[A-Za-z]+(,[A-Za-z]+)*$",
                "example": "id,name,price,slug",
            },
            role="fields",
        ),
        Param(
            name="expand[]",
            location="query",
            python_name="expand",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "array",
                "items": {"type": "string", "enum": ["variants", "brand", "categories"]},
            },
            role="expand",
            is_array=True,
        ),
        Param(
            name="search",
            location="query",
            python_name="search",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
            },
            role="search",
        ),
        Param(
            name="categoryId",
            location="query",
            python_name="category_id",
            required=False,
            schema={"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
            role="filter",
            filter_field="categoryIds",
            filter_match="contains",
        ),
        Param(
            name="brandId",
            location="query",
            python_name="brand_id",
            required=False,
            schema={"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
            role="filter",
            filter_field="brandId",
        ),
        Param(
            name="status",
            location="query",
            python_name="status",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/ProductStatus",
                "default": "ACTIVE",
                "components": {
                    "schemas": {
                        "ProductStatus": {"type": "string", "enum": ["ACTIVE", "DRAFT", "ARCHIVED"]},
                    },
                },
            },
            role="filter",
            filter_field="status",
            default="ACTIVE",
        ),
        Param(
            name="featured",
            location="query",
            python_name="featured",
            required=False,
            schema={"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "boolean"},
            role="filter",
            filter_field="featured",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "oneOf": [
                {"$ref": "#/components/schemas/ProductPage"},
                {"$ref": "#/components/schemas/ProductCursorPage"},
            ],
            "components": {
                "schemas": {
                    "Brand": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "br_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "Category": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "cat_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "parentId": {"type": ["string", "null"], "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "ProductCursorPage": {
                        "type": "object",
                        "required": ["success", "items", "cursor", "hasNextPage", "limit"],
                        "properties": {
                            "success": {"const": True},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/ProductSparse"},
                            },
                            "cursor": {
                                "type": ["string", "null"],
                                "description": "Pass as ?cursor= to get the next page.",
                            },
                            "hasNextPage": {"type": "boolean"},
                            "limit": {"type": "integer"},
                        },
                    },
                    "ProductPage": {
                        "type": "object",
                        "required": ["success", "items", "pagination"],
                        "properties": {
                            "success": {"const": True},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/ProductSparse"},
                            },
                            "pagination": {
                                "type": "object",
                                "required": ["page", "limit", "total", "totalPages"],
                                "properties": {
                                    "page": {"type": "integer", "minimum": 1},
                                    "limit": {"type": "integer", "minimum": 1},
                                    "total": {"type": "integer", "minimum": 0},
                                    "totalPages": {"type": "integer", "minimum": 0},
                                },
                            },
                        },
                    },
                    "ProductSparse": {
                        "description": "A product as listed; with `fields` only the selected fields are present.",
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "description": {"type": ["string", "null"]},
                            "sku": {"type": ["string", "null"]},
                            "price": {"type": "integer"},
                            "compareAtPrice": {"type": ["integer", "null"]},
                            "images": {"type": "array", "items": {"type": "string"}},
                            "status": {"$ref": "#/components/schemas/ProductStatus"},
                            "featured": {"type": "boolean"},
                            "brandId": {"type": ["string", "null"]},
                            "categoryIds": {"type": "array", "items": {"type": "string"}},
                            "inventoryCount": {"type": ["integer", "null"]},
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "lowStockThreshold": {"type": ["integer", "null"]},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                            "variants": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/ProductVariant"},
                            },
                            "brand": {
                                "oneOf": [{"$ref": "#/components/schemas/Brand"}, {"type": "null"}],
                            },
                            "categories": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Category"},
                            },
                        },
                    },
                    "ProductStatus": {"type": "string", "enum": ["ACTIVE", "DRAFT", "ARCHIVED"]},
                    "ProductVariant": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "name",
                            "inventoryStatus",
                            "inventoryCount",
                            "options",
                            "isDefault",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {
                                "type": ["integer", "null"],
                                "description": "Null means the product price applies.",
                                "default": None,
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "default": 0},
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                            },
                            "isDefault": {"type": "boolean", "default": False},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="page",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:catalog",)),),),
    rate_limits=(RateLimit(name="productSearch", limit=60, window_seconds=60, when_query="search"),),
)

CREATE_PRODUCT = Operation(
    operation_id="createProduct",
    method="POST",
    path="/api/v1/{siteId}/products",
    summary="Create a product",
    action="create",
    resource="products",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductCreate",
            "components": {
                "schemas": {
                    "ProductCreate": {
                        "allOf": [{"$ref": "#/components/schemas/ProductWritable"}],
                        "required": ["name", "slug", "price"],
                        "unevaluatedProperties": False,
                    },
                    "ProductStatus": {"type": "string", "enum": ["ACTIVE", "DRAFT", "ARCHIVED"]},
                    "ProductWritable": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "minLength": 1, "maxLength": 200},
                            "slug": {
                                "type": "string",
                                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                                "maxLength": 120,
                            },
                            "description": {"type": ["string", "null"], "maxLength": 5000},
                            "sku": {"type": ["string", "null"], "maxLength": 64},
                            "price": {"type": "integer", "minimum": 0, "maximum": 100000000},
                            "compareAtPrice": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "images": {
                                "type": "array",
                                "maxItems": 20,
                                "items": {"type": "string", "format": "uri", "maxLength": 2000},
                            },
                            "status": {"$ref": "#/components/schemas/ProductStatus"},
                            "featured": {"type": "boolean"},
                            "brandId": {"type": ["string", "null"], "maxLength": 64},
                            "categoryIds": {
                                "type": "array",
                                "maxItems": 20,
                                "items": {"type": "string", "maxLength": 64},
                            },
                            "inventoryCount": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "lowStockThreshold": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                        },
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductEnvelope",
            "components": {
                "schemas": {
                    "Brand": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "br_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "Category": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "cat_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "parentId": {"type": ["string", "null"], "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "Product": {
                        "type": "object",
                        "required": [
                            "id",
                            "name",
                            "slug",
                            "price",
                            "status",
                            "featured",
                            "images",
                            "categoryIds",
                            "createdAt",
                            "updatedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "prd_abc123"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "description": {"type": ["string", "null"], "default": None},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {"type": "integer", "description": "Price in cents."},
                            "compareAtPrice": {"type": ["integer", "null"], "default": None},
                            "images": {"type": "array", "items": {"type": "string"}, "default": []},
                            "status": {"$ref": "#/components/schemas/ProductStatus", "default": "ACTIVE"},
                            "featured": {"type": "boolean", "default": False},
                            "brandId": {"type": ["string", "null"], "default": None},
                            "categoryIds": {"type": "array", "items": {"type": "string"}, "default": []},
                            "inventoryCount": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "Stock of a product sold without variants; null: not stock-tracked (inferred).",
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                            "variants": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/ProductVariant"},
                            },
                            "brand": {
                                "oneOf": [{"$ref": "#/components/schemas/Brand"}, {"type": "null"}],
                            },
                            "categories": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Category"},
                            },
                        },
                    },
                    "ProductEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Product"},
                        },
                    },
                    "ProductStatus": {"type": "string", "enum": ["ACTIVE", "DRAFT", "ARCHIVED"]},
                    "ProductVariant": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "name",
                            "inventoryStatus",
                            "inventoryCount",
                            "options",
                            "isDefault",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {
                                "type": ["integer", "null"],
                                "description": "Null means the product price applies.",
                                "default": None,
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "default": 0},
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                            },
                            "isDefault": {"type": "boolean", "default": False},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:catalog",)),),),
)

GET_PRODUCT = Operation(
    operation_id="getProduct",
    method="GET",
    path="/api/v1/{siteId}/products/{productId}",
    summary="Get a product by ID or slug",
    action="get",
    resource="products",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="id",
        ),
        Param(
            name="fields",
            location="query",
            python_name="fields",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "pattern": "^[A-Za-z]+(,[A-Za-z]+)*$",
                "example": "id,name,price,slug",
            },
            role="fields",
        ),
        Param(
            name="expand[]",
            location="query",
            python_name="expand",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "array",
                "items": {"type": "string", "enum": ["variants", "brand", "categories"]},
            },
            role="expand",
            is_array=True,
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "anyOf": [
                {"$ref": "#/components/schemas/ProductEnvelope"},
                {"$ref": "#/components/schemas/ProductSparseEnvelope"},
            ],
            "components": {
                "schemas": {
                    "Brand": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "br_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "Category": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "cat_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "parentId": {"type": ["string", "null"], "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "Product": {
                        "type": "object",
                        "required": [
                            "id",
                            "name",
                            "slug",
                            "price",
                            "status",
                            "featured",
                            "images",
                            "categoryIds",
                            "createdAt",
                            "updatedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "prd_abc123"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "description": {"type": ["string", "null"], "default": None},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {"type": "integer", "description": "Price in cents."},
                            "compareAtPrice": {"type": ["integer", "null"], "default": None},
                            "images": {"type": "array", "items": {"type": "string"}, "default": []},
                            "status": {"$ref": "#/components/schemas/ProductStatus", "default": "ACTIVE"},
                            "featured": {"type": "boolean", "default": False},
                            "brandId": {"type": ["string", "null"], "default": None},
                            "categoryIds": {"type": "array", "items": {"type": "string"}, "default": []},
                            "inventoryCount": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "Stock of a product sold without variants; null: not stock-tracked (inferred).",
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                            "variants": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/ProductVariant"},
                            },
                            "brand": {
                                "oneOf": [{"$ref": "#/components/schemas/Brand"}, {"type": "null"}],
                            },
                            "categories": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Category"},
                            },
                        },
                    },
                    "ProductEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Product"},
                        },
                    },
                    "ProductSparse": {
                        "description": "A product as listed; with `fields` only the selected fields are present.",
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "description": {"type": ["string", "null"]},
                            "sku": {"type": ["string", "null"]},
                            "price": {"type": "integer"},
                            "compareAtPrice": {"type": ["integer", "null"]},
                            "images": {"type": "array", "items": {"type": "string"}},
                            "status": {"$ref": "#/components/schemas/ProductStatus"},
                            "featured": {"type": "boolean"},
                            "brandId": {"type": ["string", "null"]},
                            "categoryIds": {"type": "array", "items": {"type": "string"}},
                            "inventoryCount": {"type": ["integer", "null"]},
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "lowStockThreshold": {"type": ["integer", "null"]},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                            "variants": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/ProductVariant"},
                            },
                            "brand": {
                                "oneOf": [{"$ref": "#/components/schemas/Brand"}, {"type": "null"}],
                            },
                            "categories": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Category"},
                            },
                        },
                    },
                    "ProductSparseEnvelope": {
                        "description": "A single product with `fields` (sparse fieldset, inferred for GET /products/{productId}).",
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/ProductSparse"},
                        },
                    },
                    "ProductStatus": {"type": "string", "enum": ["ACTIVE", "DRAFT", "ARCHIVED"]},
                    "ProductVariant": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "name",
                            "inventoryStatus",
                            "inventoryCount",
                            "options",
                            "isDefault",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {
                                "type": ["integer", "null"],
                                "description": "Null means the product price applies.",
                                "default": None,
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "default": 0},
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                            },
                            "isDefault": {"type": "boolean", "default": False},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:catalog",)),),),
    embed=("variants",),
)

DELETE_PRODUCT = Operation(
    operation_id="deleteProduct",
    method="DELETE",
    path="/api/v1/{siteId}/products/{productId}",
    summary="Delete a product",
    action="delete",
    resource="products",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "deleted"],
            "properties": {"success": {"const": True}, "deleted": {"const": True}},
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="deleted",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:catalog",)),),),
)

UPDATE_PRODUCT = Operation(
    operation_id="updateProduct",
    method="PATCH",
    path="/api/v1/{siteId}/products/{productId}",
    summary="Update a product",
    action="update",
    resource="products",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductUpdate",
            "components": {
                "schemas": {
                    "ProductStatus": {"type": "string", "enum": ["ACTIVE", "DRAFT", "ARCHIVED"]},
                    "ProductUpdate": {
                        "allOf": [{"$ref": "#/components/schemas/ProductWritable"}],
                        "unevaluatedProperties": False,
                        "minProperties": 1,
                    },
                    "ProductWritable": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "minLength": 1, "maxLength": 200},
                            "slug": {
                                "type": "string",
                                "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                                "maxLength": 120,
                            },
                            "description": {"type": ["string", "null"], "maxLength": 5000},
                            "sku": {"type": ["string", "null"], "maxLength": 64},
                            "price": {"type": "integer", "minimum": 0, "maximum": 100000000},
                            "compareAtPrice": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "images": {
                                "type": "array",
                                "maxItems": 20,
                                "items": {"type": "string", "format": "uri", "maxLength": 2000},
                            },
                            "status": {"$ref": "#/components/schemas/ProductStatus"},
                            "featured": {"type": "boolean"},
                            "brandId": {"type": ["string", "null"], "maxLength": 64},
                            "categoryIds": {
                                "type": "array",
                                "maxItems": 20,
                                "items": {"type": "string", "maxLength": 64},
                            },
                            "inventoryCount": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "lowStockThreshold": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                        },
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductEnvelope",
            "components": {
                "schemas": {
                    "Brand": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "br_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "Category": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "cat_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "parentId": {"type": ["string", "null"], "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "Product": {
                        "type": "object",
                        "required": [
                            "id",
                            "name",
                            "slug",
                            "price",
                            "status",
                            "featured",
                            "images",
                            "categoryIds",
                            "createdAt",
                            "updatedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "prd_abc123"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "description": {"type": ["string", "null"], "default": None},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {"type": "integer", "description": "Price in cents."},
                            "compareAtPrice": {"type": ["integer", "null"], "default": None},
                            "images": {"type": "array", "items": {"type": "string"}, "default": []},
                            "status": {"$ref": "#/components/schemas/ProductStatus", "default": "ACTIVE"},
                            "featured": {"type": "boolean", "default": False},
                            "brandId": {"type": ["string", "null"], "default": None},
                            "categoryIds": {"type": "array", "items": {"type": "string"}, "default": []},
                            "inventoryCount": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "Stock of a product sold without variants; null: not stock-tracked (inferred).",
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                            "variants": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/ProductVariant"},
                            },
                            "brand": {
                                "oneOf": [{"$ref": "#/components/schemas/Brand"}, {"type": "null"}],
                            },
                            "categories": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Category"},
                            },
                        },
                    },
                    "ProductEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Product"},
                        },
                    },
                    "ProductStatus": {"type": "string", "enum": ["ACTIVE", "DRAFT", "ARCHIVED"]},
                    "ProductVariant": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "name",
                            "inventoryStatus",
                            "inventoryCount",
                            "options",
                            "isDefault",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {
                                "type": ["integer", "null"],
                                "description": "Null means the product price applies.",
                                "default": None,
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "default": 0},
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                            },
                            "isDefault": {"type": "boolean", "default": False},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:catalog",)),),),
)

LIST_PRODUCT_VARIANTS = Operation(
    operation_id="listProductVariants",
    method="GET",
    path="/api/v1/{siteId}/products/{productId}/variants",
    summary="List a product's variants",
    action="list",
    resource="variants",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="parent",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/ProductVariant"}},
            },
            "components": {
                "schemas": {
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "ProductVariant": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "name",
                            "inventoryStatus",
                            "inventoryCount",
                            "options",
                            "isDefault",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {
                                "type": ["integer", "null"],
                                "description": "Null means the product price applies.",
                                "default": None,
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "default": 0},
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                            },
                            "isDefault": {"type": "boolean", "default": False},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="collection",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:catalog",)),),),
)

CREATE_PRODUCT_VARIANT = Operation(
    operation_id="createProductVariant",
    method="POST",
    path="/api/v1/{siteId}/products/{productId}/variants",
    summary="Create a variant",
    action="create",
    resource="variants",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="parent",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductVariantCreate",
            "components": {
                "schemas": {
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "ProductVariantCreate": {
                        "allOf": [{"$ref": "#/components/schemas/ProductVariantWritable"}],
                        "required": ["name"],
                        "unevaluatedProperties": False,
                    },
                    "ProductVariantWritable": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "minLength": 1, "maxLength": 200},
                            "sku": {"type": ["string", "null"], "maxLength": 64},
                            "price": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "maximum": 100000000},
                            "options": {
                                "type": "object",
                                "maxProperties": 10,
                                "additionalProperties": {"type": "string", "maxLength": 100},
                            },
                            "isDefault": {"type": "boolean"},
                            "lowStockThreshold": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                        },
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductVariantEnvelope",
            "components": {
                "schemas": {
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "ProductVariant": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "name",
                            "inventoryStatus",
                            "inventoryCount",
                            "options",
                            "isDefault",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {
                                "type": ["integer", "null"],
                                "description": "Null means the product price applies.",
                                "default": None,
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "default": 0},
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                            },
                            "isDefault": {"type": "boolean", "default": False},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "ProductVariantEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/ProductVariant"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:catalog",)),),),
)

DELETE_PRODUCT_VARIANT = Operation(
    operation_id="deleteProductVariant",
    method="DELETE",
    path="/api/v1/{siteId}/products/{productId}/variants/{variantId}",
    summary="Delete a variant",
    action="delete",
    resource="variants",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="parent",
        ),
        Param(
            name="variantId",
            location="path",
            python_name="variant_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "deleted"],
            "properties": {"success": {"const": True}, "deleted": {"const": True}},
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="deleted",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:catalog",)),),),
)

UPDATE_PRODUCT_VARIANT = Operation(
    operation_id="updateProductVariant",
    method="PATCH",
    path="/api/v1/{siteId}/products/{productId}/variants/{variantId}",
    summary="Update a variant",
    action="update",
    resource="variants",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="parent",
        ),
        Param(
            name="variantId",
            location="path",
            python_name="variant_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductVariantUpdate",
            "components": {
                "schemas": {
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "ProductVariantUpdate": {
                        "allOf": [{"$ref": "#/components/schemas/ProductVariantWritable"}],
                        "unevaluatedProperties": False,
                        "minProperties": 1,
                    },
                    "ProductVariantWritable": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "minLength": 1, "maxLength": 200},
                            "sku": {"type": ["string", "null"], "maxLength": 64},
                            "price": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "maximum": 100000000},
                            "options": {
                                "type": "object",
                                "maxProperties": 10,
                                "additionalProperties": {"type": "string", "maxLength": 100},
                            },
                            "isDefault": {"type": "boolean"},
                            "lowStockThreshold": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                        },
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ProductVariantEnvelope",
            "components": {
                "schemas": {
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "ProductVariant": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "name",
                            "inventoryStatus",
                            "inventoryCount",
                            "options",
                            "isDefault",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"], "default": None},
                            "price": {
                                "type": ["integer", "null"],
                                "description": "Null means the product price applies.",
                                "default": None,
                            },
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                            "inventoryCount": {"type": "integer", "minimum": 0, "default": 0},
                            "options": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                            },
                            "isDefault": {"type": "boolean", "default": False},
                            "lowStockThreshold": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "inventory.low fires below it (5 when null; inferred).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "ProductVariantEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/ProductVariant"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:catalog",)),),),
)

LIST_CATEGORIES = Operation(
    operation_id="listCategories",
    method="GET",
    path="/api/v1/{siteId}/categories",
    summary="List categories",
    action="list",
    resource="categories",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="slug",
            location="query",
            python_name="slug",
            required=False,
            schema={"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
            role="filter",
            filter_field="slug",
        ),
        Param(
            name="parentId",
            location="query",
            python_name="parent_id",
            required=False,
            schema={"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
            role="filter",
            filter_field="parentId",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}},
            },
            "components": {
                "schemas": {
                    "Category": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "cat_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "parentId": {"type": ["string", "null"], "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="collection",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:catalog",)),),),
)

LIST_BRANDS = Operation(
    operation_id="listBrands",
    method="GET",
    path="/api/v1/{siteId}/brands",
    summary="List brands",
    action="list",
    resource="brands",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="slug",
            location="query",
            python_name="slug",
            required=False,
            schema={"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
            role="filter",
            filter_field="slug",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Brand"}},
            },
            "components": {
                "schemas": {
                    "Brand": {
                        "type": "object",
                        "required": ["id", "name", "slug"],
                        "properties": {
                            "id": {"type": "string", "example": "br_1"},
                            "name": {"type": "string"},
                            "slug": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="collection",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:catalog",)),),),
)

LIST_PROMOTIONS = Operation(
    operation_id="listPromotions",
    method="GET",
    path="/api/v1/{siteId}/promotions",
    summary="List promotions",
    action="list",
    resource="promotions",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="status",
            location="query",
            python_name="status",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/PromotionStatus",
                "components": {
                    "schemas": {
                        "PromotionStatus": {
                            "type": "string",
                            "enum": ["ACTIVE", "SCHEDULED", "EXPIRED", "EXHAUSTED"],
                        },
                    },
                },
            },
            role="filter",
            filter_field="status",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "items", "pagination"],
            "properties": {
                "success": {"const": True},
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Promotion"}},
                "pagination": {"$ref": "#/components/schemas/OffsetPagination"},
            },
            "components": {
                "schemas": {
                    "OffsetPagination": {
                        "type": "object",
                        "required": ["page", "limit", "total", "totalPages"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "limit": {"type": "integer", "minimum": 1},
                            "total": {"type": "integer", "minimum": 0},
                            "totalPages": {"type": "integer", "minimum": 0},
                        },
                    },
                    "Promotion": {
                        "type": "object",
                        "required": ["id", "code", "type", "value", "status", "usedCount"],
                        "properties": {
                            "id": {"type": "string", "example": "promo_abc"},
                            "code": {"type": "string"},
                            "type": {"$ref": "#/components/schemas/PromotionType"},
                            "value": {"type": "number"},
                            "minOrderAmount": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "Minimum cart subtotal in cents.",
                            },
                            "maxUses": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "null = unlimited",
                            },
                            "usedCount": {"type": "integer", "default": 0},
                            "remainingUses": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "maxUses − usedCount; null = unlimited (inferred).",
                            },
                            "maxUsesPerCustomer": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "Uses allowed per customer email; null = unlimited (inferred).",
                            },
                            "status": {
                                "$ref": "#/components/schemas/PromotionStatus",
                                "description": "Computed on every read from startsAt, expiresAt and the uses left.",
                            },
                            "startsAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "SCHEDULED before it (inferred).",
                            },
                            "expiresAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "PromotionStatus": {"type": "string", "enum": ["ACTIVE", "SCHEDULED", "EXPIRED", "EXHAUSTED"]},
                    "PromotionType": {"type": "string", "enum": ["PERCENTAGE", "FIXED_AMOUNT", "FREE_SHIPPING"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="page",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:promotions",)),),),
)

CREATE_PROMOTION = Operation(
    operation_id="createPromotion",
    method="POST",
    path="/api/v1/{siteId}/promotions",
    summary="Create a promotion",
    action="create",
    resource="promotions",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/PromotionCreate",
            "components": {
                "schemas": {
                    "PromotionCreate": {
                        "type": "object",
                        "required": ["code", "type", "value"],
                        "properties": {
                            "code": {
                                "type": "string",
                                "pattern": "^[A-Za-z0-9_-]{3,32}$",
                                "description": "Kept in upper case; matched case-insensitively.",
                            },
                            "type": {"$ref": "#/components/schemas/PromotionType"},
                            "value": {"type": "number", "minimum": 0, "maximum": 100000000},
                            "minOrderAmount": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "maxUses": {"type": ["integer", "null"], "minimum": 1, "maximum": 100000000},
                            "maxUsesPerCustomer": {
                                "type": ["integer", "null"],
                                "minimum": 1,
                                "maximum": 100000000,
                                "description": "Inferred: uses allowed per customer email.",
                            },
                            "startsAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "description": "Inferred: the promotion is SCHEDULED until then.",
                            },
                            "expiresAt": {"type": ["string", "null"], "format": "date-time"},
                        },
                        "additionalProperties": False,
                    },
                    "PromotionType": {"type": "string", "enum": ["PERCENTAGE", "FIXED_AMOUNT", "FREE_SHIPPING"]},
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/PromotionEnvelope",
            "components": {
                "schemas": {
                    "Promotion": {
                        "type": "object",
                        "required": ["id", "code", "type", "value", "status", "usedCount"],
                        "properties": {
                            "id": {"type": "string", "example": "promo_abc"},
                            "code": {"type": "string"},
                            "type": {"$ref": "#/components/schemas/PromotionType"},
                            "value": {"type": "number"},
                            "minOrderAmount": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "Minimum cart subtotal in cents.",
                            },
                            "maxUses": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "null = unlimited",
                            },
                            "usedCount": {"type": "integer", "default": 0},
                            "remainingUses": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "maxUses − usedCount; null = unlimited (inferred).",
                            },
                            "maxUsesPerCustomer": {
                                "type": ["integer", "null"],
                                "default": None,
                                "description": "Uses allowed per customer email; null = unlimited (inferred).",
                            },
                            "status": {
                                "$ref": "#/components/schemas/PromotionStatus",
                                "description": "Computed on every read from startsAt, expiresAt and the uses left.",
                            },
                            "startsAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "SCHEDULED before it (inferred).",
                            },
                            "expiresAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "PromotionEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Promotion"},
                        },
                    },
                    "PromotionStatus": {"type": "string", "enum": ["ACTIVE", "SCHEDULED", "EXPIRED", "EXHAUSTED"]},
                    "PromotionType": {"type": "string", "enum": ["PERCENTAGE", "FIXED_AMOUNT", "FREE_SHIPPING"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:promotions",)),),),
)

VALIDATE_PROMOTION = Operation(
    operation_id="validatePromotion",
    method="POST",
    path="/api/v1/{siteId}/promotions/validate",
    summary="Validate a coupon code",
    action="coupons.validate",
    resource="promotions",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["code", "cartTotal"],
            "properties": {
                "code": {"type": "string", "minLength": 1, "maxLength": 64},
                "cartTotal": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 100000000,
                    "description": "Cart subtotal in cents.",
                },
                "email": {"type": "string", "format": "email", "maxLength": 254},
            },
            "additionalProperties": False,
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "valid", "discount", "promotion"],
            "properties": {
                "success": {"const": True},
                "valid": {"type": "boolean"},
                "discount": {"type": "integer", "minimum": 0},
                "promotion": {
                    "oneOf": [
                        {"type": "null"},
                        {
                            "type": "object",
                            "required": ["id", "code", "type", "value"],
                            "properties": {
                                "id": {"type": "string"},
                                "code": {"type": "string"},
                                "type": {"$ref": "#/components/schemas/PromotionType"},
                                "value": {"type": "number"},
                            },
                        },
                    ],
                },
            },
            "components": {
                "schemas": {
                    "PromotionType": {"type": "string", "enum": ["PERCENTAGE", "FIXED_AMOUNT", "FREE_SHIPPING"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=(),
    options={
        "codeField": "code",
        "amountField": "cartTotal",
        "customerField": "email",
        "summary": ["id", "code", "type", "value"],
        "answer": {"success": True, "valid": "$valid", "discount": "$discount", "promotion": "$summary"},
    },
)

LIST_GIFT_CARDS = Operation(
    operation_id="listGiftCards",
    method="GET",
    path="/api/v1/{siteId}/gift-cards",
    summary="List gift cards",
    action="list",
    resource="giftCards",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="status",
            location="query",
            python_name="status",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/GiftCardStatus",
                "components": {
                    "schemas": {
                        "GiftCardStatus": {"type": "string", "enum": ["ACTIVE", "REDEEMED", "EXPIRED", "VOID"]},
                    },
                },
            },
            role="filter",
            filter_field="status",
        ),
        Param(
            name="customerId",
            location="query",
            python_name="customer_id",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="filter",
            filter_field="customerId",
        ),
        Param(
            name="code",
            location="query",
            python_name="code",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 40,
            },
            role="filter",
            filter_field="code",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "items", "pagination"],
            "properties": {
                "success": {"const": True},
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/GiftCard"}},
                "pagination": {"$ref": "#/components/schemas/OffsetPagination"},
            },
            "components": {
                "schemas": {
                    "GiftCard": {
                        "type": "object",
                        "required": [
                            "id",
                            "code",
                            "initialBalance",
                            "remainingBalance",
                            "status",
                            "issuedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "gc_abc"},
                            "code": {"type": "string", "example": "GIFT-XXXX-YYYY"},
                            "initialBalance": {"type": "integer", "minimum": 1, "description": "In cents."},
                            "remainingBalance": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "In cents.",
                            },
                            "status": {
                                "$ref": "#/components/schemas/GiftCardStatus",
                                "default": "ACTIVE",
                                "description": "VOID is kept; REDEEMED and EXPIRED are computed on every read.",
                            },
                            "customerId": {"type": ["string", "null"], "default": None},
                            "expiresAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "note": {"type": ["string", "null"], "default": None},
                            "voidedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "issuedAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "GiftCardStatus": {"type": "string", "enum": ["ACTIVE", "REDEEMED", "EXPIRED", "VOID"]},
                    "OffsetPagination": {
                        "type": "object",
                        "required": ["page", "limit", "total", "totalPages"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "limit": {"type": "integer", "minimum": 1},
                            "total": {"type": "integer", "minimum": 0},
                            "totalPages": {"type": "integer", "minimum": 0},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="page",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:gift-cards",)),),),
)

ISSUE_GIFT_CARD = Operation(
    operation_id="issueGiftCard",
    method="POST",
    path="/api/v1/{siteId}/gift-cards",
    summary="Issue a gift card",
    action="create",
    resource="giftCards",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/GiftCardCreate",
            "components": {
                "schemas": {
                    "GiftCardCreate": {
                        "type": "object",
                        "required": ["initialBalance"],
                        "properties": {
                            "code": {
                                "type": "string",
                                "pattern": "^[A-Za-z0-9-]{4,40}$",
                                "description": "Generated (GIFT-XXXX-XXXX) unless given; kept in upper case.",
                            },
                            "initialBalance": {"type": "integer", "minimum": 1, "maximum": 100000000},
                            "customerId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "expiresAt": {"type": ["string", "null"], "format": "date-time"},
                            "note": {"type": "string", "maxLength": 500},
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/GiftCardEnvelope",
            "components": {
                "schemas": {
                    "GiftCard": {
                        "type": "object",
                        "required": [
                            "id",
                            "code",
                            "initialBalance",
                            "remainingBalance",
                            "status",
                            "issuedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "gc_abc"},
                            "code": {"type": "string", "example": "GIFT-XXXX-YYYY"},
                            "initialBalance": {"type": "integer", "minimum": 1, "description": "In cents."},
                            "remainingBalance": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "In cents.",
                            },
                            "status": {
                                "$ref": "#/components/schemas/GiftCardStatus",
                                "default": "ACTIVE",
                                "description": "VOID is kept; REDEEMED and EXPIRED are computed on every read.",
                            },
                            "customerId": {"type": ["string", "null"], "default": None},
                            "expiresAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "note": {"type": ["string", "null"], "default": None},
                            "voidedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "issuedAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "GiftCardEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/GiftCard"},
                        },
                    },
                    "GiftCardStatus": {"type": "string", "enum": ["ACTIVE", "REDEEMED", "EXPIRED", "VOID"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:gift-cards",)),),),
)

REDEEM_GIFT_CARD = Operation(
    operation_id="redeemGiftCard",
    method="POST",
    path="/api/v1/{siteId}/gift-cards/{giftCardId}/redeem",
    summary="Redeem a gift card",
    action="counters.adjust",
    resource="giftCards",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="giftCardId",
            location="path",
            python_name="gift_card_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/GiftCardRedeem",
            "components": {
                "schemas": {
                    "GiftCardRedeem": {
                        "type": "object",
                        "required": ["amount"],
                        "properties": {
                            "amount": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": 100000000,
                                "description": "In cents.",
                            },
                            "orderId": {"type": "string", "minLength": 1, "maxLength": 64},
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/GiftCardEnvelope",
            "components": {
                "schemas": {
                    "GiftCard": {
                        "type": "object",
                        "required": [
                            "id",
                            "code",
                            "initialBalance",
                            "remainingBalance",
                            "status",
                            "issuedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "gc_abc"},
                            "code": {"type": "string", "example": "GIFT-XXXX-YYYY"},
                            "initialBalance": {"type": "integer", "minimum": 1, "description": "In cents."},
                            "remainingBalance": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "In cents.",
                            },
                            "status": {
                                "$ref": "#/components/schemas/GiftCardStatus",
                                "default": "ACTIVE",
                                "description": "VOID is kept; REDEEMED and EXPIRED are computed on every read.",
                            },
                            "customerId": {"type": ["string", "null"], "default": None},
                            "expiresAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "note": {"type": ["string", "null"], "default": None},
                            "voidedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "issuedAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "GiftCardEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/GiftCard"},
                        },
                    },
                    "GiftCardStatus": {"type": "string", "enum": ["ACTIVE", "REDEEMED", "EXPIRED", "VOID"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:gift-cards",)),),),
    options={
        "field": "remainingBalance",
        "amountField": "amount",
        "mode": "decrement",
        "floor": 0,
        "requires": {"status": ["ACTIVE"]},
        "entry": {
            "resource": "giftCardRedemptions",
            "recordField": "giftCardId",
            "values": {"amount": "$amount", "orderId": "$body.orderId", "balanceAfter": "$after"},
        },
    },
)

UPDATE_GIFT_CARD = Operation(
    operation_id="updateGiftCard",
    method="PATCH",
    path="/api/v1/{siteId}/gift-cards/{giftCardId}",
    summary="Void a gift card or change its expiry",
    action="states.transition",
    resource="giftCards",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="giftCardId",
            location="path",
            python_name="gift_card_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/GiftCardUpdate",
            "components": {
                "schemas": {
                    "GiftCardUpdate": {
                        "type": "object",
                        "minProperties": 1,
                        "properties": {
                            "status": {
                                "enum": ["ACTIVE", "VOID"],
                                "description": "VOID voids the card for good; ACTIVE on a void card is refused (409).",
                            },
                            "expiresAt": {"type": ["string", "null"], "format": "date-time"},
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/GiftCardEnvelope",
            "components": {
                "schemas": {
                    "GiftCard": {
                        "type": "object",
                        "required": [
                            "id",
                            "code",
                            "initialBalance",
                            "remainingBalance",
                            "status",
                            "issuedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "gc_abc"},
                            "code": {"type": "string", "example": "GIFT-XXXX-YYYY"},
                            "initialBalance": {"type": "integer", "minimum": 1, "description": "In cents."},
                            "remainingBalance": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "In cents.",
                            },
                            "status": {
                                "$ref": "#/components/schemas/GiftCardStatus",
                                "default": "ACTIVE",
                                "description": "VOID is kept; REDEEMED and EXPIRED are computed on every read.",
                            },
                            "customerId": {"type": ["string", "null"], "default": None},
                            "expiresAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "note": {"type": ["string", "null"], "default": None},
                            "voidedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "issuedAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "GiftCardEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/GiftCard"},
                        },
                    },
                    "GiftCardStatus": {"type": "string", "enum": ["ACTIVE", "REDEEMED", "EXPIRED", "VOID"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:gift-cards",)),),),
    options={"targetField": "status", "defaultTransition": "change"},
)

GET_LOYALTY_ACCOUNT = Operation(
    operation_id="getLoyaltyAccount",
    method="GET",
    path="/api/v1/{siteId}/loyalty/{customerId}",
    summary="Get a customer's loyalty account",
    action="get",
    resource="loyaltyAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="customerId",
            location="path",
            python_name="customer_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {"$ref": "#/components/schemas/LoyaltyAccount"},
            },
            "components": {
                "schemas": {
                    "LoyaltyAccount": {
                        "type": "object",
                        "required": ["customerId", "points"],
                        "properties": {
                            "id": {"type": "string"},
                            "customerId": {"type": "string", "example": "cust_xyz"},
                            "points": {"type": "integer", "minimum": 0, "default": 0},
                            "tier": {
                                "type": ["string", "null"],
                                "description": "Computed from the points and the site tiers (loyaltyTiers).",
                            },
                            "transactions": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LoyaltyTransaction"},
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "LoyaltyTransaction": {
                        "type": "object",
                        "required": ["id", "type", "points", "createdAt"],
                        "properties": {
                            "id": {"type": "string", "example": "lt_1"},
                            "customerId": {"type": "string"},
                            "type": {"enum": ["EARN", "REDEEM"]},
                            "points": {"type": "integer", "description": "Negative for a redemption."},
                            "note": {"type": "string"},
                            "orderId": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:loyalty",)),),),
    embed=("transactions",),
)

AWARD_LOYALTY_POINTS = Operation(
    operation_id="awardLoyaltyPoints",
    method="POST",
    path="/api/v1/{siteId}/loyalty/{customerId}/award",
    summary="Award loyalty points",
    action="ledgers.post",
    resource="loyaltyAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="customerId",
            location="path",
            python_name="customer_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["points"],
            "properties": {
                "points": {"type": "integer", "minimum": 1, "maximum": 100000000},
                "note": {"type": "string", "maxLength": 500},
                "orderId": {"type": "string", "maxLength": 64},
            },
            "additionalProperties": False,
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {
                    "type": "object",
                    "required": ["points", "transaction"],
                    "properties": {
                        "points": {"type": "integer", "minimum": 0},
                        "transaction": {"$ref": "#/components/schemas/LoyaltyTransaction"},
                    },
                },
            },
            "components": {
                "schemas": {
                    "LoyaltyTransaction": {
                        "type": "object",
                        "required": ["id", "type", "points", "createdAt"],
                        "properties": {
                            "id": {"type": "string", "example": "lt_1"},
                            "customerId": {"type": "string"},
                            "type": {"enum": ["EARN", "REDEEM"]},
                            "points": {"type": "integer", "description": "Negative for a redemption."},
                            "note": {"type": "string"},
                            "orderId": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:loyalty",)),),),
    options={
        "balanceField": "points",
        "entries": "loyaltyTransactions",
        "amountField": "points",
        "direction": "credit",
        "entryType": {"field": "type", "value": "EARN"},
        "createMissing": True,
        "accountKeyField": "customerId",
    },
)

REDEEM_LOYALTY_POINTS = Operation(
    operation_id="redeemLoyaltyPoints",
    method="POST",
    path="/api/v1/{siteId}/loyalty/{customerId}/redeem",
    summary="Redeem loyalty points",
    action="ledgers.post",
    resource="loyaltyAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="customerId",
            location="path",
            python_name="customer_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["points"],
            "properties": {
                "points": {"type": "integer", "minimum": 1, "maximum": 100000000},
                "orderId": {"type": "string", "maxLength": 64},
                "note": {"type": "string", "maxLength": 500},
            },
            "additionalProperties": False,
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {
                    "type": "object",
                    "required": ["discountAmount", "pointsRemaining"],
                    "properties": {
                        "discountAmount": {"type": "integer", "minimum": 0},
                        "pointsRemaining": {"type": "integer", "minimum": 0},
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:loyalty",)),),),
    options={
        "balanceField": "points",
        "entries": "loyaltyTransactions",
        "amountField": "points",
        "direction": "debit",
        "signed": True,
        "entryType": {"field": "type", "value": "REDEEM"},
        "conversion": {"setting": "loyaltyRedemptionRate"},
        "answer": {"discountAmount": "$converted", "pointsRemaining": "$balance"},
    },
)

LIST_INVENTORY = Operation(
    operation_id="listInventory",
    method="GET",
    path="/api/v1/{siteId}/inventory",
    summary="List stock levels",
    action="lists.union",
    resource=None,
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="sku",
            location="query",
            python_name="sku",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "items", "pagination"],
            "properties": {
                "success": {"const": True},
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/InventoryItem"}},
                "pagination": {"$ref": "#/components/schemas/OffsetPagination"},
            },
            "components": {
                "schemas": {
                    "InventoryItem": {
                        "type": "object",
                        "required": ["id", "name", "inventoryStatus"],
                        "properties": {
                            "id": {"type": "string", "example": "var_s"},
                            "productId": {"type": "string"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "sku": {"type": ["string", "null"]},
                            "inventoryCount": {"type": ["integer", "null"]},
                            "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                        },
                    },
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                    "OffsetPagination": {
                        "type": "object",
                        "required": ["page", "limit", "total", "totalPages"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "limit": {"type": "integer", "minimum": 1},
                            "total": {"type": "integer", "minimum": 0},
                            "totalPages": {"type": "integer", "minimum": 0},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:inventory",)),),),
    options={
        "filters": ["sku"],
        "sources": [
            {
                "resource": "variants",
                "fields": {
                    "id": "id",
                    "productId": "productId",
                    "variantId": "id",
                    "name": "{parent.name} — {name}",
                    "sku": "sku",
                    "inventoryCount": "inventoryCount",
                    "inventoryStatus": "inventoryStatus",
                },
            },
            {
                "resource": "products",
                "fields": {
                    "id": "id",
                    "productId": "id",
                    "variantId": None,
                    "name": "name",
                    "sku": "sku",
                    "inventoryCount": "inventoryCount",
                    "inventoryStatus": "inventoryStatus",
                },
            },
        ],
    },
)

ADJUST_INVENTORY = Operation(
    operation_id="adjustInventory",
    method="POST",
    path="/api/v1/{siteId}/inventory/{productId}",
    summary="Adjust a stock level",
    action="counters.adjust",
    resource="products",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["operation", "quantity"],
            "properties": {
                "operation": {"enum": ["set", "increment", "decrement"]},
                "quantity": {"type": "integer", "minimum": 0, "maximum": 100000000},
                "variantId": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 64,
                    "description": "Targets a specific variant.",
                },
                "reason": {"type": "string", "maxLength": 500, "description": "Audit note."},
            },
            "additionalProperties": False,
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {
                    "type": "object",
                    "required": ["id", "inventoryStatus"],
                    "properties": {
                        "id": {"type": "string"},
                        "inventoryCount": {"type": ["integer", "null"]},
                        "inventoryStatus": {"$ref": "#/components/schemas/InventoryStatus"},
                    },
                },
            },
            "components": {
                "schemas": {
                    "InventoryStatus": {"type": "string", "enum": ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:inventory",)),),),
    options={
        "field": "inventoryCount",
        "modeField": "operation",
        "amountField": "quantity",
        "floor": 0,
        "refusalCode": "OUT_OF_STOCK",
        "child": {"bodyField": "variantId", "resource": "variants"},
        "entry": {
            "resource": "inventoryAdjustments",
            "recordField": "targetId",
            "resourceField": "targetType",
            "values": {
                "operation": "$mode",
                "quantity": "$amount",
                "before": "$before",
                "after": "$after",
                "reason": "$body.reason",
            },
        },
    },
)

LIST_WEBHOOKS = Operation(
    operation_id="listWebhooks",
    method="GET",
    path="/api/v1/{siteId}/webhooks",
    summary="List webhook subscriptions",
    action="list",
    resource="webhookSubscriptions",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/WebhookSubscription"}},
            },
            "components": {
                "schemas": {
                    "WebhookEvent": {
                        "type": "string",
                        "enum": [
                            "order.created",
                            "order.updated",
                            "payment.confirmed",
                            "payment.failed",
                            "inventory.low",
                            "cart.abandoned",
                            "review.created",
                        ],
                    },
                    "WebhookSubscription": {
                        "type": "object",
                        "required": ["id", "url", "events", "createdAt", "updatedAt"],
                        "properties": {
                            "id": {"type": "string", "example": "wh_abc123"},
                            "url": {
                                "type": "string",
                                "description": "The HTTPS endpoint events are POSTed to.",
                            },
                            "events": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/WebhookEvent"},
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="collection",
    security=((SecurityRequirement(scheme="apiKey", scopes=("webhooks:read",)),),),
)

CREATE_WEBHOOK = Operation(
    operation_id="createWebhook",
    method="POST",
    path="/api/v1/{siteId}/webhooks",
    summary="Create a webhook subscription",
    action="webhooks.subscribe",
    resource="webhookSubscriptions",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/WebhookSubscriptionCreate",
            "components": {
                "schemas": {
                    "WebhookEvent": {
                        "type": "string",
                        "enum": [
                            "order.created",
                            "order.updated",
                            "payment.confirmed",
                            "payment.failed",
                            "inventory.low",
                            "cart.abandoned",
                            "review.created",
                        ],
                    },
                    "WebhookSubscriptionCreate": {
                        "type": "object",
                        "required": ["url", "events"],
                        "properties": {
                            "url": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": 2048,
                                "description": "An https URL on a public host (no credentials, no fragment).",
                            },
                            "events": {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": 7,
                                "uniqueItems": True,
                                "items": {"$ref": "#/components/schemas/WebhookEvent"},
                            },
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/WebhookSubscriptionCreated",
            "components": {
                "schemas": {
                    "WebhookEvent": {
                        "type": "string",
                        "enum": [
                            "order.created",
                            "order.updated",
                            "payment.confirmed",
                            "payment.failed",
                            "inventory.low",
                            "cart.abandoned",
                            "review.created",
                        ],
                    },
                    "WebhookSubscription": {
                        "type": "object",
                        "required": ["id", "url", "events", "createdAt", "updatedAt"],
                        "properties": {
                            "id": {"type": "string", "example": "wh_abc123"},
                            "url": {
                                "type": "string",
                                "description": "The HTTPS endpoint events are POSTed to.",
                            },
                            "events": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/WebhookEvent"},
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "WebhookSubscriptionCreated": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {
                                "allOf": [{"$ref": "#/components/schemas/WebhookSubscription"}],
                                "required": ["secret"],
                                "properties": {
                                    "secret": {
                                        "type": "string",
                                        "pattern": "^whsec_[A-Za-z0-9]{40}$",
                                        "description": "The subscription's signing secret. Shown only in this answer.",
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("webhooks:write",)),),),
)

DELETE_WEBHOOK = Operation(
    operation_id="deleteWebhook",
    method="DELETE",
    path="/api/v1/{siteId}/webhooks/{webhookId}",
    summary="Delete a webhook subscription",
    action="webhooks.unsubscribe",
    resource="webhookSubscriptions",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="webhookId",
            location="path",
            python_name="webhook_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "deleted"],
            "properties": {"success": {"const": True}, "deleted": {"const": True}},
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("webhooks:write",)),),),
)

GET_STORE_CREDIT = Operation(
    operation_id="getStoreCredit",
    method="GET",
    path="/api/v1/{siteId}/store-credit/{customerId}",
    summary="Get a customer's store credit",
    action="get",
    resource="storeCreditAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="customerId",
            location="path",
            python_name="customer_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {"$ref": "#/components/schemas/StoreCreditAccount"},
            },
            "components": {
                "schemas": {
                    "StoreCreditAccount": {
                        "type": "object",
                        "required": ["customerId", "balance"],
                        "properties": {
                            "id": {"type": "string"},
                            "customerId": {"type": "string", "example": "cust_xyz"},
                            "balance": {"type": "integer", "minimum": 0, "default": 0},
                            "transactions": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/StoreCreditTransaction"},
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "StoreCreditTransaction": {
                        "type": "object",
                        "required": ["id", "type", "amount", "createdAt"],
                        "properties": {
                            "id": {"type": "string", "example": "sct_1"},
                            "customerId": {"type": "string"},
                            "type": {"enum": ["CREDIT", "DEBIT"]},
                            "amount": {"type": "integer"},
                            "note": {"type": "string"},
                            "orderId": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:store-credit",)),),),
    embed=("transactions",),
)

ADJUST_STORE_CREDIT = Operation(
    operation_id="adjustStoreCredit",
    method="POST",
    path="/api/v1/{siteId}/store-credit/{customerId}",
    summary="Issue or deduct store credit",
    action="ledger",
    resource="storeCreditAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="customerId",
            location="path",
            python_name="customer_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["type", "amount"],
            "properties": {
                "type": {"enum": ["CREDIT", "DEBIT"]},
                "amount": {"type": "integer", "minimum": 1, "maximum": 100000000},
                "note": {"type": "string", "maxLength": 500},
                "orderId": {"type": "string", "maxLength": 64},
            },
            "additionalProperties": False,
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {
                "success": {"const": True},
                "data": {
                    "type": "object",
                    "required": ["balance", "transaction"],
                    "properties": {
                        "balance": {"type": "integer", "minimum": 0},
                        "transaction": {"$ref": "#/components/schemas/StoreCreditTransaction"},
                    },
                },
            },
            "components": {
                "schemas": {
                    "StoreCreditTransaction": {
                        "type": "object",
                        "required": ["id", "type", "amount", "createdAt"],
                        "properties": {
                            "id": {"type": "string", "example": "sct_1"},
                            "customerId": {"type": "string"},
                            "type": {"enum": ["CREDIT", "DEBIT"]},
                            "amount": {"type": "integer"},
                            "note": {"type": "string"},
                            "orderId": {"type": "string"},
                            "createdAt": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:store-credit",)),),),
    ledger=Ledger(
        balance_field="balance",
        entries="storeCreditTransactions",
        create_missing=True,
        account_key_field="customerId",
    ),
)

LIST_ORDERS = Operation(
    operation_id="listOrders",
    method="GET",
    path="/api/v1/{siteId}/orders",
    summary="List orders",
    action="list",
    resource="orders",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="cursor",
            location="query",
            python_name="cursor",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "maxLength": 512,
            },
            role="cursor",
        ),
        Param(
            name="status",
            location="query",
            python_name="status",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/OrderStatus",
                "components": {
                    "schemas": {
                        "OrderStatus": {
                            "type": "string",
                            "enum": [
                                "PENDING",
                                "CONFIRMED",
                                "PROCESSING",
                                "SHIPPED",
                                "DELIVERED",
                                "CANCELLED",
                                "REFUNDED",
                            ],
                        },
                    },
                },
            },
            role="filter",
            filter_field="status",
        ),
        Param(
            name="paymentStatus",
            location="query",
            python_name="payment_status",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/PaymentStatus",
                "components": {
                    "schemas": {
                        "PaymentStatus": {
                            "type": "string",
                            "enum": ["PENDING", "PAID", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED"],
                        },
                    },
                },
            },
            role="filter",
            filter_field="paymentStatus",
        ),
        Param(
            name="customerId",
            location="query",
            python_name="customer_id",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="filter",
            filter_field="customerId",
        ),
        Param(
            name="from",
            location="query",
            python_name="from_",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "format": "date-time",
            },
            role="filter",
            filter_field="createdAt",
            filter_match="gte",
        ),
        Param(
            name="to",
            location="query",
            python_name="to",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "format": "date-time",
            },
            role="filter",
            filter_field="createdAt",
            filter_match="lte",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "oneOf": [
                {"$ref": "#/components/schemas/OrderPage"},
                {"$ref": "#/components/schemas/OrderCursorPage"},
            ],
            "components": {
                "schemas": {
                    "Address": {
                        "type": "object",
                        "description": "Inferred; the reference shows no address shape.",
                        "properties": {
                            "name": {"type": "string", "maxLength": 200},
                            "line1": {"type": "string", "maxLength": 200},
                            "line2": {"type": "string", "maxLength": 200},
                            "city": {"type": "string", "maxLength": 100},
                            "postalCode": {"type": "string", "maxLength": 20},
                            "country": {
                                "type": "string",
                                "pattern": "^[A-Z]{2}$",
                                "description": "ISO 3166-1 alpha-2 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                    "OffsetPagination": {
                        "type": "object",
                        "required": ["page", "limit", "total", "totalPages"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "limit": {"type": "integer", "minimum": 1},
                            "total": {"type": "integer", "minimum": 0},
                            "totalPages": {"type": "integer", "minimum": 0},
                        },
                    },
                    "Order": {
                        "type": "object",
                        "required": [
                            "id",
                            "number",
                            "status",
                            "paymentStatus",
                            "total",
                            "items",
                            "createdAt",
                            "updatedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "order_xyz"},
                            "number": {"type": "string", "example": "ORD-1042"},
                            "status": {"$ref": "#/components/schemas/OrderStatus", "default": "PENDING"},
                            "paymentStatus": {"$ref": "#/components/schemas/PaymentStatus", "default": "PENDING"},
                            "customerId": {"type": ["string", "null"], "default": None},
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Total in cents.",
                            },
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "shippingAddress": {
                                "oneOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}],
                                "default": None,
                            },
                            "checkoutId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The checkout session that placed the order.",
                            },
                            "subtotal": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred (H3): the items total before the discount, in cents.",
                            },
                            "discount": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Inferred (H3): the promotion discount, in cents.",
                            },
                            "promotionCode": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Inferred (H3): the promotion code applied.",
                            },
                            "paidAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "Inferred: when the payment confirmed the order.",
                            },
                            "cartId": {"type": ["string", "null"], "default": None},
                            "restoredAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "Inferred: when the order, cancelled or refunded, gave back its stock, its promotion use and the loyalty points it earned (once).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "OrderCursorPage": {
                        "type": "object",
                        "required": ["success", "items", "cursor", "hasNextPage", "limit"],
                        "properties": {
                            "success": {"const": True},
                            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
                            "cursor": {
                                "type": ["string", "null"],
                                "description": "Pass as ?cursor= to get the next page.",
                            },
                            "hasNextPage": {"type": "boolean"},
                            "limit": {"type": "integer"},
                        },
                    },
                    "OrderPage": {
                        "type": "object",
                        "required": ["success", "items", "pagination"],
                        "properties": {
                            "success": {"const": True},
                            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
                            "pagination": {"$ref": "#/components/schemas/OffsetPagination"},
                        },
                    },
                    "OrderStatus": {
                        "type": "string",
                        "enum": [
                            "PENDING",
                            "CONFIRMED",
                            "PROCESSING",
                            "SHIPPED",
                            "DELIVERED",
                            "CANCELLED",
                            "REFUNDED",
                        ],
                    },
                    "PaymentStatus": {
                        "type": "string",
                        "enum": ["PENDING", "PAID", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED"],
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="page",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:orders",)),),),
    rate_limits=(RateLimit(name="orders", limit=30, window_seconds=60),),
)

GET_ORDER = Operation(
    operation_id="getOrder",
    method="GET",
    path="/api/v1/{siteId}/orders/{orderId}",
    summary="Get an order by ID or number",
    action="get",
    resource="orders",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="orderId",
            location="path",
            python_name="order_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/OrderEnvelope",
            "components": {
                "schemas": {
                    "Address": {
                        "type": "object",
                        "description": "Inferred; the reference shows no address shape.",
                        "properties": {
                            "name": {"type": "string", "maxLength": 200},
                            "line1": {"type": "string", "maxLength": 200},
                            "line2": {"type": "string", "maxLength": 200},
                            "city": {"type": "string", "maxLength": 100},
                            "postalCode": {"type": "string", "maxLength": 20},
                            "country": {
                                "type": "string",
                                "pattern": "^[A-Z]{2}$",
                                "description": "ISO 3166-1 alpha-2 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                    "Order": {
                        "type": "object",
                        "required": [
                            "id",
                            "number",
                            "status",
                            "paymentStatus",
                            "total",
                            "items",
                            "createdAt",
                            "updatedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "order_xyz"},
                            "number": {"type": "string", "example": "ORD-1042"},
                            "status": {"$ref": "#/components/schemas/OrderStatus", "default": "PENDING"},
                            "paymentStatus": {"$ref": "#/components/schemas/PaymentStatus", "default": "PENDING"},
                            "customerId": {"type": ["string", "null"], "default": None},
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Total in cents.",
                            },
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "shippingAddress": {
                                "oneOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}],
                                "default": None,
                            },
                            "checkoutId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The checkout session that placed the order.",
                            },
                            "subtotal": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred (H3): the items total before the discount, in cents.",
                            },
                            "discount": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Inferred (H3): the promotion discount, in cents.",
                            },
                            "promotionCode": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Inferred (H3): the promotion code applied.",
                            },
                            "paidAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "Inferred: when the payment confirmed the order.",
                            },
                            "cartId": {"type": ["string", "null"], "default": None},
                            "restoredAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "Inferred: when the order, cancelled or refunded, gave back its stock, its promotion use and the loyalty points it earned (once).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "OrderEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Order"},
                        },
                    },
                    "OrderStatus": {
                        "type": "string",
                        "enum": [
                            "PENDING",
                            "CONFIRMED",
                            "PROCESSING",
                            "SHIPPED",
                            "DELIVERED",
                            "CANCELLED",
                            "REFUNDED",
                        ],
                    },
                    "PaymentStatus": {
                        "type": "string",
                        "enum": ["PENDING", "PAID", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED"],
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:orders",)),),),
    rate_limits=(RateLimit(name="orders", limit=30, window_seconds=60),),
)

UPDATE_ORDER_STATUS = Operation(
    operation_id="updateOrderStatus",
    method="PATCH",
    path="/api/v1/{siteId}/orders/{orderId}",
    summary="Change an order's status",
    action="states.transition",
    resource="orders",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="orderId",
            location="path",
            python_name="order_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/OrderStatusUpdate",
            "components": {
                "schemas": {
                    "OrderStatusUpdate": {
                        "description": "Inferred. The status an admin moves an order to.",
                        "type": "object",
                        "required": ["status"],
                        "properties": {
                            "status": {
                                "enum": ["PROCESSING", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"],
                            },
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/OrderEnvelope",
            "components": {
                "schemas": {
                    "Address": {
                        "type": "object",
                        "description": "Inferred; the reference shows no address shape.",
                        "properties": {
                            "name": {"type": "string", "maxLength": 200},
                            "line1": {"type": "string", "maxLength": 200},
                            "line2": {"type": "string", "maxLength": 200},
                            "city": {"type": "string", "maxLength": 100},
                            "postalCode": {"type": "string", "maxLength": 20},
                            "country": {
                                "type": "string",
                                "pattern": "^[A-Z]{2}$",
                                "description": "ISO 3166-1 alpha-2 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                    "Order": {
                        "type": "object",
                        "required": [
                            "id",
                            "number",
                            "status",
                            "paymentStatus",
                            "total",
                            "items",
                            "createdAt",
                            "updatedAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "order_xyz"},
                            "number": {"type": "string", "example": "ORD-1042"},
                            "status": {"$ref": "#/components/schemas/OrderStatus", "default": "PENDING"},
                            "paymentStatus": {"$ref": "#/components/schemas/PaymentStatus", "default": "PENDING"},
                            "customerId": {"type": ["string", "null"], "default": None},
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Total in cents.",
                            },
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "shippingAddress": {
                                "oneOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}],
                                "default": None,
                            },
                            "checkoutId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The checkout session that placed the order.",
                            },
                            "subtotal": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred (H3): the items total before the discount, in cents.",
                            },
                            "discount": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Inferred (H3): the promotion discount, in cents.",
                            },
                            "promotionCode": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Inferred (H3): the promotion code applied.",
                            },
                            "paidAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "Inferred: when the payment confirmed the order.",
                            },
                            "cartId": {"type": ["string", "null"], "default": None},
                            "restoredAt": {
                                "type": ["string", "null"],
                                "format": "date-time",
                                "default": None,
                                "description": "Inferred: when the order, cancelled or refunded, gave back its stock, its promotion use and the loyalty points it earned (once).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "OrderEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Order"},
                        },
                    },
                    "OrderStatus": {
                        "type": "string",
                        "enum": [
                            "PENDING",
                            "CONFIRMED",
                            "PROCESSING",
                            "SHIPPED",
                            "DELIVERED",
                            "CANCELLED",
                            "REFUNDED",
                        ],
                    },
                    "PaymentStatus": {
                        "type": "string",
                        "enum": ["PENDING", "PAID", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED"],
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("admin:*",)),),),
    rate_limits=(RateLimit(name="orders", limit=30, window_seconds=60),),
    options={"targetField": "status", "transitions": ["process", "ship", "deliver", "cancel", "refund"]},
)

START_ORDER_PAYMENT = Operation(
    operation_id="startOrderPayment",
    method="POST",
    path="/api/v1/{siteId}/orders/{orderId}/payment",
    summary="Start paying an order",
    action="payments.start",
    resource="orders",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="orderId",
            location="path",
            python_name="order_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=False,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/PaymentStart",
            "components": {
                "schemas": {
                    "PaymentStart": {
                        "type": "object",
                        "properties": {
                            "returnUrl": {
                                "type": "string",
                                "format": "uri",
                                "pattern": "^https?://",
                                "maxLength": 2000,
                                "description": "Where the customer goes after paying or declining.",
                            },
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/PaymentSessionEnvelope",
            "components": {
                "schemas": {
                    "PaymentSession": {
                        "description": "Inferred. One attempt to pay an order, through the payment provider.",
                        "type": "object",
                        "required": ["id", "orderId", "status", "amount", "url", "provider", "expiresAt"],
                        "properties": {
                            "id": {"type": "string", "example": "ps_7fq2m4x9k1c8v3b6n0za"},
                            "orderId": {"type": "string"},
                            "status": {
                                "$ref": "#/components/schemas/PaymentSessionStatus",
                                "default": "PENDING",
                            },
                            "amount": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "The order total when the session began, in cents.",
                            },
                            "currency": {"type": ["string", "null"], "default": None},
                            "provider": {
                                "type": "string",
                                "description": "The payment provider (`test`: specloom's own).",
                            },
                            "url": {"type": "string", "description": "Where the customer pays."},
                            "reference": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The provider's own id of the payment.",
                            },
                            "returnUrl": {"type": ["string", "null"], "default": None},
                            "expiresAt": {"type": "string", "format": "date-time"},
                            "completedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "PaymentSessionEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/PaymentSession"},
                        },
                    },
                    "PaymentSessionStatus": {"type": "string", "enum": ["PENDING", "SUCCEEDED", "FAILED"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:checkout",)),),),
    rate_limits=(RateLimit(name="orders", limit=30, window_seconds=60),),
)

RECEIVE_PAYMENT_CALLBACK = Operation(
    operation_id="receivePaymentCallback",
    method="POST",
    path="/api/v1/{siteId}/payments/callback",
    summary="Receive a payment provider's callback",
    action="payments.callback",
    resource="paymentSessions",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/PaymentCallback",
            "components": {
                "schemas": {
                    "PaymentCallback": {
                        "description": "A payment provider's event; its shape is the provider's (verified by its signature).",
                        "type": "object",
                        "maxProperties": 50,
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/PaymentSessionEnvelope",
            "components": {
                "schemas": {
                    "PaymentSession": {
                        "description": "Inferred. One attempt to pay an order, through the payment provider.",
                        "type": "object",
                        "required": ["id", "orderId", "status", "amount", "url", "provider", "expiresAt"],
                        "properties": {
                            "id": {"type": "string", "example": "ps_7fq2m4x9k1c8v3b6n0za"},
                            "orderId": {"type": "string"},
                            "status": {
                                "$ref": "#/components/schemas/PaymentSessionStatus",
                                "default": "PENDING",
                            },
                            "amount": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "The order total when the session began, in cents.",
                            },
                            "currency": {"type": ["string", "null"], "default": None},
                            "provider": {
                                "type": "string",
                                "description": "The payment provider (`test`: specloom's own).",
                            },
                            "url": {"type": "string", "description": "Where the customer pays."},
                            "reference": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The provider's own id of the payment.",
                            },
                            "returnUrl": {"type": ["string", "null"], "default": None},
                            "expiresAt": {"type": "string", "format": "date-time"},
                            "completedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "PaymentSessionEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/PaymentSession"},
                        },
                    },
                    "PaymentSessionStatus": {"type": "string", "enum": ["PENDING", "SUCCEEDED", "FAILED"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=(),
)

GET_CART = Operation(
    operation_id="getCart",
    method="GET",
    path="/api/v1/{siteId}/cart",
    summary="Get a cart",
    action="get",
    resource="carts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="cartId",
            location="query",
            python_name="cart_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CartEnvelope",
            "components": {
                "schemas": {
                    "Cart": {
                        "type": "object",
                        "required": ["id", "status", "currency", "items", "total"],
                        "properties": {
                            "id": {"type": "string", "example": "cart_xyz"},
                            "status": {
                                "enum": ["ACTIVE", "ABANDONED", "CONVERTED"],
                                "default": "ACTIVE",
                                "description": "Inferred: ABANDONED once the cart was left with items for an hour (cart.abandoned fired); CONVERTED once a checkout of it placed an order (never swept).",
                            },
                            "sessionId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Guest session.",
                            },
                            "customerId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Registered customer.",
                            },
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Σ price × quantity, in cents (computed).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CartEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Cart"},
                        },
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:cart",)),),),
)

CREATE_CART = Operation(
    operation_id="createCart",
    method="POST",
    path="/api/v1/{siteId}/cart",
    summary="Create a cart",
    action="create",
    resource="carts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CartCreate",
            "components": {
                "schemas": {
                    "CartCreate": {
                        "type": "object",
                        "properties": {
                            "sessionId": {"type": "string", "minLength": 1, "maxLength": 128},
                            "customerId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "email": {"type": "string", "format": "email", "maxLength": 254},
                            "currency": {
                                "type": "string",
                                "pattern": "^[A-Z]{3}$",
                                "description": "ISO 4217 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CartEnvelope",
            "components": {
                "schemas": {
                    "Cart": {
                        "type": "object",
                        "required": ["id", "status", "currency", "items", "total"],
                        "properties": {
                            "id": {"type": "string", "example": "cart_xyz"},
                            "status": {
                                "enum": ["ACTIVE", "ABANDONED", "CONVERTED"],
                                "default": "ACTIVE",
                                "description": "Inferred: ABANDONED once the cart was left with items for an hour (cart.abandoned fired); CONVERTED once a checkout of it placed an order (never swept).",
                            },
                            "sessionId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Guest session.",
                            },
                            "customerId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Registered customer.",
                            },
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Σ price × quantity, in cents (computed).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CartEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Cart"},
                        },
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:cart",)),),),
)

DELETE_CART = Operation(
    operation_id="deleteCart",
    method="DELETE",
    path="/api/v1/{siteId}/cart",
    summary="Delete a cart",
    action="delete",
    resource="carts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
        Param(
            name="cartId",
            location="query",
            python_name="cart_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "deleted"],
            "properties": {"success": {"const": True}, "deleted": {"const": True}},
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="deleted",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:cart",)),),),
)

MODIFY_CART = Operation(
    operation_id="modifyCart",
    method="PATCH",
    path="/api/v1/{siteId}/cart",
    summary="Add, update or remove a cart item",
    action="lists.edit",
    resource="carts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
        Param(
            name="cartId",
            location="query",
            python_name="cart_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CartModification",
            "components": {
                "schemas": {
                    "CartItemInput": {
                        "type": "object",
                        "properties": {
                            "productId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "variantId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "name": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": 200,
                                "description": "The product's name when not given.",
                            },
                            "quantity": {"type": "integer", "minimum": 1, "maximum": 10000},
                            "price": {
                                "type": "integer",
                                "minimum": 0,
                                "maximum": 100000000,
                                "description": "Ignored — the price comes from the catalog (the variant's price, else the product's).",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "CartModification": {
                        "description": "`add` needs the productId (and variantId) and the quantity; `update` the productId (and\nvariantId) and the new quantity; `remove` the productId (and variantId). The price is\nthe catalog's; a client's price is ignored.\n",
                        "type": "object",
                        "required": ["action", "item"],
                        "properties": {
                            "action": {"enum": ["add", "update", "remove"]},
                            "item": {"$ref": "#/components/schemas/CartItemInput"},
                        },
                        "additionalProperties": False,
                        "allOf": [
                            {
                                "if": {"properties": {"action": {"const": "add"}}},
                                "then": {
                                    "properties": {"item": {"required": ["productId", "quantity"]}},
                                },
                            },
                            {
                                "if": {"properties": {"action": {"const": "update"}}},
                                "then": {
                                    "properties": {"item": {"required": ["productId", "quantity"]}},
                                },
                            },
                            {
                                "if": {"properties": {"action": {"const": "remove"}}},
                                "then": {"properties": {"item": {"required": ["productId"]}}},
                            },
                        ],
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CartEnvelope",
            "components": {
                "schemas": {
                    "Cart": {
                        "type": "object",
                        "required": ["id", "status", "currency", "items", "total"],
                        "properties": {
                            "id": {"type": "string", "example": "cart_xyz"},
                            "status": {
                                "enum": ["ACTIVE", "ABANDONED", "CONVERTED"],
                                "default": "ACTIVE",
                                "description": "Inferred: ABANDONED once the cart was left with items for an hour (cart.abandoned fired); CONVERTED once a checkout of it placed an order (never swept).",
                            },
                            "sessionId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Guest session.",
                            },
                            "customerId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Registered customer.",
                            },
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "Σ price × quantity, in cents (computed).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CartEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Cart"},
                        },
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:cart",)),),),
    options={
        "field": "items",
        "modeField": "action",
        "entryField": "item",
        "mergeOn": ["productId", "variantId"],
        "sum": ["quantity"],
        "catalog": {
            "references": {
                "productId": {"resource": "products"},
                "variantId": {"resource": "variants", "parentField": "productId"},
            },
            "price": {"field": "price", "from": ["variantId.price", "productId.price"]},
            "stock": {
                "quantityField": "quantity",
                "from": ["variantId.inventoryCount", "productId.inventoryCount"],
                "refusalCode": "OUT_OF_STOCK",
            },
            "fill": {"name": ["productId.name"]},
        },
    },
)

GET_CHECKOUT = Operation(
    operation_id="getCheckout",
    method="GET",
    path="/api/v1/{siteId}/checkout",
    summary="Get a checkout session",
    action="get",
    resource="checkouts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="sessionId",
            location="query",
            python_name="session_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CheckoutEnvelope",
            "components": {
                "schemas": {
                    "Address": {
                        "type": "object",
                        "description": "Inferred; the reference shows no address shape.",
                        "properties": {
                            "name": {"type": "string", "maxLength": 200},
                            "line1": {"type": "string", "maxLength": 200},
                            "line2": {"type": "string", "maxLength": 200},
                            "city": {"type": "string", "maxLength": 100},
                            "postalCode": {"type": "string", "maxLength": 20},
                            "country": {
                                "type": "string",
                                "pattern": "^[A-Z]{2}$",
                                "description": "ISO 3166-1 alpha-2 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "CheckoutEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/CheckoutSession"},
                        },
                    },
                    "CheckoutSession": {
                        "type": "object",
                        "required": ["id", "cartId", "state", "items", "total"],
                        "properties": {
                            "id": {"type": "string", "example": "cs_abc"},
                            "cartId": {"type": "string"},
                            "state": {"$ref": "#/components/schemas/CheckoutState", "default": "init"},
                            "customerId": {"type": ["string", "null"], "default": None},
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "subtotal": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "The cart total when the session began, in cents.",
                            },
                            "promotionCode": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Inferred: the promotion code applied when the session completes.",
                            },
                            "discount": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "The promotion discount, in cents (set on completion).",
                            },
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "subtotal − discount, in cents.",
                            },
                            "shippingAddress": {
                                "oneOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}],
                                "default": None,
                            },
                            "orderId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The order placed when the session completed.",
                            },
                            "completedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CheckoutState": {
                        "type": "string",
                        "enum": ["init", "contact", "shipping", "payment", "review", "complete"],
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:checkout",)),),),
    rate_limits=(RateLimit(name="checkout", limit=10, window_seconds=60),),
)

CREATE_CHECKOUT = Operation(
    operation_id="createCheckout",
    method="POST",
    path="/api/v1/{siteId}/checkout",
    summary="Initialise a checkout session",
    action="create",
    resource="checkouts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CheckoutCreate",
            "components": {
                "schemas": {
                    "CheckoutCreate": {
                        "type": "object",
                        "required": ["cartId"],
                        "properties": {
                            "cartId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "promotionCode": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": 64,
                                "description": "Inferred: a promotion code, applied when the session completes.",
                            },
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CheckoutEnvelope",
            "components": {
                "schemas": {
                    "Address": {
                        "type": "object",
                        "description": "Inferred; the reference shows no address shape.",
                        "properties": {
                            "name": {"type": "string", "maxLength": 200},
                            "line1": {"type": "string", "maxLength": 200},
                            "line2": {"type": "string", "maxLength": 200},
                            "city": {"type": "string", "maxLength": 100},
                            "postalCode": {"type": "string", "maxLength": 20},
                            "country": {
                                "type": "string",
                                "pattern": "^[A-Z]{2}$",
                                "description": "ISO 3166-1 alpha-2 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "CheckoutEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/CheckoutSession"},
                        },
                    },
                    "CheckoutSession": {
                        "type": "object",
                        "required": ["id", "cartId", "state", "items", "total"],
                        "properties": {
                            "id": {"type": "string", "example": "cs_abc"},
                            "cartId": {"type": "string"},
                            "state": {"$ref": "#/components/schemas/CheckoutState", "default": "init"},
                            "customerId": {"type": ["string", "null"], "default": None},
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "subtotal": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "The cart total when the session began, in cents.",
                            },
                            "promotionCode": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Inferred: the promotion code applied when the session completes.",
                            },
                            "discount": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "The promotion discount, in cents (set on completion).",
                            },
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "subtotal − discount, in cents.",
                            },
                            "shippingAddress": {
                                "oneOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}],
                                "default": None,
                            },
                            "orderId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The order placed when the session completed.",
                            },
                            "completedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CheckoutState": {
                        "type": "string",
                        "enum": ["init", "contact", "shipping", "payment", "review", "complete"],
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:checkout",)),),),
    rate_limits=(RateLimit(name="checkout", limit=10, window_seconds=60),),
)

ADVANCE_CHECKOUT = Operation(
    operation_id="advanceCheckout",
    method="PATCH",
    path="/api/v1/{siteId}/checkout",
    summary="Advance a checkout session",
    action="states.transition",
    resource="checkouts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CheckoutAdvance",
            "components": {
                "schemas": {
                    "Address": {
                        "type": "object",
                        "description": "Inferred; the reference shows no address shape.",
                        "properties": {
                            "name": {"type": "string", "maxLength": 200},
                            "line1": {"type": "string", "maxLength": 200},
                            "line2": {"type": "string", "maxLength": 200},
                            "city": {"type": "string", "maxLength": 100},
                            "postalCode": {"type": "string", "maxLength": 20},
                            "country": {
                                "type": "string",
                                "pattern": "^[A-Z]{2}$",
                                "description": "ISO 3166-1 alpha-2 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "CheckoutAdvance": {
                        "type": "object",
                        "required": ["sessionId", "state"],
                        "properties": {
                            "sessionId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "state": {"$ref": "#/components/schemas/CheckoutState"},
                            "email": {
                                "type": "string",
                                "format": "email",
                                "maxLength": 254,
                                "description": "Kept when moving to contact.",
                            },
                            "shippingAddress": {"$ref": "#/components/schemas/Address"},
                            "promotionCode": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": 64,
                                "description": "Inferred: kept when moving to review; applied when the session completes.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "CheckoutState": {
                        "type": "string",
                        "enum": ["init", "contact", "shipping", "payment", "review", "complete"],
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CheckoutEnvelope",
            "components": {
                "schemas": {
                    "Address": {
                        "type": "object",
                        "description": "Inferred; the reference shows no address shape.",
                        "properties": {
                            "name": {"type": "string", "maxLength": 200},
                            "line1": {"type": "string", "maxLength": 200},
                            "line2": {"type": "string", "maxLength": 200},
                            "city": {"type": "string", "maxLength": 100},
                            "postalCode": {"type": "string", "maxLength": 20},
                            "country": {
                                "type": "string",
                                "pattern": "^[A-Z]{2}$",
                                "description": "ISO 3166-1 alpha-2 code.",
                            },
                        },
                        "additionalProperties": False,
                    },
                    "CheckoutEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/CheckoutSession"},
                        },
                    },
                    "CheckoutSession": {
                        "type": "object",
                        "required": ["id", "cartId", "state", "items", "total"],
                        "properties": {
                            "id": {"type": "string", "example": "cs_abc"},
                            "cartId": {"type": "string"},
                            "state": {"$ref": "#/components/schemas/CheckoutState", "default": "init"},
                            "customerId": {"type": ["string", "null"], "default": None},
                            "email": {"type": ["string", "null"], "default": None},
                            "currency": {"type": "string", "default": "EUR"},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/LineItem"},
                                "default": [],
                            },
                            "subtotal": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "The cart total when the session began, in cents.",
                            },
                            "promotionCode": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "Inferred: the promotion code applied when the session completes.",
                            },
                            "discount": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "The promotion discount, in cents (set on completion).",
                            },
                            "total": {
                                "type": "integer",
                                "minimum": 0,
                                "default": 0,
                                "description": "subtotal − discount, in cents.",
                            },
                            "shippingAddress": {
                                "oneOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}],
                                "default": None,
                            },
                            "orderId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The order placed when the session completed.",
                            },
                            "completedAt": {"type": ["string", "null"], "format": "date-time", "default": None},
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CheckoutState": {
                        "type": "string",
                        "enum": ["init", "contact", "shipping", "payment", "review", "complete"],
                    },
                    "LineItem": {
                        "type": "object",
                        "required": ["productId", "name", "quantity", "price"],
                        "properties": {
                            "productId": {"type": "string", "example": "prd_abc"},
                            "variantId": {"type": ["string", "null"]},
                            "name": {"type": "string"},
                            "quantity": {"type": "integer", "minimum": 1},
                            "price": {"type": "integer", "description": "Unit price in cents."},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:checkout",)),),),
    rate_limits=(RateLimit(name="checkout", limit=10, window_seconds=60),),
    options={"targetField": "state", "idField": "sessionId"},
)

LIST_PRODUCT_REVIEWS = Operation(
    operation_id="listProductReviews",
    method="GET",
    path="/api/v1/{siteId}/products/{productId}/reviews",
    summary="List a product's reviews",
    action="list",
    resource="reviews",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="parent",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="status",
            location="query",
            python_name="status",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/ReviewStatus",
                "default": "PUBLISHED",
                "components": {
                    "schemas": {
                        "ReviewStatus": {"type": "string", "enum": ["PENDING", "PUBLISHED", "ARCHIVED", "SPAM"]},
                    },
                },
            },
            role="filter",
            filter_field="status",
            default="PUBLISHED",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ReviewPage",
            "components": {
                "schemas": {
                    "OffsetPagination": {
                        "type": "object",
                        "required": ["page", "limit", "total", "totalPages"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "limit": {"type": "integer", "minimum": 1},
                            "total": {"type": "integer", "minimum": 0},
                            "totalPages": {"type": "integer", "minimum": 0},
                        },
                    },
                    "Review": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "rating",
                            "status",
                            "isVerifiedPurchase",
                            "createdAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "rev_abc"},
                            "productId": {"type": "string"},
                            "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                            "title": {"type": ["string", "null"], "default": None},
                            "content": {"type": ["string", "null"], "default": None},
                            "reviewerName": {"type": "string"},
                            "reviewerEmail": {
                                "type": ["string", "null"],
                                "default": None,
                                "writeOnly": True,
                                "description": "Kept for the shop; never shown back nor sent in events (inferred).",
                            },
                            "status": {"$ref": "#/components/schemas/ReviewStatus", "default": "PENDING"},
                            "isVerifiedPurchase": {
                                "type": "boolean",
                                "default": False,
                                "description": "Inferred: set by the shop (with the review data it loads); reviews submitted\nthrough the API start false.\n",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "ReviewPage": {
                        "type": "object",
                        "required": ["success", "items", "pagination"],
                        "properties": {
                            "success": {"const": True},
                            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Review"}},
                            "pagination": {"$ref": "#/components/schemas/OffsetPagination"},
                        },
                    },
                    "ReviewStatus": {"type": "string", "enum": ["PENDING", "PUBLISHED", "ARCHIVED", "SPAM"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="page",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:catalog",)),),),
)

CREATE_PRODUCT_REVIEW = Operation(
    operation_id="createProductReview",
    method="POST",
    path="/api/v1/{siteId}/products/{productId}/reviews",
    summary="Submit a review",
    action="create",
    resource="reviews",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="productId",
            location="path",
            python_name="product_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
            },
            role="parent",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ReviewCreate",
            "components": {
                "schemas": {
                    "ReviewCreate": {
                        "type": "object",
                        "description": "Inferred: rating and reviewerName are required; title and content are optional.",
                        "required": ["rating", "reviewerName"],
                        "properties": {
                            "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                            "title": {"type": "string", "minLength": 1, "maxLength": 200},
                            "content": {"type": "string", "minLength": 1, "maxLength": 10000},
                            "reviewerName": {"type": "string", "minLength": 1, "maxLength": 200},
                            "reviewerEmail": {"type": "string", "format": "email", "maxLength": 254},
                        },
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/ReviewEnvelope",
            "components": {
                "schemas": {
                    "Review": {
                        "type": "object",
                        "required": [
                            "id",
                            "productId",
                            "rating",
                            "status",
                            "isVerifiedPurchase",
                            "createdAt",
                        ],
                        "properties": {
                            "id": {"type": "string", "example": "rev_abc"},
                            "productId": {"type": "string"},
                            "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                            "title": {"type": ["string", "null"], "default": None},
                            "content": {"type": ["string", "null"], "default": None},
                            "reviewerName": {"type": "string"},
                            "reviewerEmail": {
                                "type": ["string", "null"],
                                "default": None,
                                "writeOnly": True,
                                "description": "Kept for the shop; never shown back nor sent in events (inferred).",
                            },
                            "status": {"$ref": "#/components/schemas/ReviewStatus", "default": "PENDING"},
                            "isVerifiedPurchase": {
                                "type": "boolean",
                                "default": False,
                                "description": "Inferred: set by the shop (with the review data it loads); reviews submitted\nthrough the API start false.\n",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "ReviewEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Review"},
                        },
                    },
                    "ReviewStatus": {"type": "string", "enum": ["PENDING", "PUBLISHED", "ARCHIVED", "SPAM"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:catalog",)),),),
)

LIST_CUSTOMERS = Operation(
    operation_id="listCustomers",
    method="GET",
    path="/api/v1/{siteId}/customers",
    summary="List customers",
    action="list",
    resource="customers",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="cursor",
            location="query",
            python_name="cursor",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "maxLength": 512,
            },
            role="cursor",
        ),
        Param(
            name="search",
            location="query",
            python_name="search",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
            },
            role="search",
        ),
        Param(
            name="group",
            location="query",
            python_name="group",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="filter",
            filter_field="groupId",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "oneOf": [
                {"$ref": "#/components/schemas/CustomerPage"},
                {"$ref": "#/components/schemas/CustomerCursorPage"},
            ],
            "components": {
                "schemas": {
                    "Customer": {
                        "type": "object",
                        "required": ["id", "email", "totalOrders", "totalSpent"],
                        "properties": {
                            "id": {"type": "string", "example": "cust_xyz"},
                            "email": {"type": "string", "format": "email"},
                            "firstName": {"type": ["string", "null"], "default": None},
                            "lastName": {"type": ["string", "null"], "default": None},
                            "phone": {"type": ["string", "null"], "default": None},
                            "groupId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The customer group.",
                            },
                            "totalOrders": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred - the number of orders placed for this customer (any status), computed from the orders.",
                            },
                            "totalSpent": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred - the sum of the totals of this customer's PAID orders, in cents, computed from the orders.",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CustomerCursorPage": {
                        "type": "object",
                        "required": ["success", "items", "cursor", "hasNextPage", "limit"],
                        "properties": {
                            "success": {"const": True},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Customer"},
                            },
                            "cursor": {
                                "type": ["string", "null"],
                                "description": "Pass as ?cursor= to get the next page.",
                            },
                            "hasNextPage": {"type": "boolean"},
                            "limit": {"type": "integer"},
                        },
                    },
                    "CustomerPage": {
                        "type": "object",
                        "required": ["success", "items", "pagination"],
                        "properties": {
                            "success": {"const": True},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Customer"},
                            },
                            "pagination": {"$ref": "#/components/schemas/OffsetPagination"},
                        },
                    },
                    "OffsetPagination": {
                        "type": "object",
                        "required": ["page", "limit", "total", "totalPages"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "limit": {"type": "integer", "minimum": 1},
                            "total": {"type": "integer", "minimum": 0},
                            "totalPages": {"type": "integer", "minimum": 0},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="page",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:customers",)),),),
)

GET_CUSTOMER = Operation(
    operation_id="getCustomer",
    method="GET",
    path="/api/v1/{siteId}/customers/{customerId}",
    summary="Get a customer",
    action="get",
    resource="customers",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="customerId",
            location="path",
            python_name="customer_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CustomerEnvelope",
            "components": {
                "schemas": {
                    "Customer": {
                        "type": "object",
                        "required": ["id", "email", "totalOrders", "totalSpent"],
                        "properties": {
                            "id": {"type": "string", "example": "cust_xyz"},
                            "email": {"type": "string", "format": "email"},
                            "firstName": {"type": ["string", "null"], "default": None},
                            "lastName": {"type": ["string", "null"], "default": None},
                            "phone": {"type": ["string", "null"], "default": None},
                            "groupId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The customer group.",
                            },
                            "totalOrders": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred - the number of orders placed for this customer (any status), computed from the orders.",
                            },
                            "totalSpent": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred - the sum of the totals of this customer's PAID orders, in cents, computed from the orders.",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CustomerEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Customer"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:customers",)),),),
)

UPDATE_CUSTOMER = Operation(
    operation_id="updateCustomer",
    method="PATCH",
    path="/api/v1/{siteId}/customers/{customerId}",
    summary="Update a customer's profile",
    action="update",
    resource="customers",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="customerId",
            location="path",
            python_name="customer_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CustomerUpdate",
            "components": {
                "schemas": {
                    "CustomerUpdate": {
                        "type": "object",
                        "description": "Profile fields; all optional. Inferred: the email may change, to an address no other\ncustomer of the site has (else 409).\n",
                        "properties": {
                            "firstName": {"type": ["string", "null"], "maxLength": 100},
                            "lastName": {"type": ["string", "null"], "maxLength": 100},
                            "phone": {"type": ["string", "null"], "pattern": "^\\+?[0-9 ()./-]{3,32}$"},
                            "email": {"type": "string", "format": "email", "maxLength": 254},
                        },
                        "additionalProperties": False,
                        "minProperties": 1,
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/CustomerEnvelope",
            "components": {
                "schemas": {
                    "Customer": {
                        "type": "object",
                        "required": ["id", "email", "totalOrders", "totalSpent"],
                        "properties": {
                            "id": {"type": "string", "example": "cust_xyz"},
                            "email": {"type": "string", "format": "email"},
                            "firstName": {"type": ["string", "null"], "default": None},
                            "lastName": {"type": ["string", "null"], "default": None},
                            "phone": {"type": ["string", "null"], "default": None},
                            "groupId": {
                                "type": ["string", "null"],
                                "default": None,
                                "description": "The customer group.",
                            },
                            "totalOrders": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred - the number of orders placed for this customer (any status), computed from the orders.",
                            },
                            "totalSpent": {
                                "type": "integer",
                                "minimum": 0,
                                "description": "Inferred - the sum of the totals of this customer's PAID orders, in cents, computed from the orders.",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "CustomerEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Customer"},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:customers",)),),),
)

LIST_B2_B_ACCOUNTS = Operation(
    operation_id="listB2BAccounts",
    method="GET",
    path="/api/v1/{siteId}/b2b/accounts",
    summary="List B2B accounts",
    action="list",
    resource="b2bAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
        Param(
            name="cursor",
            location="query",
            python_name="cursor",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "maxLength": 512,
            },
            role="cursor",
        ),
        Param(
            name="search",
            location="query",
            python_name="search",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
            },
            role="search",
        ),
        Param(
            name="status",
            location="query",
            python_name="status",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/B2BAccountStatus",
                "components": {
                    "schemas": {
                        "B2BAccountStatus": {"type": "string", "enum": ["ACTIVE", "SUSPENDED", "PENDING"]},
                    },
                },
            },
            role="filter",
            filter_field="status",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "oneOf": [
                {"$ref": "#/components/schemas/B2BAccountPage"},
                {"$ref": "#/components/schemas/B2BAccountCursorPage"},
            ],
            "components": {
                "schemas": {
                    "B2BAccount": {
                        "type": "object",
                        "required": ["id", "companyName", "status", "contacts"],
                        "properties": {
                            "id": {"type": "string", "example": "b2b_abc"},
                            "companyName": {"type": "string"},
                            "taxId": {"type": ["string", "null"], "default": None},
                            "status": {
                                "$ref": "#/components/schemas/B2BAccountStatus",
                                "default": "ACTIVE",
                            },
                            "priceListId": {"type": ["string", "null"], "default": None},
                            "paymentTerms": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/PaymentTerms"},
                                    {"type": "null"},
                                ],
                                "default": None,
                            },
                            "contacts": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/B2BContact"},
                                "default": [],
                            },
                            "contactEmails": {
                                "type": "string",
                                "default": "",
                                "writeOnly": True,
                                "description": "The contacts' emails, for search (never shown).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "B2BAccountCursorPage": {
                        "type": "object",
                        "required": ["success", "items", "cursor", "hasNextPage", "limit"],
                        "properties": {
                            "success": {"const": True},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/B2BAccount"},
                            },
                            "cursor": {
                                "type": ["string", "null"],
                                "description": "Pass as ?cursor= to get the next page.",
                            },
                            "hasNextPage": {"type": "boolean"},
                            "limit": {"type": "integer"},
                        },
                    },
                    "B2BAccountPage": {
                        "type": "object",
                        "required": ["success", "items", "pagination"],
                        "properties": {
                            "success": {"const": True},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/B2BAccount"},
                            },
                            "pagination": {"$ref": "#/components/schemas/OffsetPagination"},
                        },
                    },
                    "B2BAccountStatus": {"type": "string", "enum": ["ACTIVE", "SUSPENDED", "PENDING"]},
                    "B2BContact": {
                        "type": "object",
                        "required": ["id", "email", "isPrimary"],
                        "properties": {
                            "id": {"type": "string", "example": "cust_1"},
                            "email": {"type": "string"},
                            "isPrimary": {"type": "boolean"},
                        },
                    },
                    "OffsetPagination": {
                        "type": "object",
                        "required": ["page", "limit", "total", "totalPages"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "limit": {"type": "integer", "minimum": 1},
                            "total": {"type": "integer", "minimum": 0},
                            "totalPages": {"type": "integer", "minimum": 0},
                        },
                    },
                    "PaymentTerms": {
                        "type": "string",
                        "description": "Inferred - DUE_ON_RECEIPT or NET_<days> (NET_30, NET_60).",
                        "pattern": "^(DUE_ON_RECEIPT|NET_[0-9]{1,3})$",
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="page",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:b2b",)),),),
)

CREATE_B2_B_ACCOUNT = Operation(
    operation_id="createB2BAccount",
    method="POST",
    path="/api/v1/{siteId}/b2b/accounts",
    summary="Create a B2B account",
    action="create",
    resource="b2bAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/B2BAccountCreate",
            "components": {
                "schemas": {
                    "B2BAccountCreate": {
                        "type": "object",
                        "description": "Inferred: each of contactCustomerIds must be a customer of this site (else 404 naming\nit); they become the contacts, the first one primary. New accounts are ACTIVE unless\n`status` says otherwise.\n",
                        "required": ["companyName"],
                        "properties": {
                            "companyName": {"type": "string", "minLength": 1, "maxLength": 200},
                            "taxId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "status": {"$ref": "#/components/schemas/B2BAccountStatus"},
                            "paymentTerms": {"$ref": "#/components/schemas/PaymentTerms"},
                            "priceListId": {"type": "string", "minLength": 1, "maxLength": 64},
                            "contactCustomerIds": {
                                "type": "array",
                                "maxItems": 50,
                                "uniqueItems": True,
                                "items": {"type": "string", "minLength": 1, "maxLength": 64},
                            },
                        },
                        "additionalProperties": False,
                    },
                    "B2BAccountStatus": {"type": "string", "enum": ["ACTIVE", "SUSPENDED", "PENDING"]},
                    "PaymentTerms": {
                        "type": "string",
                        "description": "Inferred - DUE_ON_RECEIPT or NET_<days> (NET_30, NET_60).",
                        "pattern": "^(DUE_ON_RECEIPT|NET_[0-9]{1,3})$",
                    },
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/B2BAccountEnvelope",
            "components": {
                "schemas": {
                    "B2BAccount": {
                        "type": "object",
                        "required": ["id", "companyName", "status", "contacts"],
                        "properties": {
                            "id": {"type": "string", "example": "b2b_abc"},
                            "companyName": {"type": "string"},
                            "taxId": {"type": ["string", "null"], "default": None},
                            "status": {
                                "$ref": "#/components/schemas/B2BAccountStatus",
                                "default": "ACTIVE",
                            },
                            "priceListId": {"type": ["string", "null"], "default": None},
                            "paymentTerms": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/PaymentTerms"},
                                    {"type": "null"},
                                ],
                                "default": None,
                            },
                            "contacts": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/B2BContact"},
                                "default": [],
                            },
                            "contactEmails": {
                                "type": "string",
                                "default": "",
                                "writeOnly": True,
                                "description": "The contacts' emails, for search (never shown).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "B2BAccountEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/B2BAccount"},
                        },
                    },
                    "B2BAccountStatus": {"type": "string", "enum": ["ACTIVE", "SUSPENDED", "PENDING"]},
                    "B2BContact": {
                        "type": "object",
                        "required": ["id", "email", "isPrimary"],
                        "properties": {
                            "id": {"type": "string", "example": "cust_1"},
                            "email": {"type": "string"},
                            "isPrimary": {"type": "boolean"},
                        },
                    },
                    "PaymentTerms": {
                        "type": "string",
                        "description": "Inferred - DUE_ON_RECEIPT or NET_<days> (NET_30, NET_60).",
                        "pattern": "^(DUE_ON_RECEIPT|NET_[0-9]{1,3})$",
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:b2b",)),),),
)

UPDATE_B2_B_ACCOUNT = Operation(
    operation_id="updateB2BAccount",
    method="PATCH",
    path="/api/v1/{siteId}/b2b/accounts/{accountId}",
    summary="Update a B2B account",
    action="update",
    resource="b2bAccounts",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="accountId",
            location="path",
            python_name="account_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/B2BAccountUpdate",
            "components": {
                "schemas": {
                    "B2BAccountStatus": {"type": "string", "enum": ["ACTIVE", "SUSPENDED", "PENDING"]},
                    "B2BAccountUpdate": {
                        "type": "object",
                        "properties": {
                            "status": {"$ref": "#/components/schemas/B2BAccountStatus"},
                            "paymentTerms": {"$ref": "#/components/schemas/PaymentTerms"},
                            "priceListId": {"type": ["string", "null"], "minLength": 1, "maxLength": 64},
                        },
                        "additionalProperties": False,
                        "minProperties": 1,
                    },
                    "PaymentTerms": {
                        "type": "string",
                        "description": "Inferred - DUE_ON_RECEIPT or NET_<days> (NET_30, NET_60).",
                        "pattern": "^(DUE_ON_RECEIPT|NET_[0-9]{1,3})$",
                    },
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/B2BAccountEnvelope",
            "components": {
                "schemas": {
                    "B2BAccount": {
                        "type": "object",
                        "required": ["id", "companyName", "status", "contacts"],
                        "properties": {
                            "id": {"type": "string", "example": "b2b_abc"},
                            "companyName": {"type": "string"},
                            "taxId": {"type": ["string", "null"], "default": None},
                            "status": {
                                "$ref": "#/components/schemas/B2BAccountStatus",
                                "default": "ACTIVE",
                            },
                            "priceListId": {"type": ["string", "null"], "default": None},
                            "paymentTerms": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/PaymentTerms"},
                                    {"type": "null"},
                                ],
                                "default": None,
                            },
                            "contacts": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/B2BContact"},
                                "default": [],
                            },
                            "contactEmails": {
                                "type": "string",
                                "default": "",
                                "writeOnly": True,
                                "description": "The contacts' emails, for search (never shown).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "B2BAccountEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/B2BAccount"},
                        },
                    },
                    "B2BAccountStatus": {"type": "string", "enum": ["ACTIVE", "SUSPENDED", "PENDING"]},
                    "B2BContact": {
                        "type": "object",
                        "required": ["id", "email", "isPrimary"],
                        "properties": {
                            "id": {"type": "string", "example": "cust_1"},
                            "email": {"type": "string"},
                            "isPrimary": {"type": "boolean"},
                        },
                    },
                    "PaymentTerms": {
                        "type": "string",
                        "description": "Inferred - DUE_ON_RECEIPT or NET_<days> (NET_30, NET_60).",
                        "pattern": "^(DUE_ON_RECEIPT|NET_[0-9]{1,3})$",
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("write:b2b",)),),),
)

LIST_PAGES = Operation(
    operation_id="listPages",
    method="GET",
    path="/api/v1/{siteId}/pages",
    summary="List published pages",
    action="list",
    resource="pages",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="slug",
            location="query",
            python_name="slug",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
            },
            role="filter",
            filter_field="slug",
        ),
        Param(
            name="page",
            location="query",
            python_name="page",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100000,
                "default": 1,
            },
            role="page",
            default=1,
        ),
        Param(
            name="limit",
            location="query",
            python_name="limit",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "default": 20,
            },
            role="limit",
            default=20,
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/PageList",
            "components": {
                "schemas": {
                    "Page": {
                        "type": "object",
                        "required": ["id", "title", "slug", "status"],
                        "properties": {
                            "id": {"type": "string", "example": "pg_1"},
                            "title": {"type": "string"},
                            "slug": {"type": "string"},
                            "content": {"type": ["string", "null"], "default": None},
                            "status": {
                                "enum": ["PUBLISHED", "DRAFT"],
                                "default": "PUBLISHED",
                                "description": "Inferred - only PUBLISHED pages are listed; a page is published unless loaded as DRAFT.",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "PageList": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"type": "array", "items": {"$ref": "#/components/schemas/Page"}},
                        },
                    },
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="collection",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:content",)),),),
    where={"status": "PUBLISHED"},
)

GET_SITE = Operation(
    operation_id="getSite",
    method="GET",
    path="/api/v1/{siteId}/site",
    summary="Get the site configuration",
    action="get",
    resource="site",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/SiteConfigEnvelope",
            "components": {
                "schemas": {
                    "SiteConfig": {
                        "type": "object",
                        "required": ["id", "name", "locale", "currency"],
                        "properties": {
                            "id": {"type": "string", "example": "site_abc"},
                            "name": {"type": "string"},
                            "locale": {"type": "string", "default": "en"},
                            "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "default": "EUR"},
                            "primaryDomain": {"type": ["string", "null"], "default": None},
                            "domains": {
                                "type": "array",
                                "items": {"type": "string"},
                                "default": [],
                                "description": "Verified custom domains (inferred name).",
                            },
                            "theme": {
                                "type": "object",
                                "additionalProperties": {"type": "string"},
                                "default": {},
                                "description": "Active theme design tokens (`--color-primary`).",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "SiteConfigEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/SiteConfig"},
                        },
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("read:content",)),),),
)

LIST_METAFIELDS = Operation(
    operation_id="listMetafields",
    method="GET",
    path="/api/v1/{siteId}/{resourceType}/{resourceId}/metafields",
    summary="List a resource's metafields",
    action="owned.list",
    resource="metafields",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="resourceType",
            location="path",
            python_name="resource_type",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/MetafieldResourceType",
                "components": {
                    "schemas": {
                        "MetafieldResourceType": {"type": "string", "enum": ["product", "customer", "order", "site"]},
                    },
                },
            },
            role="parent",
        ),
        Param(
            name="resourceId",
            location="path",
            python_name="resource_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/MetafieldList",
            "components": {
                "schemas": {
                    "Metafield": {
                        "type": "object",
                        "required": ["id", "namespace", "key", "value", "valueType"],
                        "properties": {
                            "id": {"type": "string", "example": "mf_abc"},
                            "resourceType": {"$ref": "#/components/schemas/MetafieldResourceType"},
                            "resourceId": {"type": "string"},
                            "namespace": {"type": "string"},
                            "key": {"type": "string"},
                            "value": {"type": "string"},
                            "valueType": {
                                "$ref": "#/components/schemas/MetafieldValueType",
                                "default": "string",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "MetafieldList": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Metafield"},
                            },
                        },
                    },
                    "MetafieldResourceType": {"type": "string", "enum": ["product", "customer", "order", "site"]},
                    "MetafieldValueType": {"type": "string", "enum": ["string", "integer", "json", "boolean"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("metafields:read",)),),),
)

CREATE_METAFIELD = Operation(
    operation_id="createMetafield",
    method="POST",
    path="/api/v1/{siteId}/{resourceType}/{resourceId}/metafields",
    summary="Add a metafield",
    action="owned.create",
    resource="metafields",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="resourceType",
            location="path",
            python_name="resource_type",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/MetafieldResourceType",
                "components": {
                    "schemas": {
                        "MetafieldResourceType": {"type": "string", "enum": ["product", "customer", "order", "site"]},
                    },
                },
            },
            role="parent",
        ),
        Param(
            name="resourceId",
            location="path",
            python_name="resource_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/MetafieldCreate",
            "components": {
                "schemas": {
                    "MetafieldCreate": {
                        "type": "object",
                        "required": ["namespace", "key", "value"],
                        "properties": {
                            "namespace": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"},
                            "key": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"},
                            "value": {"type": "string", "maxLength": 65536},
                            "valueType": {"$ref": "#/components/schemas/MetafieldValueType"},
                        },
                        "additionalProperties": False,
                    },
                    "MetafieldValueType": {"type": "string", "enum": ["string", "integer", "json", "boolean"]},
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/MetafieldEnvelope",
            "components": {
                "schemas": {
                    "Metafield": {
                        "type": "object",
                        "required": ["id", "namespace", "key", "value", "valueType"],
                        "properties": {
                            "id": {"type": "string", "example": "mf_abc"},
                            "resourceType": {"$ref": "#/components/schemas/MetafieldResourceType"},
                            "resourceId": {"type": "string"},
                            "namespace": {"type": "string"},
                            "key": {"type": "string"},
                            "value": {"type": "string"},
                            "valueType": {
                                "$ref": "#/components/schemas/MetafieldValueType",
                                "default": "string",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "MetafieldEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Metafield"},
                        },
                    },
                    "MetafieldResourceType": {"type": "string", "enum": ["product", "customer", "order", "site"]},
                    "MetafieldValueType": {"type": "string", "enum": ["string", "integer", "json", "boolean"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=201,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("metafields:write",)),),),
)

DELETE_METAFIELD = Operation(
    operation_id="deleteMetafield",
    method="DELETE",
    path="/api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId}",
    summary="Delete a metafield",
    action="owned.delete",
    resource="metafields",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="resourceType",
            location="path",
            python_name="resource_type",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/MetafieldResourceType",
                "components": {
                    "schemas": {
                        "MetafieldResourceType": {"type": "string", "enum": ["product", "customer", "order", "site"]},
                    },
                },
            },
            role="parent",
        ),
        Param(
            name="resourceId",
            location="path",
            python_name="resource_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
        Param(
            name="metafieldId",
            location="path",
            python_name="metafield_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=None,
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "deleted"],
            "properties": {"success": {"const": True}, "deleted": {"const": True}},
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("metafields:write",)),),),
)

UPDATE_METAFIELD = Operation(
    operation_id="updateMetafield",
    method="PATCH",
    path="/api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId}",
    summary="Update a metafield",
    action="owned.update",
    resource="metafields",
    params=(
        Param(
            name="siteId",
            location="path",
            python_name="site_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="tenant",
        ),
        Param(
            name="resourceType",
            location="path",
            python_name="resource_type",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": "#/components/schemas/MetafieldResourceType",
                "components": {
                    "schemas": {
                        "MetafieldResourceType": {"type": "string", "enum": ["product", "customer", "order", "site"]},
                    },
                },
            },
            role="parent",
        ),
        Param(
            name="resourceId",
            location="path",
            python_name="resource_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="parent",
        ),
        Param(
            name="metafieldId",
            location="path",
            python_name="metafield_id",
            required=True,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 64,
            },
            role="id",
        ),
        Param(
            name="Idempotency-Key",
            location="header",
            python_name="idempotency_key",
            required=False,
            schema={
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
            },
        ),
    ),
    body=Body(
        required=True,
        schema={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/MetafieldUpdate",
            "components": {
                "schemas": {
                    "MetafieldUpdate": {
                        "type": "object",
                        "properties": {
                            "value": {"type": "string", "maxLength": 65536},
                            "valueType": {"$ref": "#/components/schemas/MetafieldValueType"},
                        },
                        "additionalProperties": False,
                        "minProperties": 1,
                    },
                    "MetafieldValueType": {"type": "string", "enum": ["string", "integer", "json", "boolean"]},
                },
            },
        },
    ),
    responses={
        "200": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/MetafieldEnvelope",
            "components": {
                "schemas": {
                    "Metafield": {
                        "type": "object",
                        "required": ["id", "namespace", "key", "value", "valueType"],
                        "properties": {
                            "id": {"type": "string", "example": "mf_abc"},
                            "resourceType": {"$ref": "#/components/schemas/MetafieldResourceType"},
                            "resourceId": {"type": "string"},
                            "namespace": {"type": "string"},
                            "key": {"type": "string"},
                            "value": {"type": "string"},
                            "valueType": {
                                "$ref": "#/components/schemas/MetafieldValueType",
                                "default": "string",
                            },
                            "createdAt": {"type": "string", "format": "date-time"},
                            "updatedAt": {"type": "string", "format": "date-time"},
                        },
                    },
                    "MetafieldEnvelope": {
                        "type": "object",
                        "required": ["success", "data"],
                        "properties": {
                            "success": {"const": True},
                            "data": {"$ref": "#/components/schemas/Metafield"},
                        },
                    },
                    "MetafieldResourceType": {"type": "string", "enum": ["product", "customer", "order", "site"]},
                    "MetafieldValueType": {"type": "string", "enum": ["string", "integer", "json", "boolean"]},
                },
            },
        },
        "400": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "401": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "403": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "404": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "409": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "413": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
        "429": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": "#/components/schemas/Error",
            "components": {
                "schemas": {
                    "Error": {
                        "type": "object",
                        "required": ["error"],
                        "properties": {"error": {"type": "string", "description": "Human-readable message"}},
                        "example": {"error": "Human-readable message"},
                    },
                },
            },
        },
    },
    success_status=200,
    envelope="item",
    security=((SecurityRequirement(scheme="apiKey", scopes=("metafields:write",)),),),
)

OPERATIONS = (
    LIST_PRODUCTS,
    CREATE_PRODUCT,
    GET_PRODUCT,
    DELETE_PRODUCT,
    UPDATE_PRODUCT,
    LIST_PRODUCT_VARIANTS,
    CREATE_PRODUCT_VARIANT,
    DELETE_PRODUCT_VARIANT,
    UPDATE_PRODUCT_VARIANT,
    LIST_CATEGORIES,
    LIST_BRANDS,
    LIST_PROMOTIONS,
    CREATE_PROMOTION,
    VALIDATE_PROMOTION,
    LIST_GIFT_CARDS,
    ISSUE_GIFT_CARD,
    REDEEM_GIFT_CARD,
    UPDATE_GIFT_CARD,
    GET_LOYALTY_ACCOUNT,
    AWARD_LOYALTY_POINTS,
    REDEEM_LOYALTY_POINTS,
    LIST_INVENTORY,
    ADJUST_INVENTORY,
    LIST_WEBHOOKS,
    CREATE_WEBHOOK,
    DELETE_WEBHOOK,
    GET_STORE_CREDIT,
    ADJUST_STORE_CREDIT,
    LIST_ORDERS,
    GET_ORDER,
    UPDATE_ORDER_STATUS,
    START_ORDER_PAYMENT,
    RECEIVE_PAYMENT_CALLBACK,
    GET_CART,
    CREATE_CART,
    DELETE_CART,
    MODIFY_CART,
    GET_CHECKOUT,
    CREATE_CHECKOUT,
    ADVANCE_CHECKOUT,
    LIST_PRODUCT_REVIEWS,
    CREATE_PRODUCT_REVIEW,
    LIST_CUSTOMERS,
    GET_CUSTOMER,
    UPDATE_CUSTOMER,
    LIST_B2_B_ACCOUNTS,
    CREATE_B2_B_ACCOUNT,
    UPDATE_B2_B_ACCOUNT,
    LIST_PAGES,
    GET_SITE,
    LIST_METAFIELDS,
    CREATE_METAFIELD,
    DELETE_METAFIELD,
    UPDATE_METAFIELD,
)
