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
    ),
    body=None,
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
                            "status": {
                                "$ref": "#/components/schemas/PromotionStatus",
                                "default": "ACTIVE",
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
                            "code": {"type": "string", "pattern": "^[A-Z0-9_-]{3,32}$"},
                            "type": {"$ref": "#/components/schemas/PromotionType"},
                            "value": {"type": "number", "minimum": 0, "maximum": 100000000},
                            "minOrderAmount": {"type": ["integer", "null"], "minimum": 0, "maximum": 100000000},
                            "maxUses": {"type": ["integer", "null"], "minimum": 1, "maximum": 100000000},
                            "status": {"$ref": "#/components/schemas/PromotionStatus"},
                            "expiresAt": {"type": ["string", "null"], "format": "date-time"},
                        },
                        "additionalProperties": False,
                    },
                    "PromotionStatus": {"type": "string", "enum": ["ACTIVE", "SCHEDULED", "EXPIRED", "EXHAUSTED"]},
                    "PromotionType": {"type": "string", "enum": ["PERCENTAGE", "FIXED_AMOUNT", "FREE_SHIPPING"]},
                },
            },
        },
    ),
    responses={
        "201": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["success", "data"],
            "properties": {"success": {"const": True}, "data": {"$ref": "#/components/schemas/Promotion"}},
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
                            "status": {
                                "$ref": "#/components/schemas/PromotionStatus",
                                "default": "ACTIVE",
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
    action="get",
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
    },
    success_status=200,
    envelope="item",
    security=(),
    hook="validate_coupon",
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
    GET_STORE_CREDIT,
    ADJUST_STORE_CREDIT,
)
