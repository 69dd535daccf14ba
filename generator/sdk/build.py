"""Build step of the SDK pipeline: a surface's validated document and server IR -> `Sdk`.

Every naming and policy decision of a generated client is made here, once, so that each
language's templates only spell it:

- group and method names: `x-specloom.sdk` of the operation when given; otherwise the group is
  the operation's first tag (an operation on a nested record or on one record's sub-path, such
  as `/products/{productId}/variants`, joins the group of the operations at the collection path
  it hangs under, `/products`), and the
  method is the operationId without the group's noun (`listProductVariants` in `products` ->
  `listVariants`, `getProduct` -> `get`); a name two operations of one group would share falls
  back to the whole operationId.
- types: every `components.schemas` entry, an inline request body (`<OperationId>Body`) and the
  query parameters of an operation (`<OperationId>Params`).
- what a method returns: the success body's item (or items) unwrapped from the surface's
  declared envelopes; a body that does not follow them is returned as it is.
- pagination, the error envelope, auth, signing, idempotency and retries from `x-specloom`.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ..ir import Operation, Surface
from ..loader import LoadedSpec
from .model import (
    AuthScheme,
    ErrorEnvelope,
    Group,
    IdempotencyPolicy,
    Method,
    NamedType,
    Pagination,
    Param,
    Property,
    RetryPolicy,
    Sdk,
    SigningPolicy,
    Tenant,
    TokenEndpoint,
    TypeRef,
)

ENVELOPE_DEFAULTS = {
    "item": {"data": "$item"},
    "collection": {"data": "$items"},
    "page": {"data": "$items", "page": "$page", "limit": "$limit", "total": "$total"},
    "cursorPage": {"data": "$items", "next_cursor": "$nextCursor", "has_next": "$hasNext"},
    "deleted": None,
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# members of the client object itself, which no group may shadow
RESERVED_GROUPS = frozenset({"core", "credentials", "setCredentials", "constructor", "close", "request"})
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
WORDS = re.compile(r"[A-Z0-9]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z0-9]+")


# --------------------------------------------------------------------------------------------
# names


def words(text: str) -> list[str]:
    return [w for part in re.split(r"[^0-9A-Za-z]+", text) for w in WORDS.findall(part)]


def camel(text: str) -> str:
    """`Gift Cards` -> giftCards, `B2B / Wholesale` -> b2bWholesale, `OAuth` -> oauth,
    `shopify_order_id` -> shopifyOrderId."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", text) if p]
    if not parts:
        return "value"
    first = parts[0]
    lead = re.match(r"[A-Z0-9]+", first)
    first = first.lower() if lead and len(lead.group()) >= 2 else first[0].lower() + first[1:]
    # a later all-capitals part reads as a word: `Storefront API Setup` -> storefrontApiSetup
    name = first + "".join(p.capitalize() if p.isupper() and len(p) > 1 else p[0].upper() + p[1:] for p in parts[1:])
    return name if not name[0].isdigit() else "_" + name


def pascal(text: str) -> str:
    name = camel(text)
    return name[0].upper() + name[1:]


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def method_name(operation_id: str, group_words: str) -> str:
    """The operationId without the longest run of the group's words (singular or plural)
    after its verb: `listProductVariants` in `products` -> `listVariants`; a run may spell a
    group word in several pieces (`OAuth` in `oauth`)."""
    op_words = words(operation_id)
    if len(op_words) < 2:
        return camel(operation_id)
    group = [w.lower() for w in words(group_words)]
    targets = {_singular("".join(group[i:j])) for i in range(len(group)) for j in range(i + 1, len(group) + 1)}
    best: tuple[int, int] | None = None  # (start, end) in op_words
    for start in range(1, len(op_words)):
        for end in range(start + 1, len(op_words) + 1):
            if _singular("".join(op_words[start:end]).lower()) in targets and (
                    best is None or end - start > best[1] - best[0]):
                best = (start, end)
    rest = op_words[1:] if best is None else op_words[1:best[0]] + op_words[best[1]:]
    return op_words[0].lower() + "".join(w[0].upper() + w[1:] for w in rest)


# --------------------------------------------------------------------------------------------
# schemas -> types


class Types:
    """Converts JSON Schemas of one document into TypeRefs, collecting named types."""

    def __init__(self, document: dict[str, Any]):
        self.document = document
        self.components = (document.get("components") or {}).get("schemas") or {}
        self.names = {}
        for name in self.components:
            spelt = pascal(name) if not IDENTIFIER.match(name) else name[0].upper() + name[1:]
            while spelt in self.names.values():
                spelt += "Schema"
            self.names[name] = spelt
        self.named: dict[str, NamedType] = {}
        for name, schema in self.components.items():
            self.named[self.names[name]] = NamedType(self.names[name], self.convert(schema, top=True),
                                                     _text(schema.get("description")), "schema")

    def resolve(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            node = resolve_pointer(self.document, node["$ref"])
            seen += 1
        return node

    def add(self, name: str, type_: TypeRef, description: str, origin: str) -> TypeRef:
        base, n = name, 2
        while name in self.named:
            name, n = f"{base}{n}", n + 1
        self.named[name] = NamedType(name, type_, description, origin)
        return TypeRef("ref", name=name)

    def convert(self, schema: Any, top: bool = False) -> TypeRef:
        if schema is True or schema is None or schema == {}:
            return TypeRef("unknown")
        if schema is False or not isinstance(schema, dict):
            return TypeRef("unknown")
        ref = schema.get("$ref")
        if isinstance(ref, str):
            prefix = "#/components/schemas/"
            if ref.startswith(prefix) and ref[len(prefix):] in self.components:
                target = TypeRef("ref", name=self.names[ref[len(prefix):]])
                return attrs_evolve(target, nullable=True) if _nullable(schema) else target
            return self.convert(self.resolve(schema))
        if "const" in schema:
            return TypeRef("literal", value=schema["const"])
        if "enum" in schema:
            values = tuple(v for v in schema["enum"] if v is not None)
            return TypeRef("enum", values=values, nullable=None in schema["enum"] or _nullable(schema))
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                options = tuple(self.convert(s) for s in schema[key])
                nullable = _nullable(schema) or any(o.kind == "null" for o in options)
                options = tuple(o for o in options if o.kind != "null")
                if len(options) == 1:
                    return attrs_evolve(options[0], nullable=nullable or options[0].nullable)
                return TypeRef("union", options=_unique(options), nullable=nullable)
        if isinstance(schema.get("allOf"), list):
            parts = [self.resolve(s) for s in schema["allOf"]]
            if len(parts) == 1 and not schema.get("properties"):
                return self.convert(schema["allOf"][0])
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for part in [*parts, schema]:
                if isinstance(part, dict):
                    merged["properties"].update(part.get("properties") or {})
                    merged["required"] += list(part.get("required") or [])
            return self.convert(merged)
        types = schema.get("type")
        if isinstance(types, list):
            kinds = [t for t in types if t != "null"]
            nullable = "null" in types
            if len(kinds) == 1:
                return attrs_evolve(self.convert({**schema, "type": kinds[0]}), nullable=nullable)
            options = tuple(self.convert({**schema, "type": t}) for t in kinds)
            return TypeRef("union", options=options, nullable=nullable) if options else TypeRef("null")
        if types == "array" or (types is None and "items" in schema):
            return TypeRef("array", items=self.convert(schema.get("items", True)))
        if types == "object" or (types is None and "properties" in schema):
            required = set(schema.get("required") or ())
            props = tuple(
                Property(name, self.convert(sub), name in required, _text((sub or {}).get("description")
                                                                         if isinstance(sub, dict) else ""),
                         bool(isinstance(sub, dict) and sub.get("readOnly")))
                for name, sub in (schema.get("properties") or {}).items())
            extra = schema.get("additionalProperties")
            if extra is None:
                additional = None if props else TypeRef("unknown")
            elif extra is False:
                additional = None
            else:
                additional = self.convert(extra)
            return TypeRef("object", properties=props, additional=additional)
        if types in ("string", "integer", "number", "boolean", "null"):
            return TypeRef(types)
        return TypeRef("unknown")


def attrs_evolve(ref: TypeRef, **changes: Any) -> TypeRef:
    import attrs

    return attrs.evolve(ref, **changes)


def _nullable(schema: dict) -> bool:
    return schema.get("nullable") is True


def _unique(options: Iterable[TypeRef]) -> tuple[TypeRef, ...]:
    out: list[TypeRef] = []
    for o in options:
        if o not in out:
            out.append(o)
    return tuple(out)


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def resolve_pointer(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.lstrip("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part] if isinstance(node, dict) else node[int(part)]
    return node


# --------------------------------------------------------------------------------------------
# envelopes


def find_placeholder(template: Any, name: str, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The path of keys to the string `$name` in a JSON template (() when it is the whole)."""
    if template == f"${name}":
        return path
    if isinstance(template, dict):
        for key, value in template.items():
            found = find_placeholder(value, name, path + (str(key),))
            if found is not None:
                return found
    return None


def schema_at(types: Types, schema: Any, path: tuple[str, ...]) -> Any | None:
    """The sub-schema at a path of property names, through $refs, allOf and oneOf; None when
    the schema has no such property."""
    if not path:
        return schema
    schema = types.resolve(schema)
    if not isinstance(schema, dict):
        return None
    props = schema.get("properties") or {}
    if path[0] in props:
        return schema_at(types, props[path[0]], path[1:])
    # allOf: a later part refines an earlier one (a page's typed `data` over the generic one)
    for part in [*reversed(schema.get("allOf") or ()), *(schema.get("oneOf") or ()), *(schema.get("anyOf") or ())]:
        found = schema_at(types, part, path)
        if found is not None:
            return found
    return None


PLACEHOLDER_TYPES = {"message": TypeRef("string"), "code": TypeRef("string"), "status": TypeRef("integer"),
                     "details": TypeRef("unknown")}


def error_type(template: Any) -> TypeRef:
    """The type of an error body rendered from the surface's error envelope template."""
    if isinstance(template, str) and template.startswith("$"):
        return PLACEHOLDER_TYPES.get(template[1:], TypeRef("unknown"))
    if isinstance(template, dict):
        props = tuple(Property(str(k), error_type(v), not (isinstance(v, str) and v in ("$details", "$code")))
                      for k, v in template.items())
        return TypeRef("object", properties=props, additional=TypeRef("unknown"))
    if isinstance(template, list):
        return TypeRef("array", items=TypeRef("unknown"))
    return TypeRef("literal", value=template)


# --------------------------------------------------------------------------------------------
# the surface


class SdkBuilder:
    def __init__(self, surface: Surface, spec: LoadedSpec):
        self.surface = surface
        self.document = spec.document
        self.types = Types(self.document)
        self.envelopes = {**ENVELOPE_DEFAULTS, **surface.envelopes}
        self.raw_ops = {op.get("operationId"): (path, method, op, item)
                        for path, item in (self.document.get("paths") or {}).items()
                        for method, op in item.items() if method in METHODS and isinstance(op, dict)}
        self.auth = self._auth()

    # ---- auth ----

    def _auth(self) -> tuple[AuthScheme, ...]:
        declared = (self.document.get("components") or {}).get("securitySchemes") or {}
        defaults = {"apiKey": "apiKey", "publishableKey": "publishableKey", "guestToken": "guestToken",
                    "customerSession": "customerToken", "oauthAuthorizationCode": "accessToken",
                    "oauthClientCredentials": "clientId"}
        taken: set[str] = set()
        schemes = []
        for scheme in self.surface.security_schemes:
            definition = declared.get(scheme.name) or {}
            option = defaults.get(scheme.family, camel(scheme.name))
            if option in taken:
                option = camel(scheme.name)
            taken.add(option)
            header_scheme = definition.get("type") == "apiKey" and definition.get("in") == "header"
            kind, header, token, refresh, options = "bearer", "Authorization", None, None, (option,)
            if scheme.family in ("publishableKey", "guestToken") and header_scheme:
                kind, header = "header", definition["name"]
            elif scheme.family == "oauthClientCredentials":
                kind, options = "clientCredentials", ("clientId", "clientSecret")
                token = self._client_credentials_endpoint()
            elif scheme.family == "customerSession":
                kind, options = "customerSession", (option, "customerRefreshToken")
                refresh = self._customer_refresh_endpoint()
            issued: dict[str, Any] = {}
            if scheme.family == "customerSession" and refresh is not None:
                issued = {"issued_by": tuple(op.operation_id for op in self.surface.operations if op.action in (
                    "customerAuth.login", "customerAuth.verifyOtp", "customerAuth.refresh")),
                    "issued_field": refresh.token_field, "issued_refresh_field": refresh.refresh_field,
                    "refresh_option": "customerRefreshToken"}
            elif scheme.family == "guestToken":
                issuer = self._operation_with_action("guestToken.issue")
                if issuer is not None:
                    props = (self.types.resolve(self._success_schema(issuer) or {}) or {}).get("properties") or {}
                    field = next((f for f in props if f.endswith("token")), "token")
                    issued = {"issued_by": (issuer.operation_id,), "issued_field": field}
            schemes.append(AuthScheme(scheme.name, scheme.family, kind, option, header, scheme.prefixes,
                                      _text(definition.get("description")), token, refresh, options, **issued))
        return tuple(schemes)

    def _operation_with_action(self, action: str) -> Operation | None:
        return next((op for op in self.surface.operations if op.action == action), None)

    def _client_credentials_endpoint(self) -> TokenEndpoint | None:
        op = self._operation_with_action("oauth.clientCredentials")
        if op is None:
            return None
        content = ((self.raw_ops[op.operation_id][2].get("requestBody") or {}).get("content") or {})
        media = "application/json" if "application/json" in content or not content else next(iter(content))
        return TokenEndpoint(op.operation_id, op.method, op.path, media,
                             {"clientId": "client_id", "clientSecret": "client_secret"},
                             {"grant_type": "client_credentials"}, "access_token", None, "expires_in")

    def _customer_refresh_endpoint(self) -> TokenEndpoint | None:
        op = self._operation_with_action("customerAuth.refresh")
        if op is None:
            return None
        field = str(op.options.get("refreshField", "refresh"))
        schema = self.types.resolve(self._success_schema(op) or {})
        props = set((schema or {}).get("properties") or {})
        access = next((f for f in ("access", "access_token", "accessToken") if f in props), "access")
        refresh = next((f for f in ("refresh", "refresh_token", "refreshToken") if f in props), "refresh")
        needs = tuple(r.scheme for r in op.security[0]) if op.security else ()
        return TokenEndpoint(op.operation_id, op.method, op.path, "application/json", {"refresh": field}, {},
                             access, refresh, None, needs)

    # ---- operations ----

    def _success_schema(self, op: Operation) -> Any:
        raw = self.raw_ops[op.operation_id][2]
        response = self.types.resolve((raw.get("responses") or {}).get(str(op.success_status)) or {})
        content = (response or {}).get("content") or {}
        media = content.get("application/json") or next(iter(content.values()), None)
        return (media or {}).get("schema")

    def _raw_params(self, op: Operation) -> list[dict[str, Any]]:
        path, _method, raw, item = self.raw_ops[op.operation_id]
        merged: dict[tuple[str, str], dict] = {}
        for p in list(item.get("parameters") or []) + list(raw.get("parameters") or []):
            p = self.types.resolve(p)
            merged[(p.get("name"), p.get("in"))] = p
        return list(merged.values())

    def _params(self, op: Operation) -> tuple[list[Param], list[Param], list[Param]]:
        roles = {p.name: p.role for p in op.params}
        skip_headers = {"authorization"}
        skip_headers |= {a.header.lower() for a in self.auth}
        if self.surface.signing:
            skip_headers.add(self.surface.signing.header.lower())
        if self.surface.idempotency:
            skip_headers.add(self.surface.idempotency.header.lower())
        path_params, query, headers = [], [], []
        order = re.findall(r"{([^}]+)}", op.path)
        for p in self._raw_params(op):
            name, where = p.get("name"), p.get("in")
            role = roles.get(name, "plain")
            if role == "tenant" or where == "cookie":
                continue
            if where == "header" and name.lower() in skip_headers:
                continue
            schema = p.get("schema") or {}
            resolved = self.types.resolve(schema)
            is_array = isinstance(resolved, dict) and resolved.get("type") == "array"
            if where == "path":
                option = camel(name)
            else:
                bare = name[:-2] if name.endswith("[]") else name
                option = bare if IDENTIFIER.match(bare) else camel(bare)
            param = Param(name, option, where, self.types.convert(schema), bool(p.get("required")) or where == "path",
                          _text(p.get("description")), is_array, role)
            {"path": path_params, "query": query, "header": headers}[where].append(param)
        path_params.sort(key=lambda p: order.index(p.name) if p.name in order else len(order))
        return path_params, query, headers

    def _body(self, op: Operation) -> tuple[TypeRef | None, bool, str]:
        raw = self.raw_ops[op.operation_id][2]
        body = self.types.resolve(raw.get("requestBody"))
        if not body:
            return None, False, "application/json"
        content = body.get("content") or {}
        media = "application/json" if "application/json" in content else next(iter(content), "application/json")
        schema = (content.get(media) or {}).get("schema")
        type_ = self.types.convert(schema)
        if type_.kind == "object":
            type_ = self.types.add(pascal(op.operation_id) + "Body", type_,
                                   f"The body of {op.operation_id}.", "body")
        return type_, bool(body.get("required")), media

    def _result(self, op: Operation) -> tuple[str, tuple[str, ...], TypeRef, Pagination | None]:
        schema = self._success_schema(op)
        if op.success_status == 204 or schema is None:
            return "empty", (), TypeRef("unknown"), None
        kind = op.envelope
        if kind == "page":
            pagination = self._pagination(op)
            items = schema_at(self.types, schema, pagination.items)
            if items is None and pagination.page_items is not None:
                items = schema_at(self.types, schema, pagination.page_items)
            element = self.types.resolve(items) if items is not None else None
            returns = (self.types.convert(element.get("items", True))
                       if isinstance(element, dict) and "items" in element else TypeRef("unknown"))
            return "page", pagination.items, returns, pagination
        placeholder = {"item": "item", "collection": "items"}.get(kind)
        template = self.envelopes.get(kind)
        path = find_placeholder(template, placeholder) if placeholder else None
        if path is not None:
            sub = schema_at(self.types, schema, path)
            if sub is not None:
                if kind == "collection":
                    sub = self.types.resolve(sub)
                    element = sub.get("items", True) if isinstance(sub, dict) else True
                    return "list", path, self.types.convert(element), None
                return "item", path, self.types.convert(sub), None
        return "raw", (), self.types.convert(schema), None

    def _pagination(self, op: Operation) -> Pagination:
        limit = op.param("limit")
        cursor, previous, page = op.param("cursor"), op.param("previous_cursor"), op.param("page")
        cursor_t = self.envelopes.get("cursorPage")
        page_t = self.envelopes.get("page")
        if cursor is not None:
            return Pagination(
                "cursor", find_placeholder(cursor_t, "items") or ("data",),
                limit_param=limit.name if limit else None, cursor_param=cursor.name,
                previous_cursor_param=previous.name if previous else None,
                page_param=page.name if page else None,
                next_cursor=find_placeholder(cursor_t, "nextCursor"), has_next=find_placeholder(cursor_t, "hasNext"),
                previous_cursor=find_placeholder(cursor_t, "previousCursor"),
                has_previous=find_placeholder(cursor_t, "hasPrevious"),
                page=find_placeholder(page_t, "page") if page else None,
                total_pages=find_placeholder(page_t, "totalPages") if page else None,
                total=find_placeholder(page_t, "total") if page else None,
                first_cursor="" if page is not None else None,
                bidirectional=previous is not None and find_placeholder(cursor_t, "previousCursor") is not None,
                page_items=find_placeholder(page_t, "items") if page else None)
        return Pagination(
            "page", find_placeholder(page_t, "items") or ("data",), limit_param=limit.name if limit else None,
            page_param=page.name if page else None, page=find_placeholder(page_t, "page"),
            total_pages=find_placeholder(page_t, "totalPages"), total=find_placeholder(page_t, "total"),
            has_next=find_placeholder(page_t, "hasNext"))

    # ---- groups ----

    def _tag_group(self, op: Operation) -> str:
        tags = self.raw_ops[op.operation_id][2].get("tags") or []
        if tags:
            return camel(str(tags[0]))
        return camel(op.resource) if op.resource else "api"

    def _collection_group(self, op: Operation) -> str | None:
        """The group of the operations at the shortest collection path the operation's path
        hangs under (`/products` for `/products/{productId}/variants`), the tenant's own
        segment excepted; None when no operation is at such a path."""
        segments = op.path.split("/")
        tenant = "{" + self.surface.tenant_parameter + "}" if self.surface.tenant_parameter else None
        for i in range(1, len(segments) - 1):
            if not segments[i + 1].startswith("{") or segments[i + 1] == tenant or segments[i].startswith("{"):
                continue
            prefix = "/".join(segments[:i + 1])
            for other in self.surface.operations:
                if other.path == prefix and not self._override(other).get("group"):
                    return self._tag_group(other)
        return None

    def _override(self, op: Operation) -> dict[str, str]:
        ext = self.raw_ops[op.operation_id][2].get("x-specloom") or {}
        return dict(ext.get("sdk") or {})

    def group_of(self, op: Operation) -> str:
        override = self._override(op).get("group")
        if override:
            return override
        if op.param("parent") is not None:
            found = self._collection_group(op)
            if found:
                return found
        return self._tag_group(op)

    def build(self) -> Sdk:
        surface = self.surface
        grouped: dict[str, list[tuple[Operation, str]]] = {}
        for op in surface.operations:
            group = self.group_of(op)
            if group in RESERVED_GROUPS:
                group += "Api"
            grouped.setdefault(group, []).append((op, self._override(op).get("method") or method_name(
                op.operation_id, group)))
        groups = []
        for group, entries in grouped.items():
            counts: dict[str, int] = {}
            for _, name in entries:
                counts[name] = counts.get(name, 0) + 1
            methods = tuple(self._method(op, name if counts[name] == 1 and not self._reserved(name)
                                         else camel(op.operation_id)) for op, name in entries)
            tags = {t.get("name"): t for t in self.document.get("tags") or [] if isinstance(t, dict)}
            description = next((_text(tags[t].get("description")) for t in tags if camel(str(t)) == group), "")
            groups.append(Group(group, group[0].upper() + group[1:], methods, description))
        uses = [any(p.role == "tenant" for p in op.params) for op in surface.operations]
        tenant = None
        if surface.tenant_parameter:
            tenant = Tenant(surface.tenant_parameter, camel(surface.tenant_parameter),
                            f"The `{surface.tenant_parameter}` of every path that has it.", all(uses))
        signing = (SigningPolicy(surface.signing.header, tolerance_seconds=surface.signing.tolerance_seconds)
                   if surface.signing else None)
        idem = surface.idempotency
        idempotency = (IdempotencyPolicy(idem.header, tuple(idem.methods), idem.required, idem.max_key_length)
                       if idem else None)
        template = surface.error_envelope
        error = ErrorEnvelope(template, find_placeholder(template, "message"), find_placeholder(template, "code"),
                              find_placeholder(template, "details"), find_placeholder(template, "status"),
                              error_type(template))
        info = self.document.get("info") or {}
        return Sdk(
            surface=surface.name, title=surface.title, version=surface.version,
            package=f"@specloom/{surface.name}-client", class_name=pascal(surface.name), tenant=tenant,
            auth=self.auth, signing=signing, idempotency=idempotency, retry=RetryPolicy(), error=error,
            groups=tuple(groups), types=tuple(sorted(self.types.named.values(), key=lambda t: t.name)),
            description=_text(info.get("description"))[:400], fingerprint=surface.fingerprint)

    @staticmethod
    def _reserved(name: str) -> bool:
        return name in {"constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__proto__",
                        "request", "client"}

    def _method(self, op: Operation, name: str) -> Method:
        raw = self.raw_ops[op.operation_id][2]
        path_params, query, headers = self._params(op)
        body, body_required, media = self._body(op)
        result, data, returns, pagination = self._result(op)
        params_type = None
        if query or headers:
            props = tuple(Property(p.option, p.type, p.required, p.description) for p in [*query, *headers])
            params_type = self.types.add(pascal(op.operation_id) + "Params", TypeRef("object", properties=props),
                                         f"The query parameters of {op.operation_id}.", "params").name
        idem = self.surface.idempotency
        return Method(
            name=name, operation_id=op.operation_id, method=op.method.upper(), path=op.path,
            summary=_text(raw.get("summary")), description=_text(raw.get("description")),
            path_params=tuple(path_params), query_params=tuple(query), header_params=tuple(headers),
            body=body, body_required=body_required, body_content_type=media, params_type=params_type,
            result=result, data=data, returns=returns, success_status=op.success_status,
            auth=tuple(tuple(r.scheme for r in req) for req in op.security),
            uses_tenant=any(p.role == "tenant" for p in op.params),
            idempotent_write=bool(idem and idem.applies_to(op.method)),
            signed=bool(self.surface.signing) and not op.is_public,
            pagination=pagination, all_name=(name + "All") if pagination else None,
            deprecated=bool(raw.get("deprecated")))


def build_sdk(surface: Surface, spec: LoadedSpec) -> Sdk:
    return SdkBuilder(surface, spec).build()
