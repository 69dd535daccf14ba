"""IR step: turn a validated OpenAPI 3.1 document into a `Surface`.

Every decision the runtime later relies on is made here once: which parameter is the tenant,
the parent, the resource id, a filter or a paging control; which fields become indexed
columns; which JSON Schema validates each body, parameter and response (bundled with the
component schemas it references, so it validates on its own with 2020-12 semantics).
"""

from __future__ import annotations

import copy
from typing import Any

from . import build_commerce
from .ir import (
    Aggregate,
    Body,
    CopyFrom,
    Cors,
    Counter,
    Creation,
    Derivation,
    Downloads,
    EmittedEvent,
    FieldInfo,
    Files,
    Flag,
    Idempotency,
    Ledger,
    Mail,
    MailTemplate,
    Operation,
    Owner,
    Param,
    Payments,
    RateLimit,
    Reference,
    Relation,
    Resource,
    SecurityRequirement,
    SecurityScheme,
    SettingDefault,
    Signing,
    StateMachine,
    Surface,
    Sweep,
    Timestamps,
    Transition,
    TypedValue,
    ValidationDetails,
    WebhookDelivery,
    Webhooks,
    snake_case,
)
from .loader import LoadedSpec
from .validate import iter_operations

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_COLUMN_TYPES = {"string": "text", "integer": "integer", "number": "real", "boolean": "boolean"}
DEFAULT_MAX_BODY = 1024 * 1024


def resolve(doc: dict, node: Any) -> Any:
    """Follow a local `$ref` (components/parameters, responses, requestBodies...)."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = doc
        for token in node["$ref"][2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node, seen = target, seen + 1
        if seen > 50:
            raise ValueError(f"$ref chain too deep at {node}")
    return node


def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            out.add(ref.split("/")[3].replace("~1", "/").replace("~0", "~"))
        for v in node.values():
            _refs(v, out)
    elif isinstance(node, list):
        for v in node:
            _refs(v, out)


def bundle(doc: dict, schema: dict) -> dict:
    """A self-contained 2020-12 schema: `schema` plus the components it reaches."""
    components = (doc.get("components") or {}).get("schemas") or {}
    needed: set[str] = set()
    _refs(schema, needed)
    pending = list(needed)
    while pending:
        name = pending.pop()
        found: set[str] = set()
        _refs(components.get(name, {}), found)
        for extra in found - needed:
            needed.add(extra)
            pending.append(extra)
    out = {"$schema": DRAFT, **copy.deepcopy(schema)}
    if needed:
        out["components"] = {"schemas": {n: copy.deepcopy(components[n]) for n in sorted(needed)}}
    return out


def _type_of(doc: dict, schema: dict) -> tuple[str | None, bool]:
    """(column type, is array) of a property schema."""
    schema = resolve(doc, schema) if isinstance(schema, dict) else {}
    types = schema.get("type")
    if types is None and "allOf" in schema:
        return _type_of(doc, schema["allOf"][0])
    if types is None and "enum" in schema:
        types = "string" if all(isinstance(v, str) for v in schema["enum"] if v is not None) else None
    if types is None and "const" in schema and isinstance(schema["const"], str):
        types = "string"
    if isinstance(types, list):
        non_null = [t for t in types if t != "null"]
        types = non_null[0] if len(non_null) == 1 else None
    if types == "array":
        return None, True
    return _COLUMN_TYPES.get(types or ""), False


def build_resource(doc: dict, name: str, decl: dict) -> Resource:
    schema = resolve(doc, doc["components"]["schemas"][decl["schema"]])
    props = schema.get("properties") or {}
    fields = []
    defaults: dict[str, Any] = {}
    for pname, pschema in props.items():
        col, is_array = _type_of(doc, pschema)
        fields.append(FieldInfo(pname, col, is_array))
        if isinstance(pschema, dict) and "default" in pschema:
            defaults[pname] = copy.deepcopy(pschema["default"])
    parent = decl.get("parent")
    flag = decl.get("flag")
    numbering = decl.get("numbering")
    machine = _state_machine(doc, props, decl.get("stateMachine"))
    read_only = ["id", *(decl.get("readOnly") or ())] + ([machine.field] if machine else [])
    return Resource(
        name=name,
        schema_name=decl["schema"],
        id_prefix=decl["idPrefix"],
        fields=tuple(fields),
        lookup=tuple(decl.get("lookup") or ("id",)),
        unique=tuple(tuple(g) for g in decl.get("unique") or ()),
        searchable=tuple(decl.get("searchable") or ()),
        filterable=tuple(decl.get("filterable") or ()),
        sort=tuple(decl.get("sort") or ()),
        read_only=tuple(dict.fromkeys(read_only)),
        defaults=defaults,
        parent=(parent["resource"], parent["field"]) if parent else None,
        relations=tuple(
            Relation(rname, r["resource"], r.get("foreignKey"), r.get("localKey"))
            for rname, r in (decl.get("relations") or {}).items()),
        flag=Flag(flag["field"], flag["uniqueWithin"], bool(flag.get("firstIsSet")),
                  bool(flag.get("promoteOnDelete"))) if flag else None,
        derivations=tuple(
            Derivation(field, rule["from"], tuple((c.get("max"), c["value"]) for c in rule.get("cases") or ()),
                       tuple(rule.get("sumProduct") or ()), (rule["from"], rule["minus"]) if "minus" in rule else (), rule.get("join"))
            for field, rule in (decl.get("derive") or {}).items()),
        timestamps=_timestamps(props, decl.get("timestamps")),
        state_machine=machine,
        events=tuple(_emitted_event(e) for e in decl.get("events") or ()),
        numbering=build_commerce.numbering(numbering),
        copy_from=tuple(CopyFrom(field, rule["resource"], dict(rule["fields"]))
                        for field, rule in (decl.get("copyFrom") or {}).items()),
        sweeps=build_sweeps(decl.get("sweeps"), _timestamps(props, decl.get("timestamps"))),
        account_of=(decl["accountOf"]["resource"], decl["accountOf"]["field"]) if decl.get("accountOf") else None,
        **_content_keywords(decl),
        **build_commerce.resource_keywords(decl),
    )


def _content_keywords(decl: dict) -> dict[str, Any]:
    """`private`, `settingDefaults`, `aggregates`, `references`, `singleton`, `owner` and
    `typedValue` of a resource declaration, as `Resource` arguments."""
    owner, typed = decl.get("owner"), decl.get("typedValue")
    return {
        "private": tuple(decl.get("private") or ()),
        "setting_defaults": tuple(
            SettingDefault(field, d["setting"], copy.deepcopy(d["value"]), copy.deepcopy(d.get("equals", True)))
            for field, d in (decl.get("settingDefaults") or {}).items()),
        "aggregates": tuple(
            Aggregate(field, d["resource"], d["foreignKey"], bool(d.get("count", False)), d.get("sum"),
                      {k: tuple(v) for k, v in (d.get("where") or {}).items()})
            for field, d in (decl.get("aggregates") or {}).items()),
        "references": tuple(
            Reference(field, d["resource"], d.get("into"), dict(d.get("copy") or {}), d.get("firstFlag"),
                      int(d.get("refusalStatus", 404)),
                      {k: tuple(v if isinstance(v, list) else [v]) for k, v in (d.get("where") or {}).items()})
            for field, d in (decl.get("references") or {}).items()),
        "singleton": bool(decl.get("singleton", False)),
        "owner": Owner(owner["typeField"], owner["idField"], dict(owner["resources"])) if owner else None,
        "typed_value": TypedValue(typed["field"], typed["typeField"], typed.get("defaultType", "string"))
        if typed else None,
    }


# the field names a schema's timestamps are found under when the resource does not name them
CREATED_NAMES = ("createdAt", "created_at")
UPDATED_NAMES = ("updatedAt", "updated_at")


def _timestamps(props: dict, decl: dict | bool | None) -> Timestamps:
    """The declared timestamp fields, or those of the schema spelled as usual; `false`: none."""
    if decl is False:
        return Timestamps()
    decl = decl if isinstance(decl, dict) else {}

    def pick(key: str, usual: tuple[str, ...]) -> str | None:
        if key in decl:
            return decl[key]
        return next((name for name in usual if name in props), None)

    return Timestamps(created=pick("created", CREATED_NAMES), updated=pick("updated", UPDATED_NAMES))


def _state_machine(doc: dict, props: dict, decl: dict | None) -> StateMachine | None:
    """A resource's state machine; its states default to the enum of the state field."""
    if decl is None:
        return None
    states = decl.get("states")
    if states is None:
        field_schema = resolve(doc, props.get(decl["field"]) or {})
        states = [s for s in field_schema.get("enum") or () if s is not None]
    d = StateMachine(field=decl["field"], transitions=())
    return StateMachine(
        field=decl["field"],
        transitions=tuple(Transition(name, tuple(t["from"]), t["to"], copy.deepcopy(t.get("set") or {}),
                                     _creation(t.get("creates")),
                                     {f: tuple(v) for f, v in (t.get("requires") or {}).items()},
                                     **build_commerce.transition_keywords(t))
                          for name, t in decl["transitions"].items()),
        states=tuple(states),
        refusal_status=int(decl.get("refusalStatus", d.refusal_status)),
        refusal_code=decl.get("refusalCode", d.refusal_code))


def _creation(decl: dict | None) -> Creation | None:
    if decl is None:
        return None
    only = decl.get("onlyEntries") or {}
    return Creation(decl["resource"], copy.deepcopy(decl.get("values") or {}), decl.get("linkField"),
                    only.get("field"), {f: tuple(v if isinstance(v, list) else [v])
                                        for f, v in (only.get("where") or {}).items()})


def _emitted_event(decl: dict) -> EmittedEvent:
    return EmittedEvent(event=decl["event"], when=decl["when"], transitions=tuple(decl.get("transitions") or ()),
                        field=decl.get("field"), below=decl.get("below"), fields=tuple(decl.get("fields") or ()),
                        below_field=decl.get("belowField"))


def build_files(decl: dict | None) -> Files | None:
    if decl is None:
        return None
    d, dl = Files(resource=""), decl.get("downloads")
    downloads = None
    if dl is not None:
        assets = dl["assets"]
        downloads = Downloads(
            resource=dl["resource"], assets_field=assets["field"], via=assets.get("via"), match=assets.get("match"),
            assets_of=assets.get("assetsField"), limit_field=dl.get("limitField"), extra_field=dl.get("extraField"),
            used_field=dl.get("usedField", "downloads_used"),
            allowed_when={k: tuple(v) for k, v in (dl.get("allowedWhen") or {}).items()},
            link_seconds=int(dl.get("linkSeconds", 7 * 24 * 3600)), links_field=dl.get("linksField", "download_links"))
    uploads = decl.get("uploads") or {}
    return Files(resource=decl["resource"], max_bytes=int(decl.get("maxBytes", d.max_bytes)),
                 uploads=uploads.get("resource"), upload_seconds=int(uploads.get("ttlSeconds", d.upload_seconds)),
                 downloads=downloads)


def build_mail(decl: dict | None) -> Mail | None:
    if decl is None:
        return None
    return Mail(sender=decl.get("from"), templates=tuple(
        MailTemplate(name, t["subject"], t["text"], bool(t.get("sensitive", False)))
        for name, t in (decl.get("templates") or {}).items()))


def build_sweeps(decls: list | None, timestamps: Timestamps) -> tuple[Sweep, ...]:
    """A resource's scheduled sweeps; `idleFor: N` is `due: {field: <updated timestamp>, after: N}`."""
    out = []
    for d in decls or ():
        due = d.get("due") or ({"field": timestamps.updated, "after": d["idleFor"]} if "idleFor" in d else {})
        advance = d.get("advance") or {}
        out.append(Sweep(name=d["name"], where=copy.deepcopy(d.get("where") or {}),
                         set=copy.deepcopy(d.get("set") or {}),
                         every=float(d.get("every", 60)), non_empty=tuple(d.get("nonEmpty") or ()),
                         due_field=due.get("field"), due_after=float(due.get("after", 0)),
                         emit=d.get("emit"), fields=tuple(d.get("fields") or ()),
                         advance_field=advance.get("field"), advance_by=advance.get("by"),
                         creates=_creation(d.get("creates"))))
    return tuple(out)


def build_webhooks(decl: dict | None) -> Webhooks | None:
    if decl is None:
        return None
    d, dd = Webhooks(subscriptions="", signature_header="", payload=None), WebhookDelivery()
    delivery = decl.get("delivery") or {}
    return Webhooks(
        subscriptions=decl["subscriptions"], signature_header=decl["signature"]["header"],
        payload=copy.deepcopy(decl["payload"]), events=tuple(decl.get("events") or ()),
        url_field=decl.get("urlField", d.url_field), events_field=decl.get("eventsField", d.events_field),
        secret_field=decl.get("secretField", d.secret_field),
        secret_prefix=decl.get("secretPrefix", d.secret_prefix),
        delivery=WebhookDelivery(
            timeout_seconds=delivery.get("timeoutSeconds", dd.timeout_seconds),
            max_attempts=int(delivery.get("maxAttempts", dd.max_attempts)),
            backoff_seconds=delivery.get("backoffSeconds", dd.backoff_seconds),
            backoff_factor=delivery.get("backoffFactor", dd.backoff_factor),
            max_backoff_seconds=delivery.get("maxBackoffSeconds", dd.max_backoff_seconds)))


def build_payments(decl: dict | None) -> Payments | None:
    """x-specloom.payments: the provider, the session resource and what a payment moves."""
    if decl is None:
        return None
    pays, d = decl["pays"], Payments("", "", "", "", "", "")
    return Payments(
        provider=decl["provider"], sessions=decl["sessions"], resource=pays["resource"],
        link_field=pays["linkField"], amount_field=pays["amountField"], succeeded=pays["succeeded"],
        failed=pays.get("failed"), currency_field=pays.get("currencyField"),
        session_seconds=int(decl.get("sessionSeconds", d.session_seconds)),
        tolerance_seconds=int(decl.get("toleranceSeconds", d.tolerance_seconds)),
        session_fields=dict(decl.get("sessionFields") or {}),
        session_statuses=dict(decl.get("sessionStatuses") or {}))


def build_validation_details(decl: dict | None) -> ValidationDetails | None:
    if decl is None:
        return None
    return ValidationDetails(
        messages=dict(decl.get("messages") or {}), bare_paths=decl.get("paths") == "bare",
        item=copy.deepcopy(decl.get("item")), keywords=copy.deepcopy(decl.get("keywords") or {}))


def _param_role(param: dict, ext: dict, resource: Resource | None, path: str, tenant_param: str | None) -> tuple[str, str | None, str]:
    name, location = param["name"], param["in"]
    pag = ext.get("pagination") or {}
    query = ext.get("query") or {}
    pext = param.get("x-specloom") or {}
    if location == "path":
        if name == tenant_param:
            return "tenant", None, "eq"
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if last == f"{{{name}}}":
            return "id", None, "eq"
        return "parent", None, "eq"
    if location != "query":
        return "plain", None, "eq"
    if pext.get("recordId"):
        return "id", None, "eq"
    if pext.get("filter"):
        return "filter", pext["filter"], pext.get("match", "eq")
    roles = {pag.get("pageParameter"): "page", pag.get("limitParameter"): "limit",
             pag.get("cursorParameter"): "cursor", pag.get("previousCursorParameter"): "previous_cursor",
             query.get("searchParameter"): "search",
             query.get("fieldsParameter"): "fields", query.get("expandParameter"): "expand"}
    if name in roles and name is not None:
        return roles[name], None, "eq"
    if resource is not None and name in resource.filterable:
        info = resource.field(name)
        return "filter", name, "contains" if info and info.is_array else "eq"
    return "plain", None, "eq"


def _security(doc: dict, op: dict) -> tuple[tuple[SecurityRequirement, ...], ...]:
    reqs = op.get("security", doc.get("security"))
    if reqs is None:
        return ()
    return tuple(tuple(SecurityRequirement(s, tuple(scopes)) for s, scopes in req.items()) for req in reqs)


def _media_schema(doc: dict, content: dict | None) -> tuple[str, dict | None] | None:
    if not content:
        return None
    media = "application/json" if "application/json" in content else next(iter(content))
    schema = (content[media] or {}).get("schema")
    return media, (bundle(doc, schema) if isinstance(schema, dict) else None)


def _same_schema_media(content: dict, chosen: str) -> tuple[str, ...]:
    """Other media types of a request body declared with the very schema of `chosen`."""
    schema = (content[chosen] or {}).get("schema")
    return tuple(m for m, c in content.items() if m != chosen and (c or {}).get("schema") == schema)


def build_rate_limits(decls, default_name: str, default_per: str = "credential") -> tuple[RateLimit, ...]:
    return tuple(
        RateLimit(name=d.get("name") or f"{default_name}{i}", limit=int(d["limit"]),
                  window_seconds=int(d["windowSeconds"]), per=d.get("per", default_per),
                  when_query=d.get("whenQuery"),
                  credential_limits=_credential_limits(d.get("credentialLimits")),
                  counts=d.get("count", "requests"))
        for i, d in enumerate(decls or ()))


def _credential_limits(decl: dict | None) -> tuple[int, int] | None:
    return None if decl is None else (int(decl["minimum"]), int(decl["maximum"]))


def build_idempotency(decl: dict | None) -> Idempotency | None:
    if decl is None:
        return None
    defaults = Idempotency()
    return Idempotency(
        header=decl.get("header", defaults.header),
        methods=tuple(decl.get("methods") or defaults.methods),
        required=bool(decl.get("required", False)),
        mismatch_status=int(decl.get("mismatchStatus", defaults.mismatch_status)),
        retention_seconds=int(decl.get("retentionSeconds", defaults.retention_seconds)),
        max_key_length=int(decl.get("maxKeyLength", defaults.max_key_length)))


def build_operation(doc: dict, path: str, method: str, op: dict, resources: dict[str, Resource]) -> Operation:
    ext = doc["x-specloom"]
    oext = op["x-specloom"]
    resource = resources[oext["resource"]] if oext.get("resource") else None
    tenant_param = (ext.get("tenant") or {}).get("pathParameter")
    merged: dict[tuple[str, str], dict] = {}
    for raw in list(doc["paths"][path].get("parameters") or []) + list(op.get("parameters") or []):
        p = resolve(doc, raw)
        merged[(p["name"], p["in"])] = p
    params = []
    for p in merged.values():
        role, filter_field, match = _param_role(p, ext, resource, path, tenant_param)
        schema = resolve(doc, p.get("schema") or {})
        raw_schema = p.get("schema") or {}
        default = raw_schema.get("default", schema.get("default")) if isinstance(raw_schema, dict) else None
        params.append(Param(
            name=p["name"], location=p["in"], python_name=snake_case(p["name"].rstrip("[]")),
            required=bool(p.get("required")), schema=bundle(doc, raw_schema), role=role,
            filter_field=filter_field, filter_match=match, is_array=schema.get("type") == "array",
            default=copy.deepcopy(default)))
    body = None
    if "requestBody" in op:
        rb = resolve(doc, op["requestBody"])
        media = _media_schema(doc, rb.get("content"))
        if media:
            body = Body(bool(rb.get("required")), media[1] or {"$schema": "https://json-schema.org/draft/2020-12/schema"},
                        media[0], _same_schema_media(rb.get("content"), media[0]))
    responses: dict[str, dict | None] = {}
    for status, resp in (op.get("responses") or {}).items():
        resp = resolve(doc, resp)
        media = _media_schema(doc, resp.get("content"))
        responses[str(status)] = media[1] if media else None
    success = sorted(int(s) for s in responses if str(s).isdigit() and str(s).startswith("2"))
    action = oext["action"]
    envelope = oext.get("envelope") or {
        "list": "page" if any(p.role in ("page", "cursor", "previous_cursor") for p in params) else "collection",
        "get": "item", "create": "item", "update": "item", "delete": "deleted",
        "ledger": "item", "counter": "item"}.get(action, "item")
    return Operation(
        operation_id=op["operationId"], method=method.upper(), path=path,
        summary=op.get("summary") or op.get("description", "").split("\n")[0],
        action=action, resource=resource.name if resource else None, params=tuple(params), body=body,
        responses=responses, success_status=success[0] if success else 200,
        envelope=envelope, security=_security(doc, op), embed=tuple(oext.get("embed") or ()),
        hook=oext.get("hook"), rate_limits=build_rate_limits(oext.get("rateLimits"), op["operationId"]),
        ledger=_ledger(oext.get("ledger")), counter=_counter(oext.get("counter")),
        options=copy.deepcopy(oext.get("with") or {}), where=copy.deepcopy(oext.get("where") or {}),
        owned_by=tuple(oext["ownedBy"]) if isinstance(oext.get("ownedBy"), list) else oext.get("ownedBy"))


def _ledger(decl: dict | None) -> Ledger | None:
    if decl is None:
        return None
    d = Ledger(balance_field=decl["balanceField"], entries=decl["entries"])
    return Ledger(
        balance_field=decl["balanceField"], entries=decl["entries"],
        amount_field=decl.get("amountField", d.amount_field), type_field=decl.get("typeField", d.type_field),
        credit=decl.get("credit", d.credit), debit=decl.get("debit", d.debit),
        floor=decl.get("floor", d.floor), create_missing=bool(decl.get("createMissing", False)),
        result_entry_field=decl.get("resultEntryField", d.result_entry_field),
        account_key_field=decl.get("accountKeyField"))


def _counter(decl: dict | None) -> Counter | None:
    if decl is None:
        return None
    d = Counter(field=decl["field"])
    return Counter(field=decl["field"], floor=decl.get("floor", d.floor),
                   mode_field=decl.get("modeField", d.mode_field),
                   amount_field=decl.get("amountField", d.amount_field))


def build_cors(decl: dict | None) -> Cors | None:
    if decl is None:
        return None
    origins = decl["allowedOrigins"]
    return Cors(schemes=tuple(decl["schemes"]),
                origins=tuple(origins) if isinstance(origins, list) else (),
                tenant_origins=origins == "tenant",
                allow_headers=tuple(decl.get("allowHeaders") or ()),
                expose_headers=tuple(decl.get("exposeHeaders") or ()),
                max_age_seconds=int(decl.get("maxAgeSeconds", 600)))


def build_surface(name: str, spec: LoadedSpec) -> Surface:
    doc = spec.document
    ext = doc["x-specloom"]
    resources = {rname: build_resource(doc, rname, decl) for rname, decl in (ext.get("resources") or {}).items()}
    operations = tuple(build_operation(doc, path, method, op, resources)
                       for path, method, op, _ in iter_operations(doc))
    schemes = tuple(
        SecurityScheme(sname, s["x-specloom"]["family"], tuple(s["x-specloom"].get("prefixes") or ()),
                       dict(s["x-specloom"].get("options") or {}), s["x-specloom"].get("testPrefix"))
        for sname, s in ((doc.get("components") or {}).get("securitySchemes") or {}).items())
    pag = ext.get("pagination") or {}
    errors = ext.get("errors") or {}
    return Surface(
        name=name,
        title=doc["info"]["title"],
        version=str(doc["info"]["version"]),
        tenant_parameter=(ext.get("tenant") or {}).get("pathParameter"),
        validation_status=int(errors.get("validationStatus", 400)),
        error_envelope=errors.get("envelope", {"error": "$message"}),
        envelopes=dict(ext.get("envelopes") or {}),
        default_limit=int(pag.get("defaultLimit", 20)),
        max_limit=int(pag.get("maxLimit", 100)),
        collection_limit=int(pag.get("collectionLimit", 1000)),
        max_body_bytes=int((ext.get("limits") or {}).get("maxBodyBytes", DEFAULT_MAX_BODY)),
        security_schemes=schemes,
        resources=tuple(resources.values()),
        operations=operations,
        fingerprint=spec.fingerprint(),
        idempotency=build_idempotency(ext.get("idempotency")),
        signing=Signing(ext["signing"]["header"], int(ext["signing"].get("toleranceSeconds", 300)))
        if ext.get("signing") else None,
        cursor_style=pag.get("cursorStyle", "opaque"),
        rate_limits=build_rate_limits(ext.get("rateLimits"), "surface"),
        tenant_approval=bool((ext.get("tenant") or {}).get("approval", False)),
        tenant_forbidden_body_fields=tuple((ext.get("tenant") or {}).get("forbiddenBodyFields") or ()),
        tenant_mismatch_status=int((ext.get("tenant") or {}).get("mismatchStatus", 404)),
        validation_details=build_validation_details(errors.get("validation")),
        cors=build_cors(ext.get("cors")),
        webhooks=build_webhooks(ext.get("webhooks")),
        payments=build_payments(ext.get("payments")),
        public_rate_limits=build_rate_limits(ext["publicRateLimits"], "public", "client")
        if "publicRateLimits" in ext else None,
        mail=build_mail(ext.get("mail")),
        files=build_files(ext.get("files")),
        parameter_validation_status=(int(errors["parameterValidationStatus"])
                                     if "parameterValidationStatus" in errors else None),
        settings={name: copy.deepcopy(d.get("default")) for name, d in (ext.get("settings") or {}).items()},
    )
