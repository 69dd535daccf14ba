"""The policies of the Shopvo v1 REST API this client follows (generated from its OpenAPI document;
do not edit)."""

from __future__ import annotations

from typing import Any

SURFACE = 'shopvo'
VERSION = '1.0.0'
SPEC_FINGERPRINT = '185f9f502e7bbc714a040bc46c692ade75a7d39f5a350b3ca42fc7b77451a15d'

# the path parameter naming the tenant, given once to the client
TENANT: dict[str, Any] | None = {"param": 'siteId', "option": 'site_id', "required": True}

# every credential the surface accepts, by security scheme
AUTH: dict[str, dict[str, Any]] = {
    'apiKey': {
        "family": 'apiKey', "kind": 'bearer', "option": 'api_key', "header": 'Authorization',
        "options": ['api_key'],
        "token": None,
        "refresh": None,
    },
}

SIGNING: dict[str, Any] | None = {"header": 'X-Shopvo-Signature', "option": 'signing_secret', "tolerance_seconds": 300}
IDEMPOTENCY: dict[str, Any] | None = {"header": 'Idempotency-Key', "methods": ['POST', 'PUT', 'PATCH', 'DELETE'], "required": False}
RETRY: dict[str, Any] = {"max_retries": 3, "statuses": [429], "retry_after_header": 'Retry-After',
                         "base_delay_seconds": 0.5, "max_delay_seconds": 30.0,
                         "safe_methods": ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']}
# where an error body keeps its message, machine code and details (paths of keys)
ERRORS: dict[str, Any] = {"message": ('error',), "code": None, "details": None,
                          "template": {'error': '$message'}}
