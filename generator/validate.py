"""Validate step: the OpenAPI 3.1 meta-schema, the `x-specloom` extension schema, and the
cross-references between them (resources, fields, operations, security schemes).

Every finding is a `Problem` with file, line and JSON pointer; nothing here raises for a bad
spec, so `specloom lint` can print them all at once.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any, Iterator

from jsonschema import Draft202012Validator

from .loader import LoadedSpec
from .openapi_check import check as openapi_findings
from .problems import Problem, join_pointer
from .schema_keywords import unknown_keywords
from .validate_commerce import check_commerce
from .validate_storefront import check_storefront_settings

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PLACEHOLDERS = {
    "$item", "$items", "$page", "$limit", "$total", "$totalPages", "$nextCursor",
    "$previousCursor", "$hasNext", "$hasPrevious", "$message", "$code", "$details",
    "$status", "$requestId",
}
DETAIL_PLACEHOLDERS = {"$path", "$code", "$message", "$keyword", "$expected"}
_ACTION_METHODS = {"list": "get", "get": "get", "create": "post", "update": ("patch", "put"),
                   "delete": "delete", "ledger": "post", "counter": ("post", "patch")}


@lru_cache(maxsize=1)
def extension_schema() -> dict[str, Any]:
    text = importlib_resources.files("specloom.generator").joinpath(
        "schemas/x-specloom.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _schemas_in(folder: str) -> dict[str, dict[str, Any]]:
    """Every `<name>.schema.json` of a folder under generator/schemas, by name."""
    suffix = ".schema.json"
    root = importlib_resources.files("specloom.generator").joinpath(f"schemas/{folder}")
    return {entry.name[: -len(suffix)]: json.loads(entry.read_text(encoding="utf-8"))
            for entry in root.iterdir() if entry.name.endswith(suffix)}


@lru_cache(maxsize=1)
def family_schemas() -> dict[str, dict[str, Any]]:
    """The option schemas of every authentication family, by family name."""
    return _schemas_in("families")


@lru_cache(maxsize=1)
def action_schemas() -> dict[str, dict[str, Any]]:
    """The `with` schemas of every service action, by action name."""
    return _schemas_in("actions")


def _extension_validator(definition: str) -> Draft202012Validator:
    schema = dict(extension_schema())
    schema = {"$ref": f"#/$defs/{definition}", "$defs": schema["$defs"]}
    return Draft202012Validator(schema)


def iter_operations(doc: dict) -> Iterator[tuple[str, str, dict, str]]:
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op, join_pointer("/paths", path, method)


def _placeholders(template: Any) -> Iterator[str]:
    if isinstance(template, str) and template.startswith("$"):
        yield template
    elif isinstance(template, dict):
        for v in template.values():
            yield from _placeholders(v)
    elif isinstance(template, list):
        for v in template:
            yield from _placeholders(v)


def validate(spec: LoadedSpec) -> list[Problem]:
    doc = spec.document
    problems: list[Problem] = list(spec.problems)  # found by the loader: duplicate keys

    def err(message: str, pointer: str, level: str = "error") -> None:
        problems.append(spec.problem(level, message, pointer))

    version = str(doc.get("openapi", ""))
    if not version.startswith("3.1"):
        err(f"openapi must be 3.1.x, found {version or 'nothing'!r}", "/openapi")
        return problems
    for message, pointer in openapi_findings(doc):  # every one at its own node, never raising
        if "Operation ID" in message and "is not unique" in message:
            continue  # reported below, with the operation's own line
        err(f"OpenAPI 3.1: {message}", pointer)
    for pointer, keyword in unknown_keywords(doc):
        err(f"unknown schema keyword {keyword!r}: JSON Schema ignores it, so nothing is checked "
            "(a typo, or an unquoted description with a comma in a {…} mapping?)", pointer, "warning")
    try:
        _validate_extensions(spec, doc, problems, err)
    except (AttributeError, KeyError, TypeError) as exc:
        if not problems:
            raise
        err(f"further checks skipped until the errors above are fixed ({type(exc).__name__})", "", "warning")
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.pointer))


def _validate_extensions(spec: LoadedSpec, doc: dict, problems: list[Problem], err) -> None:
    ext = doc.get("x-specloom")
    if ext is None:
        err("the document has no top-level x-specloom block", "")
        return
    _schema_errors(spec, "surface", ext, "/x-specloom", problems)
    schemas = (doc.get("components") or {}).get("schemas") or {}
    resources = ext.get("resources") or {}
    for rname, res in resources.items():
        _check_resource(spec, rname, res, resources, schemas, problems)
    for key, template in {**(ext.get("envelopes") or {}),
                          "error": (ext.get("errors") or {}).get("envelope")}.items():
        for placeholder in _placeholders(template):
            if placeholder not in PLACEHOLDERS:
                pointer = "/x-specloom/errors/envelope" if key == "error" else f"/x-specloom/envelopes/{key}"
                err(f"unknown placeholder {placeholder}; known: {', '.join(sorted(PLACEHOLDERS))}", pointer)
    details = (ext.get("errors") or {}).get("validation") or {}
    for where, template in [("item", details.get("item")),
                            *((f"keywords/{k}", v) for k, v in (details.get("keywords") or {}).items())]:
        for placeholder in _placeholders(template):
            if placeholder not in DETAIL_PLACEHOLDERS:
                err(f"unknown placeholder {placeholder}; known: {', '.join(sorted(DETAIL_PLACEHOLDERS))}",
                    f"/x-specloom/errors/validation/{where}")

    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    for sname, scheme in schemes.items():
        sext = scheme.get("x-specloom")
        pointer = join_pointer("/components/securitySchemes", sname, "x-specloom")
        if sext is None:
            err(f"security scheme {sname} has no x-specloom block naming its family", pointer[: -len("/x-specloom")])
            continue
        _schema_errors(spec, "securityScheme", sext, pointer, problems)
        family = sext.get("family")
        known = family_schemas()
        if isinstance(family, str) and family not in known:
            err(f"unknown family {family!r}; known: {', '.join(sorted(known))}", join_pointer(pointer, "family"))
        elif isinstance(family, str):
            validator = Draft202012Validator(known[family])
            for error in validator.iter_errors(sext.get("options") or {}):
                err(f"x-specloom options of {family}: {error.message}",
                    join_pointer(pointer, "options", *error.absolute_path))
        if sext.get("testPrefix") is not None and sext["testPrefix"] not in (sext.get("prefixes") or []):
            err(f"testPrefix {sext['testPrefix']!r} is not one of the scheme's prefixes",
                join_pointer(pointer, "testPrefix"))
    pagination = ext.get("pagination") or {}
    if pagination.get("cursorStyle") == "lastId" and pagination.get("previousCursorParameter"):
        err("lastId cursors only go forward: a previousCursorParameter needs cursorStyle opaque",
            "/x-specloom/pagination/previousCursorParameter")
    for rname, res in resources.items():
        owner = res.get("accountOf") if isinstance(res, dict) else None
        if isinstance(owner, dict) and owner.get("resource") not in resources:
            err(f"accountOf: unknown resource {owner.get('resource')!r}",
                join_pointer("/x-specloom/resources", rname, "accountOf", "resource"))

    _check_rate_limits(ext.get("rateLimits") or [], "/x-specloom/rateLimits", err)
    _check_rate_limits(ext.get("publicRateLimits") or [], "/x-specloom/publicRateLimits", err, public=True)
    _check_webhooks(ext, resources, (doc.get("components") or {}).get("schemas") or {}, err)
    _check_payments(ext, resources, (doc.get("components") or {}).get("schemas") or {}, err)
    _check_payment_operations(doc, ext, err)
    _check_documented_events(doc, err)
    _check_links(doc, err)

    for i, sname in enumerate((ext.get("cors") or {}).get("schemes") or []):
        if sname not in schemes:
            err(f"cors: unknown security scheme {sname!r}", join_pointer("/x-specloom/cors/schemes", i))

    seen_ids: dict[str, str] = {}
    tenant_param = (ext.get("tenant") or {}).get("pathParameter")
    for path, method, op, pointer in iter_operations(doc):
        op_id = op.get("operationId")
        if not op_id:
            err("operation has no operationId", pointer)
        elif op_id in seen_ids:
            err(f"operationId {op_id} is also used at {seen_ids[op_id]}", join_pointer(pointer, "operationId"))
        else:
            seen_ids[op_id] = pointer
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", op_id or "x"):
            err(f"operationId {op_id!r} must be an identifier", join_pointer(pointer, "operationId"))
        oext = op.get("x-specloom")
        if oext is None:
            err("operation has no x-specloom block (resource and action)", pointer)
            continue
        _schema_errors(spec, "operation", oext, join_pointer(pointer, "x-specloom"), problems)
        rname = oext.get("resource")
        action = oext.get("action")
        if not rname and isinstance(action, str) and \
                action_schemas().get(action, {}).get("x-worksOnResource", True):
            err(f"action {action} works on a resource: name it in x-specloom.resource",
                join_pointer(pointer, "x-specloom"))
        if rname and rname not in resources:
            err(f"unknown resource {rname!r}; declared: {', '.join(resources) or 'none'}",
                join_pointer(pointer, "x-specloom", "resource"))
        if isinstance(action, str) and "." in action:
            schemas = action_schemas()
            if action not in schemas:
                err(f"unknown service action {action!r}; known: {', '.join(sorted(schemas)) or 'none'}",
                    join_pointer(pointer, "x-specloom", "action"))
            else:
                for error in Draft202012Validator(schemas[action]).iter_errors(oext.get("with") or {}):
                    err(f"x-specloom with ({action}): {error.message}",
                        join_pointer(pointer, "x-specloom", "with", *error.absolute_path))
                _check_action_settings(doc, action, oext, resources.get(rname or "") or {},
                                       join_pointer(pointer, "x-specloom"), err)
                check_storefront_settings(doc, action, oext.get("with") or {}, resources.get(rname or "") or {},
                                          join_pointer(pointer, "x-specloom"), err)
                _check_body_fields(doc, op, action, oext.get("with") or {},
                                   join_pointer(pointer, "x-specloom", "with"), err)
        expected = _ACTION_METHODS.get(action)
        if expected and not oext.get("hook") and method not in (expected if isinstance(expected, tuple) else (expected,)):
            err(f"action {action} is usually served by {expected}, not {method}",
                join_pointer(pointer, "x-specloom", "action"), "warning")
        _check_rate_limits(oext.get("rateLimits") or [], join_pointer(pointer, "x-specloom", "rateLimits"), err)
        for i, req in enumerate(op.get("security", doc.get("security", [])) or []):
            for sname in req:
                if sname not in schemes:
                    err(f"unknown security scheme {sname!r}", join_pointer(pointer, "security", i))
        if tenant_param and f"{{{tenant_param}}}" not in path and not (ext.get("tenant") or {}).get("optionalInPath"):
            err(f"path does not carry the tenant parameter {{{tenant_param}}}", pointer, "warning")
        for i, param in enumerate(op.get("parameters") or []):
            pext = param.get("x-specloom") if isinstance(param, dict) else None
            if pext is not None:
                ppointer = join_pointer(pointer, "parameters", i, "x-specloom")
                _schema_errors(spec, "parameter", pext, ppointer, problems)
                res = resources.get(rname or "", {})
                if "filter" in pext and pext.get("filter") not in (res.get("filterable") or []):
                    err(f"filter field {pext.get('filter')!r} is not filterable on {rname}", ppointer)
                if pext.get("recordId") and param.get("in") != "query":
                    err("recordId applies to query parameters (a path's last parameter names the record already)",
                        ppointer)


WEBHOOK_PLACEHOLDERS = {"$event", "$id", "$timestamp", "$tenant", "$data"}


def _check_webhooks(ext: dict, resources: dict, schemas: dict, err) -> None:
    """The webhooks block names a subscription resource with its URL and events fields; the
    events resources emit are in its catalogue and name real transitions and fields."""
    hooks = ext.get("webhooks")
    emitters = {name: res.get("events") for name, res in resources.items()
                if isinstance(res, dict) and res.get("events")}
    if not isinstance(hooks, dict):
        for name in emitters:
            err("resource emits events but the surface declares no x-specloom.webhooks",
                join_pointer("/x-specloom/resources", name, "events"))
        return
    subscriptions = hooks.get("subscriptions")
    sub = resources.get(subscriptions) if isinstance(subscriptions, str) else None
    if not isinstance(sub, dict):
        err(f"webhooks: unknown subscriptions resource {subscriptions!r}", "/x-specloom/webhooks/subscriptions")
    else:
        props = ((schemas.get(sub.get("schema") or "") or {}).get("properties")) or {}
        for key, default in (("urlField", "url"), ("eventsField", "events")):
            if hooks.get(key, default) not in props:
                err(f"webhooks: {hooks.get(key, default)!r} is not a property of {sub.get('schema')}",
                    "/x-specloom/webhooks" + ("/" + key if key in hooks else "/subscriptions"))
    for placeholder in _placeholders(hooks.get("payload")):
        if placeholder not in WEBHOOK_PLACEHOLDERS:
            err(f"unknown placeholder {placeholder}; known: {', '.join(sorted(WEBHOOK_PLACEHOLDERS))}",
                "/x-specloom/webhooks/payload")
    catalogue = hooks.get("events") or []
    for name, events in emitters.items():
        res = resources[name]
        props = ((schemas.get(res.get("schema") or "") or {}).get("properties")) or {}
        transitions = ((res.get("stateMachine") or {}).get("transitions")) or {}
        for i, event in enumerate(events if isinstance(events, list) else []):
            if not isinstance(event, dict):
                continue
            where = join_pointer("/x-specloom/resources", name, "events", i)
            if catalogue and event.get("event") not in catalogue:
                err(f"event {event.get('event')!r} is not in webhooks.events", join_pointer(where, "event"))
            if event.get("when") == "transition" and not transitions:
                err(f"resource {name!r} declares no stateMachine", join_pointer(where, "when"))
            for t in event.get("transitions") or []:
                if transitions and t not in transitions:
                    err(f"unknown transition {t!r}; declared: {', '.join(transitions)}",
                        join_pointer(where, "transitions"))
            for field in [event.get("field")] if event.get("field") else []:
                if field not in props:
                    err(f"{field!r} is not a property of {res.get('schema')}", join_pointer(where, "field"))
            for field in event.get("fields") or []:
                if field not in props:
                    err(f"{field!r} is not a property of {res.get('schema')}", join_pointer(where, "fields"))


# fields a payment session resource keeps (runtime/payments/sessions.py), and its statuses
PAYMENT_SESSION_FIELDS = ("status", "amount", "currency", "url", "provider", "expiresAt", "completedAt")
PAYMENT_SESSION_STATUSES = ("PENDING", "SUCCEEDED", "FAILED")


def _check_payment_operations(doc: dict, ext: dict, err) -> None:
    """payments.* actions need the payments block, on its resources; a surface that declares
    payments has one callback operation, public (the provider's signature is its credential)."""
    payments = ext.get("payments")
    pays = (payments.get("pays") or {}) if isinstance(payments, dict) else {}
    callbacks = []
    for _path, _method, op, pointer in iter_operations(doc):
        oext = op.get("x-specloom") or {}
        action = oext.get("action")
        if action not in ("payments.start", "payments.callback"):
            continue
        if not isinstance(payments, dict):
            err(f"{action} needs x-specloom.payments", join_pointer(pointer, "x-specloom", "action"))
            continue
        wanted = pays.get("resource") if action == "payments.start" else payments.get("sessions")
        if oext.get("resource") != wanted:
            err(f"{action} works on resource {wanted!r} (x-specloom.payments)", join_pointer(pointer, "x-specloom", "resource"))
        if action == "payments.callback":
            callbacks.append(pointer)
            if op.get("security") != []:
                err("payments.callback must be public (`security: []`): the provider's signature is its credential",
                    join_pointer(pointer, "security"))
    if isinstance(payments, dict) and len(callbacks) != 1:
        err(f"x-specloom.payments needs exactly one operation with action payments.callback (found {len(callbacks)})",
            "/x-specloom/payments")


def _check_payments(ext: dict, resources: dict, schemas: dict, err) -> None:
    """The payments block names a session resource with the fields sessions keep, a paid
    resource with its amount (and currency) field, and transitions of its state machine."""
    payments = ext.get("payments")
    if not isinstance(payments, dict):
        return
    where = "/x-specloom/payments"
    sessions = resources.get(payments.get("sessions"))
    if not isinstance(sessions, dict):
        err(f"payments: unknown sessions resource {payments.get('sessions')!r}", where + "/sessions")
    pays = payments.get("pays") or {}
    paid = resources.get(pays.get("resource"))
    if not isinstance(paid, dict):
        err(f"payments: unknown resource {pays.get('resource')!r}", where + "/pays/resource")
    if isinstance(sessions, dict):
        schema = schemas.get(sessions.get("schema")) or {}
        props = schema.get("properties") or {}
        renamed = payments.get("sessionFields") or {}
        for field in (*(renamed.get(f, f) for f in PAYMENT_SESSION_FIELDS), pays.get("linkField")):
            if field not in props:
                err(f"payments: the session schema {sessions.get('schema')} has no property {field!r}",
                    where + "/sessions")
        status_field = renamed.get("status", "status")
        status = props.get(status_field) if isinstance(props.get(status_field), dict) else {}
        ref = status.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            status = schemas.get(ref.rsplit("/", 1)[-1]) or {}
        enum = status.get("enum") or []
        values = [(payments.get("sessionStatuses") or {}).get(v, v) for v in PAYMENT_SESSION_STATUSES]
        if props.get(status_field) is not None and not set(values) <= set(enum):
            err(f"payments: {sessions.get('schema')}.{status_field} must allow {', '.join(values)}",
                where + "/sessions")
    if isinstance(paid, dict):
        props = (schemas.get(paid.get("schema")) or {}).get("properties") or {}
        for key in ("amountField", "currencyField"):
            if key in pays and pays[key] not in props:
                err(f"payments: {pays[key]!r} is not a property of {paid.get('schema')}", where + "/pays/" + key)
        transitions = (paid.get("stateMachine") or {}).get("transitions") or {}
        for key in ("succeeded", "failed"):
            if key in pays and pays[key] not in transitions:
                err(f"payments: {pays[key]!r} is not a transition of {pays.get('resource')}'s stateMachine",
                    where + "/pays/" + key)


def _check_rate_limits(rules: list, pointer: str, err, *, public: bool = False) -> None:
    """A rule letting keys carry their own limit must count per credential, and its default
    limit must lie within the range keys may be given. A rule counting failures, and every rule
    of `publicRateLimits` (requests without a credential), counts per client IP."""
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        per = rule.get("per", "client" if public else "credential")
        if public and per != "client":
            err("publicRateLimits count per client IP (per: client): their requests carry no credential",
                join_pointer(pointer, i, "per"))
        elif rule.get("count") == "failures" and per != "client":
            err("count: failures needs per: client (a failed attempt has no credential to count against)",
                join_pointer(pointer, i, "count"))
        bounds = rule.get("credentialLimits")
        if not isinstance(bounds, dict):
            continue
        where = join_pointer(pointer, i, "credentialLimits")
        low, high, default = bounds.get("minimum"), bounds.get("maximum"), rule.get("limit")
        if per != "credential":
            err("credentialLimits needs per: credential (a client IP carries no plan)", where)
        if isinstance(low, int) and isinstance(high, int) and low > high:
            err(f"credentialLimits: minimum {low} is above maximum {high}", where)
        elif isinstance(default, int) and isinstance(low, int) and isinstance(high, int) \
                and not low <= default <= high:
            err(f"limit {default} (for keys without their own) is outside credentialLimits "
                f"{low}–{high}", join_pointer(pointer, i, "limit"))


def _schema_errors(spec: LoadedSpec, definition: str, value: Any, pointer: str, problems: list[Problem]) -> None:
    for error in sorted(_extension_validator(definition).iter_errors(value), key=lambda e: list(e.absolute_path)):
        where = join_pointer(pointer, *error.absolute_path)
        problems.append(spec.problem("error", f"x-specloom: {error.message}", where))


def _check_documented_events(doc: dict, err) -> None:
    """The top-level OpenAPI `webhooks` (the requests the API sends) name only events of the
    `x-specloom.webhooks.events` catalogue, and, once the section is there, describe each of them."""
    section = doc.get("webhooks")
    if not isinstance(section, dict):
        return
    catalogue = ((doc.get("x-specloom") or {}).get("webhooks") or {}).get("events") or []
    for name in section:
        if name not in catalogue:
            err(f"webhooks: {name!r} is not an event of x-specloom.webhooks.events", join_pointer("/webhooks", name))
    for event in catalogue:
        if event not in section:
            err(f"event {event!r} is not described in the top-level webhooks section", "/webhooks", "warning")


def _check_links(doc: dict, err) -> None:
    """Every response link names an operation of the document (by operationId) and only
    parameters that operation has."""
    params_of: dict[str, set[str]] = {}
    for path, method, op, _ in iter_operations(doc):
        names = set()
        for raw in list((doc["paths"][path] or {}).get("parameters") or []) + list(op.get("parameters") or []):
            param = raw
            if isinstance(raw, dict) and isinstance(raw.get("$ref"), str) and raw["$ref"].startswith("#/"):
                param = doc
                for token in raw["$ref"][2:].split("/"):
                    param = param.get(token.replace("~1", "/").replace("~0", "~"), {}) if isinstance(param, dict) else {}
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                names.add(param["name"])
        if isinstance(op.get("operationId"), str):
            params_of[op["operationId"]] = names
    for path, method, op, pointer in iter_operations(doc):
        for status, response in (op.get("responses") or {}).items():
            links = response.get("links") if isinstance(response, dict) else None
            for name, link in (links or {}).items() if isinstance(links, dict) else ():
                if not isinstance(link, dict) or "$ref" in link or "operationRef" in link:
                    continue
                where = join_pointer(pointer, "responses", status, "links", name)
                target = link.get("operationId")
                if target not in params_of:
                    err(f"link {name}: no operation {target!r}", join_pointer(where, "operationId"))
                    continue
                for param in link.get("parameters") or {}:
                    if param.split(".", 1)[-1] not in params_of[target]:
                        err(f"link {name}: {target} has no parameter {param!r}", join_pointer(where, "parameters", param))


def _check_sweeps(spec, res: dict, schema: dict, schema_name: str, pointer: str, problems) -> None:
    """Scheduled sweeps name fields of the schema (scalars in `where`, arrays in `nonEmpty`),
    emit events of the webhooks catalogue, and `set` takes a swept record out of `where`, which
    is what makes each record swept once across processes."""
    sweeps = res.get("sweeps")
    if not isinstance(sweeps, list):
        return
    props = schema.get("properties") or {}
    hooks = (spec.document.get("x-specloom") or {}).get("webhooks")
    seen: set[str] = set()

    def err(message: str, *where) -> None:
        problems.append(spec.problem("error", message, join_pointer(pointer, "sweeps", *where)))

    for i, sweep in enumerate(sweeps):
        if not isinstance(sweep, dict):
            continue
        name = sweep.get("name")
        if name in seen:
            err(f"sweep {name!r} is declared twice", i, "name")
        seen.add(name)
        where = sweep.get("where") or {}
        due = sweep.get("due") or {}
        named = [("where", f) for f in where] + [("nonEmpty", f) for f in sweep.get("nonEmpty") or ()] + \
            [("set", f) for f in sweep.get("set") or {}] + [("fields", f) for f in sweep.get("fields") or ()] + \
            ([("due", due["field"])] if isinstance(due.get("field"), str) else [])
        for key, field in named:
            if field not in props:
                err(f"sweep {name}: {key}: {field!r} is not a property of {schema_name}", i, key)
        for field in sweep.get("nonEmpty") or ():
            if isinstance(props.get(field), dict) and props[field].get("type") not in (None, "array"):
                err(f"sweep {name}: nonEmpty: {field!r} is not an array", i, "nonEmpty")
        for field in where:
            if isinstance(props.get(field), dict) and props[field].get("type") == "array":
                err(f"sweep {name}: where: {field!r} is an array (use nonEmpty)", i, "where")
        if "idleFor" in sweep:
            stamps = res.get("timestamps")
            updated = (stamps or {}).get("updated") if isinstance(stamps, dict) and "updated" in stamps else \
                (None if stamps is False else next((n for n in ("updatedAt", "updated_at") if n in props), None))
            if not updated:
                err(f"sweep {name}: idleFor needs an updated timestamp on {schema_name}", i, "idleFor")
        emit = sweep.get("emit")
        if emit is not None:
            if not isinstance(hooks, dict):
                err(f"sweep {name} emits {emit!r} but the surface declares no x-specloom.webhooks", i, "emit")
            elif emit not in (hooks.get("events") or []):
                err(f"sweep {name}: event {emit!r} is not in webhooks.events", i, "emit")

        def accepted(field: str, value) -> bool:
            wanted = where[field]
            return value in wanted if isinstance(wanted, list) else value == wanted

        changes = sweep.get("set") or {}
        advance = sweep.get("advance") if isinstance(sweep.get("advance"), dict) else {}
        due_field = due.get("field") if isinstance(due.get("field"), str) else None
        if advance and advance.get("field") != due_field:
            err(f"sweep {name}: advance must move the due field ({due_field or 'a `due` field is needed'})",
                i, "advance", "field")
        elif not advance and not any(f in where and not accepted(f, v) for f, v in changes.items()):
            err(f"sweep {name}: set must change a where field to a value where does not accept, so a swept "
                "record no longer matches (that is what sweeps it once), or advance must move its due time",
                i, "set")
        by = advance.get("by")
        if isinstance(by, str) and by.startswith("$record.") and by[len("$record."):] not in props:
            err(f"sweep {name}: advance.by: {by[len('$record.'):]!r} is not a property of {schema_name}",
                i, "advance", "by")
        creates = sweep.get("creates") if isinstance(sweep.get("creates"), dict) else None
        if creates is not None:
            resources = (spec.document.get("x-specloom") or {}).get("resources") or {}
            target = resources.get(creates.get("resource"))
            if not isinstance(target, dict):
                err(f"sweep {name}: creates: unknown resource {creates.get('resource')!r}", i, "creates", "resource")
            else:
                schemas = (spec.document.get("components") or {}).get("schemas") or {}
                target_props = (schemas.get(target.get("schema")) or {}).get("properties") or {}
                for field in creates.get("values") or {}:
                    if field not in target_props:
                        err(f"sweep {name}: creates: {field!r} is not a property of {target.get('schema')}",
                            i, "creates", "values")
            link = creates.get("linkField")
            if link is not None and link not in props:
                err(f"sweep {name}: creates.linkField {link!r} is not a property of {schema_name}", i, "creates")


def _check_content_keywords(spec, res, resources, schemas, props, schema_name, pointer, problems) -> None:
    """settingDefaults, aggregates, references, owner and typedValue name real fields and
    resources (runtime/services/content_records.py)."""
    def problem(message: str, *where) -> None:
        problems.append(spec.problem("error", message, join_pointer(pointer, *where)))

    def props_of(name) -> set:
        target = resources.get(name) if isinstance(name, str) else None
        schema = schemas.get((target or {}).get("schema") or "") if isinstance(target, dict) else None
        return set(((schema or {}).get("properties") or {}).keys())

    for field in res.get("settingDefaults") or {}:
        if field not in props:
            problem(f"settingDefaults: {field!r} is not a property of {schema_name}", "settingDefaults", field)
    for key in ("aggregates", "references"):
        for field, rule in (res.get(key) or {}).items():
            if not isinstance(rule, dict):
                continue
            if rule.get("resource") not in resources:
                problem(f"{key} {field}: unknown resource {rule.get('resource')!r}", key, field, "resource")
                continue
            target = props_of(rule["resource"])
            if key == "aggregates":
                if field not in props:
                    problem(f"aggregates: {field!r} is not a property of {schema_name}", key, field)
                for name in [rule.get("foreignKey"), rule.get("sum"), *(rule.get("where") or {})]:
                    if name is not None and name not in target:
                        problem(f"aggregates {field}: {name!r} is not a property of the {rule['resource']} schema",
                                key, field)
            else:
                if field not in props and "into" not in rule:
                    problem(f"references {field}: {field!r} is not a property of {schema_name} (keep the ids "
                            "in it, or store entries with `into`)", key, field)
                if "into" in rule and rule.get("into") not in props:
                    problem(f"references {field}: {rule.get('into')!r} is not a property of {schema_name}",
                            key, field, "into")
                for name in (rule.get("where") or {}):
                    if name not in target:
                        problem(f"references {field}: {name!r} is not a property of the {rule['resource']} schema",
                                key, field, "where")
                for name in (rule.get("copy") or {}).values():
                    if name not in target:
                        problem(f"references {field}: {name!r} is not a property of the {rule['resource']} schema",
                                key, field, "copy")
    owner = res.get("owner")
    if isinstance(owner, dict):
        for key in ("typeField", "idField"):
            if owner.get(key) not in props:
                problem(f"owner {key} {owner.get(key)!r} is not a property of {schema_name}", "owner", key)
        for kind, name in (owner.get("resources") or {}).items():
            if name not in resources:
                problem(f"owner: unknown resource {name!r} for {kind!r}", "owner", "resources", kind)
    typed = res.get("typedValue")
    if isinstance(typed, dict):
        for key in ("field", "typeField"):
            if typed.get(key) not in props:
                problem(f"typedValue {key} {typed.get(key)!r} is not a property of {schema_name}", "typedValue", key)


def _check_resource(spec, rname, res, resources, schemas, problems) -> None:
    pointer = join_pointer("/x-specloom/resources", rname)
    schema_name = res.get("schema")
    schema = schemas.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        problems.append(spec.problem("error", f"schema {schema_name!r} is not in components.schemas",
                                     join_pointer(pointer, "schema")))
        return
    props = set((schema.get("properties") or {}).keys())
    if "id" not in props:
        problems.append(spec.problem("error", f"schema {schema_name} has no id property", join_pointer(pointer, "schema")))

    def check_fields(key: str, fields, strip_sign: bool = False) -> None:
        for i, name in enumerate(fields or []):
            name = name.lstrip("-") if strip_sign else name
            if name not in props:
                problems.append(spec.problem(
                    "error", f"{key}: {name!r} is not a property of {schema_name}",
                    join_pointer(pointer, key, i)))

    for key in ("lookup", "searchable", "filterable", "readOnly"):
        check_fields(key, res.get(key))
    check_fields("private", res.get("private"))
    _check_content_keywords(spec, res, resources, schemas, props, schema_name, pointer, problems)
    check_commerce(spec, res, resources, schemas, props, schema_name, pointer,
                   (spec.document.get("x-specloom") or {}).get("settings") or {}, problems)
    check_fields("sort", res.get("sort"), strip_sign=True)
    for i, group in enumerate(res.get("unique") or []):
        for name in group:
            if name not in props:
                problems.append(spec.problem("error", f"unique: {name!r} is not a property of {schema_name}",
                                             join_pointer(pointer, "unique", i)))
    _check_sweeps(spec, res, schema, schema_name, pointer, problems)
    parent = res.get("parent")
    if parent:
        if parent.get("resource") not in resources:
            problems.append(spec.problem("error", f"parent resource {parent.get('resource')!r} is not declared",
                                         join_pointer(pointer, "parent", "resource")))
        if parent.get("field") not in props:
            problems.append(spec.problem("error", f"parent field {parent.get('field')!r} is not a property of {schema_name}",
                                         join_pointer(pointer, "parent", "field")))
    for relname, rel in (res.get("relations") or {}).items():
        rpointer = join_pointer(pointer, "relations", relname)
        if rel.get("resource") not in resources:
            problems.append(spec.problem("error", f"relation {relname}: unknown resource {rel.get('resource')!r}",
                                         join_pointer(rpointer, "resource")))
        if rel.get("localKey") and rel["localKey"] not in props:
            problems.append(spec.problem("error", f"relation {relname}: {rel['localKey']!r} is not a property of {schema_name}",
                                         join_pointer(rpointer, "localKey")))
    stamps = res.get("timestamps")
    for key, field in (stamps.items() if isinstance(stamps, dict) else ()):
        if field is not None and field not in props:
            problems.append(spec.problem("error", f"timestamps {key}: {field!r} is not a property of {schema_name}",
                                         join_pointer(pointer, "timestamps", key)))
    flag = res.get("flag")
    if flag:
        for key in ("field", "uniqueWithin"):
            if flag.get(key) not in props:
                problems.append(spec.problem("error", f"flag {key} {flag.get(key)!r} is not a property of {schema_name}",
                                             join_pointer(pointer, "flag", key)))
    for field, rule in (res.get("copyFrom") or {}).items():
        cpointer = join_pointer(pointer, "copyFrom", field)
        source = resources.get(rule.get("resource") or "") if isinstance(rule, dict) else None
        if field not in props:
            problems.append(spec.problem("error", f"copyFrom: {field!r} is not a property of {schema_name}", cpointer))
        if isinstance(rule, dict) and source is None:
            problems.append(spec.problem("error", f"copyFrom: unknown resource {rule.get('resource')!r}",
                                         join_pointer(cpointer, "resource")))
        source_props = (schemas.get((source or {}).get("schema") or "") or {}).get("properties") or {}
        for target, origin in ((rule.get("fields") or {}) if isinstance(rule, dict) else {}).items():
            if target not in props:
                problems.append(spec.problem("error", f"copyFrom: {target!r} is not a property of {schema_name}",
                                             join_pointer(cpointer, "fields", target)))
            if source is not None and origin not in source_props:
                problems.append(spec.problem("error", f"copyFrom: {origin!r} is not a property of "
                                             f"{source.get('schema')}", join_pointer(cpointer, "fields", target)))
    numbering = res.get("numbering")
    if numbering and numbering.get("field") not in props:
        problems.append(spec.problem("error", f"numbering: {numbering.get('field')!r} is not a property of {schema_name}",
                                     join_pointer(pointer, "numbering", "field")))
    for field, rule in (res.get("derive") or {}).items():
        for name in (field, rule.get("from")):
            if name not in props:
                problems.append(spec.problem("error", f"derive: {name!r} is not a property of {schema_name}",
                                             join_pointer(pointer, "derive", field)))
    machine = res.get("stateMachine")
    if machine:
        _check_state_machine(spec, machine, schema, schemas, schema_name, join_pointer(pointer, "stateMachine"),
                             problems)
        for name, transition in (machine.get("transitions") or {}).items():
            creates = transition.get("creates") if isinstance(transition, dict) else None
            if not isinstance(creates, dict):
                continue
            cpointer = join_pointer(pointer, "stateMachine", "transitions", name, "creates")
            target = resources.get(creates.get("resource") or "")
            if target is None:
                problems.append(spec.problem("error", f"transition {name}: unknown resource {creates.get('resource')!r}",
                                             join_pointer(cpointer, "resource")))
            if creates.get("linkField") and creates["linkField"] not in props:
                problems.append(spec.problem("error", f"transition {name}: {creates['linkField']!r} is not a property "
                                             f"of {schema_name}", join_pointer(cpointer, "linkField")))
            target_props = (schemas.get((target or {}).get("schema") or "") or {}).get("properties") or {}
            only = creates.get("onlyEntries") if isinstance(creates.get("onlyEntries"), dict) else None
            if only is not None and target is not None and only.get("field") not in target_props:
                problems.append(spec.problem("error", f"transition {name}: onlyEntries.field {only.get('field')!r} is "
                                             f"not a property of {target.get('schema')}",
                                             join_pointer(cpointer, "onlyEntries", "field")))
            for field, value in (creates.get("values") or {}).items():
                if target is not None and field not in target_props:
                    problems.append(spec.problem("error", f"transition {name}: {field!r} is not a property of "
                                                 f"{target.get('schema')}", join_pointer(cpointer, "values", field)))
                if isinstance(value, str) and value.startswith("$record.") and value[8:] not in props:
                    problems.append(spec.problem("error", f"transition {name}: {value[8:]!r} is not a property "
                                                 f"of {schema_name}", join_pointer(cpointer, "values", field)))


def _check_state_machine(spec, machine, schema, schemas, schema_name, pointer, problems) -> None:
    def problem(message: str, where: str, level: str = "error") -> None:
        problems.append(spec.problem(level, message, where))

    props = schema.get("properties") or {}
    field = machine.get("field")
    if field not in props:
        problem(f"state field {field!r} is not a property of {schema_name}", join_pointer(pointer, "field"))
        return
    field_schema = props[field] if isinstance(props[field], dict) else {}
    ref = field_schema.get("$ref")
    target = schemas.get(ref.rsplit("/", 1)[-1], {}) if isinstance(ref, str) and ref.startswith("#/components/schemas/") else {}
    enum = field_schema.get("enum") or (target.get("enum") if isinstance(target, dict) else None) or ()
    states = machine.get("states") or [s for s in enum if s is not None]
    if not states:
        problem(f"the states of {field!r} are unknown: give the property an enum or the machine states",
                join_pointer(pointer, "field"), "warning")
    elif "default" not in field_schema:
        problem(f"{schema_name}.{field} has no default: new records start in no state",
                join_pointer(pointer, "field"), "warning")
    for name, transition in (machine.get("transitions") or {}).items():
        tpointer = join_pointer(pointer, "transitions", name)
        for key, values in (("from", transition.get("from") or []), ("to", [transition.get("to")])):
            for value in values:
                if states and value not in states:
                    problem(f"transition {name}: {key} state {value!r} is not one of {', '.join(states)}",
                            join_pointer(tpointer, key))
        for target in transition.get("requires") or {}:
            if target not in props:
                problem(f"transition {name}: {target!r} is not a property of {schema_name}",
                        join_pointer(tpointer, "requires", target))
        for target, value in (transition.get("set") or {}).items():
            if target not in props:
                problem(f"transition {name}: {target!r} is not a property of {schema_name}",
                        join_pointer(tpointer, "set", target))
            if target == field:
                problem(f"transition {name}: the state field moves by `to`, not `set`", join_pointer(tpointer, "set", target))
            if isinstance(value, str) and value.startswith("$"):
                if value != "$now" and not re.fullmatch(r"\$(record|body)\.[A-Za-z0-9_.]+", value):
                    problem(f"transition {name}: unknown placeholder {value}; known: $now, $record.<field>, $body.<field>",
                            join_pointer(tpointer, "set", target))
                elif value.startswith("$record.") and value.split(".", 1)[1] not in props:
                    problem(f"transition {name}: {value[8:]!r} is not a property of {schema_name}",
                            join_pointer(tpointer, "set", target))


# body fields a service action reads to find what it works on: the request body must require them
_BODY_FIELDS = {"states.transition": ("idField", "targetField"),
                "lists.edit": ("modeField", "entryField")}
_BODY_FIELD_DEFAULTS = {"lists.edit": {"modeField": "action"}}


def _body_schema(doc: dict, op: dict) -> dict | None:
    """The JSON request body's schema, following $refs into components (None: no body)."""
    content = ((op.get("requestBody") or {}).get("content") or {})
    schema = (content.get("application/json") or {}).get("schema")
    for _ in range(10):
        if not isinstance(schema, dict) or "$ref" not in schema:
            break
        ref = schema["$ref"]
        if not ref.startswith("#/components/schemas/"):
            return None  # another file: the loader's bundling checks it
        schema = ((doc.get("components") or {}).get("schemas") or {}).get(ref.rsplit("/", 1)[-1])
    return schema if isinstance(schema, dict) else None


def _check_body_fields(doc: dict, op: dict, action: str, settings: dict, pointer: str, err) -> None:
    names = _BODY_FIELDS.get(action, ())
    chosen = {**_BODY_FIELD_DEFAULTS.get(action, {}), **{k: settings[k] for k in names if k in settings}}
    if action == "states.transition" and settings.get("defaultTransition"):
        chosen.pop("targetField", None)  # a body naming no state takes the default transition
    if not chosen:
        return
    schema = _body_schema(doc, op)
    required = set((schema or {}).get("required") or ())
    for setting, field in chosen.items():
        if field not in required:
            err(f"{action} reads the body field {field!r} ({setting}): the request body schema must "
                f"require it", join_pointer(pointer, setting) if setting in settings else pointer)


def _check_checkout_pay(doc: dict, oext: dict, resource: dict, pointer: str, err) -> None:
    """checkout.pay: its transition exists and creates the paid record of x-specloom.payments."""
    settings = oext.get("with") or {}
    transitions = ((resource.get("stateMachine") or {}).get("transitions")) or {}
    transition = transitions.get(settings.get("transition")) if isinstance(transitions, dict) else None
    if not isinstance(transition, dict):
        err(f"unknown transition {settings.get('transition')!r}; declared: {', '.join(transitions) or 'none'}",
            join_pointer(pointer, "with", "transition"))
        return
    payments = (doc.get("x-specloom") or {}).get("payments")
    paid = ((payments or {}).get("pays") or {}).get("resource") if isinstance(payments, dict) else None
    creates = transition.get("creates") or {}
    if paid is None:
        err("checkout.pay needs x-specloom.payments", join_pointer(pointer, "action"))
    elif creates.get("resource") != paid or not creates.get("linkField"):
        err(f"transition {settings.get('transition')!r} must create a {paid!r} record and name it in its "
            "linkField (the record checkout.pay starts paying)", join_pointer(pointer, "with", "transition"))


def _check_action_settings(doc: dict, action: str, oext: dict, resource: dict, pointer: str, err) -> None:
    """Cross-references of a service action's `with` settings to the resource it works on."""
    if action.startswith("owned.") and not isinstance(resource.get("owner"), dict):
        err(f"{action} works on a resource with an owner (x-specloom.resources.<name>.owner)", pointer)
    settings = oext.get("with") or {}
    schema = ((doc.get("components") or {}).get("schemas") or {}).get(resource.get("schema") or "") or {}
    props = schema.get("properties") or {}
    if action == "states.transition":
        transitions = ((resource.get("stateMachine") or {}).get("transitions")) or {}
        if not transitions:
            err(f"resource {oext.get('resource')!r} declares no stateMachine", join_pointer(pointer, "action"))
        elif "transition" in settings and settings.get("transition") not in transitions:
            err(f"unknown transition {settings.get('transition')!r}; declared: {', '.join(transitions)}",
                join_pointer(pointer, "with", "transition"))
        for i, name in enumerate(settings.get("transitions") or () if transitions else ()):
            if name not in transitions:
                err(f"unknown transition {name!r}; declared: {', '.join(transitions)}",
                    join_pointer(pointer, "with", "transitions", i))
    elif action == "checkout.pay":
        _check_checkout_pay(doc, oext, resource, pointer, err)
    elif action in ("lists.append", "lists.edit") and props:
        field = settings.get("field")
        if field not in props:
            err(f"{field!r} is not a property of {resource.get('schema')}", join_pointer(pointer, "with", "field"))
    elif action in ("ingest.remote", "upsert.byKey"):
        known = (doc.get("x-specloom") or {}).get("resources") or {}
        targets = [(("creates",), settings.get("creates"))] + [
            ((kind, name, "resource"), rule.get("resource"))
            for kind in ("references", "link") for name, rule in (settings.get(kind) or {}).items()]
        for where, name in targets:
            if name is not None and name not in known:
                err(f"unknown resource {name!r}; declared: {', '.join(known) or 'none'}",
                    join_pointer(pointer, "with", *where))
        key = settings.get("key") or []
        if action == "upsert.byKey" and sorted(key) not in [sorted(g) for g in resource.get("unique") or []]:
            err(f"the upsert key {key} is not a unique group of {oext.get('resource')}: concurrent upserts "
                "could create two records", join_pointer(pointer, "with", "key"), "warning")
    elif action == "oauth.clientCredentials":
        scheme = ((doc.get("components") or {}).get("securitySchemes") or {}).get(settings.get("scheme") or "")
        if ((scheme or {}).get("x-specloom") or {}).get("family") != "oauthClientCredentials":
            err(f"security scheme {settings.get('scheme')!r} is not of the oauthClientCredentials family",
                join_pointer(pointer, "with", "scheme"))
    elif action == "guestToken.issue":
        schemes = (doc.get("components") or {}).get("securitySchemes") or {}
        guest = [name for name, sdef in schemes.items()
                 if ((sdef or {}).get("x-specloom") or {}).get("family") == "guestToken"]
        named = settings.get("scheme")
        if (named is not None and named not in guest) or (named is None and len(guest) != 1):
            err(f"guestToken.issue needs {'the' if named else 'exactly one'} security scheme of the guestToken "
                f"family{f' named {named!r}' if named else ''} (found: {', '.join(guest) or 'none'})",
                join_pointer(pointer, "with", "scheme") if named else join_pointer(pointer, "action"))
