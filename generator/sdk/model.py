"""The SDK intermediate model: what a generated client of one surface needs, language-neutral.

`generator.sdk.build` makes an `Sdk` from a surface's validated document and its server IR
(`generator.ir.Surface`); the templates of each language (generator/templates/sdk/<lang>/)
render it and decide nothing. Names are given in camelCase (`listVariants`, `siteId`): a
language that spells them otherwise converts them with `snake_case` (a pure function).

Shape (documented in docs/sdk.md; changes are additive):

    Sdk
      surface, title, version, package (npm-style name), class_name
      tenant: Tenant | None            the path parameter bound once in createClient
      auth: tuple[AuthScheme, ...]      every credential the surface accepts
      signing: SigningPolicy | None     HMAC request signing (a secret per API key)
      idempotency: IdempotencyPolicy | None
      retry: RetryPolicy                429 + Retry-After, network errors on idempotent requests
      error: ErrorEnvelope              where the message/code/details sit in an error body
      groups: tuple[Group, ...]         client.<group>.<method>(...)
      types: tuple[NamedType, ...]      components' schemas, operation bodies and params
"""

from __future__ import annotations

import keyword
import re
from typing import Any

import attrs


def snake_case(name: str) -> str:
    """`listVariants` -> `list_variants`, `B2BAccount` -> `b2b_account`; a Python keyword gets `_`."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_")
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name).lower()
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name or "value"


# --------------------------------------------------------------------------------------------
# Types: a small, closed model of JSON Schema that every language can render


@attrs.frozen
class Property:
    name: str  # the JSON name, as sent on the wire
    type: "TypeRef"
    required: bool = False
    description: str = ""
    read_only: bool = False


@attrs.frozen
class TypeRef:
    """One type. `kind` is one of:

    ref      a NamedType by `name`
    string, integer, number, boolean, null, unknown
    literal  the JSON value `value` (a const, or one member of an enum)
    enum     one of `values` (strings or numbers)
    array    of `items`
    object   with `properties`; `additional`: the type of other keys (None: no other keys
             declared; an `unknown` TypeRef when any are allowed)
    union    any of `options` (oneOf / anyOf / a type list)
    """

    kind: str
    name: str | None = None
    value: Any = None
    values: tuple[Any, ...] = ()
    items: "TypeRef | None" = None
    properties: tuple[Property, ...] = ()
    additional: "TypeRef | None" = None
    options: tuple["TypeRef", ...] = ()
    nullable: bool = False  # also null (OpenAPI 3.1 `type: [x, "null"]`)


@attrs.frozen
class NamedType:
    name: str  # PascalCase, unique in the SDK
    type: TypeRef
    description: str = ""
    origin: str = "schema"  # schema (components) | body | params | response


# --------------------------------------------------------------------------------------------
# The client's policies


@attrs.frozen
class Tenant:
    """The path parameter naming the tenant (`siteId`, `store_id`, `store`): given once to the
    client (`option`), filled into every path that has it."""

    param: str  # as in the path: store_id
    option: str  # the client option, camelCase: storeId
    description: str = ""
    required: bool = True  # every operation's path has it (Scalev's business API has none)


@attrs.frozen
class TokenEndpoint:
    """An operation a client calls itself to get or renew a credential."""

    operation_id: str
    method: str
    path: str
    content_type: str = "application/json"  # or application/x-www-form-urlencoded
    fields: dict[str, str] = attrs.field(factory=dict)  # role -> request field (client_id, refresh...)
    fixed: dict[str, str] = attrs.field(factory=dict)  # fields always sent (grant_type)
    token_field: str = "access_token"  # the response field holding the new access token
    refresh_field: str | None = None  # the response field holding a new refresh token
    expires_field: str | None = None  # seconds the access token lives
    auth: tuple[str, ...] = ()  # schemes the endpoint itself needs (a storefront key)


@attrs.frozen
class AuthScheme:
    """One credential the surface accepts.

    kind:
      bearer              `Authorization: Bearer <option>` (API keys, OAuth access tokens)
      header              `<header>: <option>` (publishable keys, guest tokens)
      clientCredentials   option = {clientId, clientSecret}: the client trades them at
                          `token` for a bearer token, before the first call and again on a 401
      customerSession     a customer's access token (bearer) and refresh token: on a 401 the
                          client trades the refresh token at `refresh` once and retries
    """

    name: str  # the OpenAPI security scheme
    family: str  # runtime family: apiKey, publishableKey, guestToken, customerSession, ...
    kind: str
    option: str  # the client option that carries it (apiKey, publishableKey, clientId, ...)
    header: str = "Authorization"
    prefixes: tuple[str, ...] = ()
    description: str = ""
    token: TokenEndpoint | None = None  # clientCredentials: where tokens come from
    refresh: TokenEndpoint | None = None  # customerSession / oauth: where tokens are renewed
    options: tuple[str, ...] = ()  # every client option this scheme reads (clientId, clientSecret)
    # operations whose success body carries a new credential of this scheme, which the client
    # keeps (a guest token from issueGuestToken; a customer's tokens from login or verifyOtp):
    # `issued_field` holds the credential, `issued_refresh_field` a refresh token beside it
    issued_by: tuple[str, ...] = ()
    issued_field: str | None = None
    issued_refresh_field: str | None = None
    refresh_option: str | None = None  # the client option of the refresh token (customerRefreshToken)


@attrs.frozen
class SigningPolicy:
    """`<header>: t=<unix seconds>,sha256=<hex HMAC-SHA256(secret, "<t>." + raw body)>` on every
    request that needs a credential, when the client is given `option` (the key's signing secret).
    A signature is accepted once: two identical requests in the same second are signed with
    successive timestamps (within `tolerance_seconds`)."""

    header: str
    scheme: str = "t={timestamp},sha256={hex}"
    algorithm: str = "HMAC-SHA256"
    payload: str = "{timestamp}.{body}"
    option: str = "signingSecret"
    tolerance_seconds: int = 300


@attrs.frozen
class IdempotencyPolicy:
    """Writes (`methods`) carry `header`; the client makes one key per logical call and sends the
    same key on every retry of it. `required`: the server refuses a write without one."""

    header: str = "Idempotency-Key"
    methods: tuple[str, ...] = ("POST", "PUT", "PATCH", "DELETE")
    required: bool = False
    max_length: int = 255


@attrs.frozen
class RetryPolicy:
    """Retry on `statuses` after `Retry-After` (seconds or an HTTP date; `base_delay_seconds`
    doubling when absent, at most `max_delay_seconds`), and on network errors for requests
    that are safe to repeat (GET/HEAD/PUT/DELETE, or a write carrying an idempotency key)."""

    max_retries: int = 3
    statuses: tuple[int, ...] = (429,)
    retry_after_header: str = "Retry-After"
    base_delay_seconds: float = 0.5
    max_delay_seconds: float = 30.0
    safe_methods: tuple[str, ...] = ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")


@attrs.frozen
class ErrorEnvelope:
    """Where an error body keeps its parts: each a path of keys into the body (None: absent)."""

    template: Any
    message: tuple[str, ...] | None = None
    code: tuple[str, ...] | None = None
    details: tuple[str, ...] | None = None
    status: tuple[str, ...] | None = None
    body_type: TypeRef = TypeRef("unknown")  # the error body as a type (placeholders typed)


# --------------------------------------------------------------------------------------------
# Operations


@attrs.frozen
class Param:
    name: str  # on the wire: expand[], page_size
    option: str  # the key in the method's params object / the positional argument's name
    location: str  # path | query | header
    type: TypeRef
    required: bool = False
    description: str = ""
    is_array: bool = False  # a repeated query parameter (expand[]=a&expand[]=b)
    role: str = "plain"  # the server IR's role: id, parent, page, limit, cursor, search, filter, ...


@attrs.frozen
class Pagination:
    """How a list operation pages. style:
      cursor  send `cursor_param` (after the first page); read `next_cursor` / `has_next`
              (and `previous_cursor` / `has_previous` when `bidirectional`)
      page    send `page_param` = 1, 2, ...; read `page` and `total_pages`
    Each response field is a path of keys into the body. `first_cursor`: what the first
    request sends as cursor ("" when an empty cursor selects cursor paging, None: nothing)."""

    style: str
    items: tuple[str, ...]
    limit_param: str | None = None
    cursor_param: str | None = None
    previous_cursor_param: str | None = None
    page_param: str | None = None
    next_cursor: tuple[str, ...] | None = None
    has_next: tuple[str, ...] | None = None
    previous_cursor: tuple[str, ...] | None = None
    has_previous: tuple[str, ...] | None = None
    page: tuple[str, ...] | None = None
    total_pages: tuple[str, ...] | None = None
    total: tuple[str, ...] | None = None
    first_cursor: str | None = None
    bidirectional: bool = False
    page_items: tuple[str, ...] | None = None  # the items in a page-numbered answer, when both are possible


@attrs.frozen
class Method:
    """One operation as a client method: `client.<group>.<name>(*path args, body?, params?)`.

    result:
      item        the body's `data` path unwrapped (`returns`: the item's type)
      list        an array at `data` (`returns`: the element's type)
      page        a page: {items, nextCursor, hasNext, previousCursor, hasPrevious, page,
                  totalPages, total, raw}; `<name>All` walks every page (`pagination`)
      raw         the body as it is (`returns`)
      empty       no body (204)
    """

    name: str  # camelCase: listVariants
    operation_id: str
    method: str  # HTTP
    path: str  # with {param} placeholders, the tenant's included
    summary: str = ""
    description: str = ""
    path_params: tuple[Param, ...] = ()  # positional, in path order (the tenant excluded)
    query_params: tuple[Param, ...] = ()  # the params object
    header_params: tuple[Param, ...] = ()  # also in the params object (not idempotency/auth)
    body: TypeRef | None = None
    body_required: bool = False
    body_content_type: str = "application/json"
    params_type: str | None = None  # NamedType of the params object (None: no params)
    result: str = "item"
    data: tuple[str, ...] = ()  # path of keys to the item / items in a success body
    returns: TypeRef = TypeRef("unknown")
    success_status: int = 200
    auth: tuple[tuple[str, ...], ...] = ()  # any of these scheme sets (each: all of); () public
    uses_tenant: bool = False
    idempotent_write: bool = False  # sends an idempotency key
    signed: bool = False  # signed when the client has a signing secret
    pagination: Pagination | None = None
    all_name: str | None = None  # the page walker: listAll
    deprecated: bool = False

    @property
    def public(self) -> bool:
        return not self.auth or any(len(s) == 0 for s in self.auth)

    @property
    def python_name(self) -> str:
        return snake_case(self.name)


@attrs.frozen
class Group:
    name: str  # camelCase attribute of the client: products, giftCards
    class_name: str  # PascalCase: Products, GiftCards
    methods: tuple[Method, ...]
    description: str = ""

    @property
    def python_name(self) -> str:
        return snake_case(self.name)


@attrs.frozen
class Sdk:
    surface: str
    title: str
    version: str
    package: str  # the package name: @specloom/shopvo-client (npm), specloom-shopvo-client (pip)
    class_name: str  # PascalCase of the surface: Shopvo
    tenant: Tenant | None
    auth: tuple[AuthScheme, ...]
    signing: SigningPolicy | None
    idempotency: IdempotencyPolicy | None
    retry: RetryPolicy
    error: ErrorEnvelope
    groups: tuple[Group, ...]
    types: tuple[NamedType, ...]
    description: str = ""
    fingerprint: str = ""  # the spec's fingerprint (the generated code names it)

    def group(self, name: str) -> Group:
        return next(g for g in self.groups if g.name == name)

    def method(self, operation_id: str) -> Method:
        return next(m for g in self.groups for m in g.methods if m.operation_id == operation_id)

    def scheme(self, name: str) -> AuthScheme:
        return next(a for a in self.auth if a.name == name)

    @property
    def methods(self) -> tuple[Method, ...]:
        return tuple(m for g in self.groups for m in g.methods)

    @property
    def python_package(self) -> str:
        return snake_case(self.surface) + "_client"
