"""The intermediate model: what a spec decided, as frozen attrs classes.

The builder (`generator.build`) makes these from a validated document; the templates render
them; the generated package constructs them again (their reprs are valid Python), and the
runtime reads them. Derived names and decisions are methods here, never template logic.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from typing import Any, Mapping

import attrs

ACTIONS = ("list", "get", "create", "update", "delete", "ledger", "counter")


def snake_case(name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_")
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name).lower()
    if keyword.iskeyword(name) or name in {"ctx", "body"}:
        name += "_"
    return name or "param"


def table_name(surface: str, resource: str) -> str:
    """The store table of one surface's resource: `<surface>__<resource>` (`shopvo__orders`).
    Each surface's tables are its own, so surfaces sharing a store never share a table. The
    two parts never contain `__` themselves, so no two (surface, resource) pairs read alike;
    a name longer than 63 characters (PostgreSQL's identifier limit) keeps its first 54 and a
    digest of the whole."""
    prefix = re.sub(r"[^a-z0-9]+", "_", surface.lower()).strip("_") or "surface"
    name = f"{prefix}__{snake_case(resource)}"
    if not name[0].isalpha():
        name = "s_" + name
    if len(name) > 63:
        name = f"{name[:54]}_{hashlib.sha1(name.encode()).hexdigest()[:8]}"
    return name


@attrs.frozen
class Derivation:
    """`field` is computed from `source`: by the first case whose `max` bound holds, or
    (`sum_product`) as the sum over the entries of the array `source` of the product of
    those entry fields (a cart total: price × quantity)."""

    field: str
    source: str
    cases: tuple[tuple[float | None, Any], ...] = ()  # (max or None for "otherwise", value)
    sum_product: tuple[str, ...] = ()
    difference: tuple[str, ...] = ()  # (a, b): a − b, nothing when either holds no number
    join: str | None = None  # the entries' `join` field values of the array `source`, space-separated


@attrs.frozen
class Flag:
    """A boolean field true for at most one record among those sharing `within`."""

    field: str
    within: str
    first_is_set: bool = False
    promote_on_delete: bool = False


@attrs.frozen
class Relation:
    name: str
    resource: str
    foreign_key: str | None = None  # the related records point at us: related[fk] == our id
    local_key: str | None = None  # we point at them: our[local_key] is an id or a list of ids

    @property
    def many(self) -> bool:
        return self.foreign_key is not None


@attrs.frozen
class Creation:
    """A record of `resource` a transition creates in its own transaction (an order placed
    when a checkout completes): `values` (field -> a literal or a `set` placeholder) over the
    resource's defaults; `link_field`, if given, receives the new record's id."""

    resource: str
    values: dict[str, Any] = attrs.field(factory=dict)
    link_field: str | None = None
    # `onlyEntries`: the new record's array field keeps only the entries whose fields hold one
    # of the listed values; with none left the record is not created (an entitlement for the
    # digital lines of an order, none for an order of physical goods)
    only_entries_field: str | None = None
    only_entries_where: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)


@attrs.frozen
class Transition:
    """One named move of a state machine: from any of `from_states` to `to`, plus field
    updates (`updates`: field -> a literal, `$now`, `$record.<field>` or `$body.<field>`)
    and a record it creates (`creates`)."""

    name: str
    from_states: tuple[str, ...]
    to: str
    updates: dict[str, Any] = attrs.field(factory=dict)
    creates: Creation | None = None
    # guards on other fields: field -> the values it must hold (an order is confirmed by its
    # payment only while its paymentStatus is PENDING or FAILED)
    requires: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)
    decrements: tuple[Decrement, ...] = ()  # stock taken in the move's own transaction
    redeems: Redemption | None = None  # a coupon code applied in the move's own transaction
    credits: tuple[Credit, ...] = ()  # accounts credited in the move's own transaction (points earned)
    marks: tuple[Mark, ...] = ()  # other records written in the move's own transaction (a converted cart)
    restores: Restoration | None = None  # what the record took given back, once (a cancelled order)

    def guard_failure(self, record: dict[str, Any]) -> tuple[str, Any] | None:
        """(field, value) of the first `requires` guard `record` fails; None when all hold."""
        for field, allowed in self.requires.items():
            if record.get(field) not in allowed:
                return field, record.get(field)
        return None


@attrs.frozen
class StateMachine:
    """A resource whose `field` moves only by named transitions, each atomic (row-locked);
    a transition from a state it does not allow is refused with `refusal_status`."""

    field: str
    transitions: tuple[Transition, ...]
    states: tuple[str, ...] = ()
    refusal_status: int = 422
    refusal_code: str = "invalid_transition"

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)


@attrs.frozen
class Numbering:
    """New records get a readable number in `field`: `prefix` plus `digits` random decimal
    digits, unique within the tenant (a clash draws again)."""

    field: str
    prefix: str = ""
    digits: int = 6
    # a pattern instead (`GIFT-####-####`): each `#` a random character of `alphabet`
    format: str | None = None
    alphabet: str = "0123456789"


@attrs.frozen
class EmittedEvent:
    """An event (`order.created`) a resource's writes record in the outbox, in the write's own
    transaction, `when` a record is created (`create`), changed (`update`: update, counter,
    ledger and list writes), moved by a state-machine `transition` (any, or only those named in
    `transitions`), or on a `threshold`: the number `field` dropping below `below` (from at
    least `below` to under it). The event's data is the record as written, or its `fields`."""

    event: str
    when: str  # create | update | transition | threshold
    transitions: tuple[str, ...] = ()
    field: str | None = None
    below: float | None = None
    fields: tuple[str, ...] = ()
    below_field: str | None = None  # the record's own threshold (`below` when it holds none)


@attrs.frozen
class CopyFrom:
    """On create, `field` must name a record of `resource` in the tenant (404 otherwise), and
    `fields` (this record's field -> the source's field) are copied from it (a checkout takes
    its cart's items and total)."""

    field: str
    resource: str
    fields: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class SettingDefault:
    """On create, `field` takes `value` when the tenant setting `setting` equals `equals`
    (a review starts PUBLISHED when the site auto-approves reviews); otherwise its default."""

    field: str
    setting: str
    value: Any
    equals: Any = True


@attrs.frozen
class Aggregate:
    """`field` is computed on every read from the records of `resource` whose `foreign_key` is
    this record's id, restricted by `where` (field -> allowed values): their count, or the sum
    of their `sum` field. Never stored, so never stale (a customer's totalOrders, totalSpent)."""

    field: str
    resource: str
    foreign_key: str
    count: bool = False
    sum: str | None = None
    where: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)


@attrs.frozen
class Reference:
    """A body field (`body_field`) holding ids of records of `resource` in the tenant (else the
    validation status naming the field); each is stored in `into` as an entry copying `copy`
    (entry field -> the record's field), the first entry with `first_flag` true (contacts)."""

    body_field: str
    resource: str
    into: str | None  # None: the ids are only checked, and kept as given (a product's file_ids)
    copy: dict[str, str] = attrs.field(factory=dict)
    first_flag: str | None = None
    refusal_status: int = 404  # an id naming no record (Scalev: 422, the validation status)
    # field -> the values the named record must hold (a plan that is not archived), else refused
    where: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)


@attrs.frozen
class Owner:
    """A polymorphic parent: a record belongs to a record of one of several resources, named by
    its `type_field` (a key of `resources`) and `id_field` (Shopvo metafields on a product,
    customer, order or the site). A type whose resource is a `singleton` is owned by the tenant's
    one record, named by the tenant id."""

    type_field: str
    id_field: str
    resources: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class TypedValue:
    """`field` holds a string that must parse as the type `type_field` names: `string`,
    `integer`, `number`, `boolean` (`true`/`false`) or `json`."""

    field: str
    type_field: str
    default_type: str = "string"


@attrs.frozen
class Sweep:
    """A scheduled sweep (`x-specloom.resources.<name>.sweeps`): every `every` seconds the app's
    background worker finds the records matching `where` (field -> a value, or a list of any of
    them), whose `non_empty` arrays hold an item and which are due (`due_field`, a date-time,
    at least `due_after` seconds in the past), and for each one, under its row lock, checks it
    again, applies `set` (literals, `$now` or `$record.<field>`), moves `advance_field` (the due
    date-time) on by `advance_by` (an ISO 8601 duration, or `$record.<field>` holding one),
    inserts a `creates` record (a renewal's order) and records `emit` with the record as its
    data (or its `fields`), in one transaction. `set` takes the record out of `where`, or
    `advance` moves its due time past the period it was swept for, so each record (each period
    of it) is swept once however many processes share the store."""

    name: str
    where: dict[str, Any]
    set: dict[str, Any] = attrs.field(factory=dict)
    every: float = 60.0
    non_empty: tuple[str, ...] = ()
    due_field: str | None = None
    due_after: float = 0.0
    emit: str | None = None
    fields: tuple[str, ...] = ()
    advance_field: str | None = None
    advance_by: str | None = None
    creates: Creation | None = None

    def column_fields(self) -> tuple[str, ...]:
        return (*self.where, *((self.due_field,) if self.due_field else ()))


# -- commerce (issue 11, H3): read-time derivations, coupons, stock decrements -----------------
@attrs.frozen
class Condition:
    """`field` compared with `value` (a literal, or `$now`: the current time as records carry
    it): `eq`, `ne`, `lt`, `lte`, `gt`, `gte`; `set` (the field holds a value) and `unset`. A
    field without a value fails every comparison."""

    field: str
    op: str
    value: Any = None


@attrs.frozen
class ReadDerivation:
    """`field` is computed whenever a record is read and never stored, so never stale: the
    `value` of the first case whose condition holds (a case without one: otherwise), or, with
    `thresholds_setting`, the name of the highest threshold of that tenant setting (name ->
    minimum) that the number `source` reaches. Lists filter on the computed value."""

    field: str
    cases: tuple[tuple[Any, Condition | None], ...] = ()
    source: str | None = None
    thresholds_setting: str | None = None


@attrs.frozen
class Coupon:
    """A resource whose records are discount codes (`x-specloom.resources.<name>.coupon`):
    the code in `code_field`; `type_field` names a kind of `kinds` (type value -> `percent`,
    `amount` or `none`) and `value_field` its size; a code applies while its (read-time)
    `status_field` is one of `active`, the amount reaches `minimum_field`, and `used_field` is
    below `max_uses_field`; each use counts one in `used_field` and records a record of
    `uses` (`coupon_field`: the code's id, `customer_field`: who used it), whose number per
    customer may not exceed `per_customer_field`."""

    code_field: str
    type_field: str
    value_field: str
    kinds: dict[str, str] = attrs.field(factory=dict)
    status_field: str | None = None
    active: tuple[str, ...] = ()
    minimum_field: str | None = None
    used_field: str | None = None
    max_uses_field: str | None = None
    uses: str | None = None
    coupon_field: str | None = None
    customer_field: str | None = None
    per_customer_field: str | None = None


@attrs.frozen
class Decrement:
    """A transition takes `by` (an entry field) from `field` of the record of `resource` each
    entry of the moved record's array `for_each` names in `id_field` (entries carrying
    `unless_field` are skipped; a record whose field holds no number is not counted), in the
    transition's own transaction; a record short of it refuses the whole move (409
    `refusal_code`), and nothing is written."""

    resource: str
    for_each: str
    id_field: str
    field: str
    by: str
    unless_field: str | None = None
    refusal_code: str = "insufficient_quantity"


@attrs.frozen
class Redemption:
    """A transition applies the code in the moved record's `code_field` (none: nothing) of the
    coupon resource `resource` to its `amount_field`: the discount goes to `discount_field`, the
    amount less it to `total_field`, one use is counted (never beyond the code's limits) and
    recorded for the customer in `customer_field`, in the transition's own transaction; a
    code that does not apply refuses the move (409 `refusal_code`)."""

    resource: str
    code_field: str
    amount_field: str
    discount_field: str
    total_field: str | None = None
    customer_field: str | None = None
    refusal_code: str = "promotion_not_applicable"


@attrs.frozen
class Credit:
    """A transition credits the account of `resource` the moved record's `account_field` names
    (none: nothing) with `amount_field` ÷ `per` × the tenant setting `rate_setting`, rounded
    down, in `balance_field`, recording an entry of `entries` with `entry` (field -> a literal
    or `$record.<field>`); a missing account is opened (loyalty points earned on a paid order)."""

    resource: str
    account_field: str
    amount_field: str
    rate_setting: str
    balance_field: str
    entries: str
    per: float = 1
    entry: dict[str, Any] = attrs.field(factory=dict)
    entry_amount_field: str | None = None  # the entry's field for the amount (default balance_field)


@attrs.frozen
class CreditReturn:
    """Points a record earned taken back: the entries of `entries` whose `match_field` names
    the moved record add up what it earned (`amount_field` of each); that much (at most the
    balance: never below 0) is taken from `balance_field` of the account of `resource` its
    `account_field` names, recorded by an entry of `entries` with `entry` and the negative
    amount."""

    resource: str
    account_field: str
    balance_field: str
    entries: str
    match_field: str
    amount_field: str
    entry: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Restoration:
    """A transition gives back what the moved record took (the inverse of `decrements`,
    `redeems`, `credits`), once: in the move's own transaction, only while the record's
    `once_field` is empty (the move sets it to the time), so a second move or a replay gives
    nothing back twice."""

    once_field: str
    if_field: str | None = None  # only a record carrying it took anything (an order placed by a checkout)
    stock: tuple[Decrement, ...] = ()  # stock added back for every entry
    coupon: Redemption | None = None  # one use of the record's code given back
    credits: tuple[CreditReturn, ...] = ()  # points the record earned taken back


@attrs.frozen
class Mark:
    """A transition writes `set` (field -> a literal, `$now` or `$record.<field>`) on the
    record of `resource` its moved record's `id_field` names, in the move's own transaction
    (a checked-out cart marked CONVERTED); a record that is gone is skipped."""

    resource: str
    id_field: str
    set: dict[str, Any] = attrs.field(factory=dict)


# -- end of commerce ------------------------------------------------------------------------


@attrs.frozen
class FieldInfo:
    name: str
    column_type: str | None  # "text" | "integer" | "real" | "boolean" | None (not a column)
    is_array: bool = False


@attrs.frozen
class Resource:
    name: str
    schema_name: str
    id_prefix: str
    fields: tuple[FieldInfo, ...]
    lookup: tuple[str, ...] = ("id",)
    unique: tuple[tuple[str, ...], ...] = ()
    searchable: tuple[str, ...] = ()
    filterable: tuple[str, ...] = ()
    sort: tuple[str, ...] = ()
    read_only: tuple[str, ...] = ("id",)
    defaults: dict[str, Any] = attrs.field(factory=dict)
    parent: tuple[str, str] | None = None  # (parent resource, field holding the parent id)
    relations: tuple[Relation, ...] = ()
    flag: Flag | None = None
    derivations: tuple[Derivation, ...] = ()
    timestamps: Timestamps = attrs.field(factory=lambda: Timestamps())
    state_machine: StateMachine | None = None
    events: tuple[EmittedEvent, ...] = ()
    numbering: Numbering | None = None
    copy_from: tuple[CopyFrom, ...] = ()
    sweeps: tuple[Sweep, ...] = ()  # scheduled sweeps (issue 11, H5)
    # content and customers (issue 11, H4): private fields, setting-driven defaults, read-time
    # aggregates, id references stored as entries, singletons, polymorphic owners, typed values
    private: tuple[str, ...] = ()
    setting_defaults: tuple[SettingDefault, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    references: tuple[Reference, ...] = ()
    singleton: bool = False
    owner: Owner | None = None
    typed_value: TypedValue | None = None
    # (owner resource, field): one record per owner record, keyed by the owner's id, read as
    # an empty one (its defaults) while never opened if the owner exists (`accountOf`)
    account_of: tuple[str, str] | None = None
    # commerce (issue 11, H3): fields computed on every read (`derivedOnRead`), fields kept in
    # upper case so they match case-insensitively, discount codes, fields a new record starts as
    derived_on_read: tuple[ReadDerivation, ...] = ()
    case_insensitive: tuple[str, ...] = ()
    coupon: Coupon | None = None
    starts_as: dict[str, str] = attrs.field(factory=dict)
    surface: str = ""  # the surface it belongs to (set by `Surface`): its table is that surface's own

    @property
    def table_name(self) -> str:
        return table_name(self.surface, self.name)

    @property
    def singular(self) -> str:
        """The variable name generated code uses for one record of this resource."""
        name = self.name
        if name.endswith("ies"):
            name = name[:-3] + "y"
        elif name.endswith("ses") or name.endswith("xes"):
            name = name[:-2]
        elif name.endswith("s") and not name.endswith("ss"):
            name = name[:-1]
        return snake_case(name)

    @property
    def noun(self) -> str:
        """How messages name one record: `store credit account`."""
        return self.singular.replace("_", " ")

    def field(self, name: str) -> FieldInfo | None:
        return next((f for f in self.fields if f.name == name), None)

    def column_fields(self) -> tuple[str, ...]:
        """Fields the store keeps in indexed columns: everything filtered, searched, sorted,
        looked up or grouped by (arrays are matched inside the document instead)."""
        wanted: list[str] = []
        groups = [self.lookup, self.searchable, self.filterable,
                  tuple(s.lstrip("-") for s in self.sort), *self.unique,
                  *(s.column_fields() for s in self.sweeps),
                  # fields a read-time derivation compares: lists filter on the derived value
                  *(tuple(c.field for _, c in d.cases if c is not None) for d in self.derived_on_read)]
        if self.parent:
            groups.append((self.parent[1],))
        if self.flag:
            groups.append((self.flag.field, self.flag.within))
        for group in groups:
            for name in group:
                info = self.field(name)
                if name != "id" and info and info.column_type and name not in wanted:
                    wanted.append(name)
        return tuple(wanted)

    def relation(self, name: str) -> Relation | None:
        return next((r for r in self.relations if r.name == name), None)


@attrs.frozen
class ValidationDetails:
    """How a surface words validation failures: a fixed message per location (body, query,
    path, header), detail paths with or without that location, and each `details[]` entry as
    a JSON template (`item`), with per-keyword templates merged over it (`keywords`)."""

    messages: dict[str, str] = attrs.field(factory=dict)
    bare_paths: bool = False
    item: Any = None  # None: {path, code, message}
    keywords: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Idempotency:
    """`Idempotency-Key` handling, declared by the surface."""

    header: str = "Idempotency-Key"
    methods: tuple[str, ...] = ("POST", "PUT", "PATCH", "DELETE")
    required: bool = False
    mismatch_status: int = 422
    retention_seconds: int = 86400
    max_key_length: int = 255

    def applies_to(self, method: str) -> bool:
        return method.upper() in self.methods


@attrs.frozen
class Signing:
    """HMAC request signing: `<header>: t=<unix>,sha256=<hex>` over `<t>.<raw body>`."""

    header: str
    tolerance_seconds: int = 300


@attrs.frozen
class WebhookDelivery:
    """How deliveries are sent: each POST may take `timeout_seconds`; a failed one is retried
    after `backoff_seconds` × `backoff_factor`^(attempt − 1), at most `max_backoff_seconds`,
    until `max_attempts` attempts were made; then the delivery is `failed`."""

    timeout_seconds: float = 10
    max_attempts: int = 8
    backoff_seconds: float = 30
    backoff_factor: float = 2
    max_backoff_seconds: float = 3600

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failed attempt."""
        return min(self.backoff_seconds * self.backoff_factor ** max(attempts - 1, 0),
                   self.max_backoff_seconds)


@attrs.frozen
class Downloads:
    """`x-specloom.files.downloads`: records of `resource` (Alva's purchases) grant downloads of
    the files their `assets` rule reaches, through expiring links minted when their e-mail is
    sent; each download counts in `used_field` against `limit_field` + `extra_field` while the
    record's fields hold the `allowed_when` values (runtime/services/downloads.py)."""

    resource: str
    assets_field: str  # the record's field listing what leads to files (product GIDs)
    via: str | None = None  # the resource those values name (mappings); None: they are file ids
    match: str | None = None  # its field they match (shopify_product_id)
    assets_of: str | None = None  # its field listing file ids (asset_ids)
    limit_field: str | None = None
    extra_field: str | None = None
    used_field: str = "downloads_used"
    allowed_when: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)
    link_seconds: int = 7 * 24 * 3600
    links_field: str = "download_links"


@attrs.frozen
class Files:
    """`x-specloom.files`: records of `resource` have bytes in the blob store (backends/blobs),
    at most `max_bytes`; direct uploads are records of `uploads` whose upload URL lives
    `upload_seconds`; `downloads` grants downloads of them."""

    resource: str
    max_bytes: int = 100 * 1024 * 1024
    uploads: str | None = None
    upload_seconds: int = 3600
    downloads: Downloads | None = None


@attrs.frozen
class MailTemplate:
    """A message a surface sends (`x-specloom.mail.templates.<name>`): `{dotted.path}` places
    in `subject` and `text` are filled from the record it is about (runtime/services/mail.py);
    a `sensitive` message's text is erased from the outbox once it was sent."""

    name: str
    subject: str
    text: str
    sensitive: bool = False


@attrs.frozen
class Mail:
    """`x-specloom.mail`: the From address (a deployment's SPECLOOM_MAIL_FROM wins) and templates."""

    sender: str | None = None
    templates: tuple[MailTemplate, ...] = ()

    def template(self, name: str) -> MailTemplate | None:
        return next((t for t in self.templates if t.name == name), None)


@attrs.frozen
class Webhooks:
    """Outgoing webhooks: subscriptions are records of `subscriptions` (a URL in `url_field`,
    event names in `events_field`, a signing secret issued once, prefixed `secret_prefix`);
    events resources emit are POSTed as `payload` (a JSON template: `$event`, `$id`,
    `$timestamp`, `$tenant`, `$data`), signed in `signature_header` as
    `t=<unix>,sha256=<hex>` over `<t>.<raw body>` with the subscription's secret."""

    subscriptions: str
    signature_header: str
    payload: Any
    events: tuple[str, ...] = ()  # the catalogue subscriptions may name (empty: any)
    url_field: str = "url"
    events_field: str = "events"
    secret_field: str = "secret"
    secret_prefix: str = "whsec_"
    delivery: WebhookDelivery = WebhookDelivery()


@attrs.frozen
class Payments:
    """Payments through a payment-provider interface (runtime/payments/): a record of
    `resource` (an order) is paid by a session kept in `sessions` (its `link_field` names the
    record; `amount`, `currency`, `status` PENDING → SUCCEEDED | FAILED, `url`, `provider`,
    `expiresAt`, `completedAt`). The provider (`provider`: the built-in `test`, or another a
    deployment registers) answers with the URL the customer pays at, and reports the outcome
    by a signed callback (verified within `tolerance_seconds`), which moves the record by its
    state machine's `succeeded` or `failed` transition."""

    provider: str
    sessions: str
    resource: str
    link_field: str
    amount_field: str
    succeeded: str
    failed: str | None = None
    currency_field: str | None = None
    session_seconds: int = 3600
    tolerance_seconds: int = 300
    # the session resource's own names of the fields sessions keep (`sessionFields`: expiresAt →
    # expires_at) and of its statuses (`sessionStatuses`: PENDING → pending); the runtime speaks
    # the logical names and values, the store and the API the surface's
    session_fields: dict[str, str] = attrs.field(factory=dict)
    session_statuses: dict[str, str] = attrs.field(factory=dict)

    def session_field(self, name: str) -> str:
        return self.session_fields.get(name, name)

    def session_status(self, status: str) -> str:
        return self.session_statuses.get(status, status)

    def stored_session(self, doc: dict[str, Any]) -> dict[str, Any]:
        """A session in logical names and statuses → as the surface keeps it."""
        out = {self.session_field(k): v for k, v in doc.items()}
        status_field = self.session_field("status")
        if status_field in out:
            out[status_field] = self.session_status(out[status_field])
        return out

    def logical_session(self, doc: dict[str, Any]) -> dict[str, Any]:
        """A session as the surface keeps it → in logical names and statuses."""
        names = {v: k for k, v in self.session_fields.items()}
        statuses = {v: k for k, v in self.session_statuses.items()}
        out = {names.get(k, k): v for k, v in doc.items()}
        if "status" in out:
            out["status"] = statuses.get(out["status"], out["status"])
        return out


@attrs.frozen
class RateLimit:
    """At most `limit` requests per `window_seconds`, counted per credential or per client IP;
    `when_query` limits the rule to requests carrying that query parameter. With
    `credential_limits` (minimum, maximum), each key may carry its own limit for this rule in
    that range (its plan); keys without one get `limit`. With `counts="failures"` only the
    operation's own 401 answers count (wrong client secrets, passwords, codes), per client IP."""

    name: str
    limit: int
    window_seconds: int
    per: str = "credential"  # credential | client
    when_query: str | None = None
    credential_limits: tuple[int, int] | None = None
    counts: str = "requests"  # requests | failures

    def limit_for(self, own_limits: Mapping[str, int]) -> int:
        """This rule's limit for a credential carrying `own_limits` ({rule name: limit})."""
        if self.credential_limits is None:
            return self.limit
        return own_limits.get(self.name, self.limit)


@attrs.frozen
class Timestamps:
    """The fields the runtime stamps with the current time: `created` once, when a record is
    made, `updated` then and on every change. Either may be None (not stamped)."""

    created: str | None = None
    updated: str | None = None

    def on_create(self, doc: dict[str, Any], now: str) -> dict[str, Any]:
        for field in (self.created, self.updated):
            if field is not None:
                doc[field] = now
        return doc

    def on_seed(self, doc: dict[str, Any], now: str) -> dict[str, Any]:
        """Stamp a record that may carry its own times (demo data): those stay."""
        if self.created is not None:
            now = doc.setdefault(self.created, now)
        if self.updated is not None:
            doc.setdefault(self.updated, now)
        return doc

    def on_change(self, changes: dict[str, Any], now: str) -> dict[str, Any]:
        if self.updated is not None:
            changes[self.updated] = now
        return changes


@attrs.frozen
class Ledger:
    """A balance moved only by ledger entries: credits add, debits subtract, and a debit that
    would take the balance below `floor` is refused (409). Each movement appends an entry to
    the `entries` resource in the same transaction."""

    balance_field: str
    entries: str
    amount_field: str = "amount"
    type_field: str = "type"
    credit: str = "CREDIT"
    debit: str = "DEBIT"
    floor: float = 0
    create_missing: bool = False  # the first credit opens the account
    result_entry_field: str = "transaction"
    account_key_field: str | None = None  # an opened account also gets its id in this field


@attrs.frozen
class Counter:
    """A number set, incremented or decremented (by the body's `mode_field` and
    `amount_field`), never below `floor` (409)."""

    field: str
    floor: float | None = 0
    mode_field: str = "operation"
    amount_field: str = "quantity"


@attrs.frozen
class Param:
    name: str
    location: str  # path | query | header
    python_name: str
    required: bool
    schema: dict[str, Any]
    role: str = "plain"  # tenant | parent | id | page | limit | cursor | search | fields | expand | filter | plain
    filter_field: str | None = None
    filter_match: str = "eq"
    is_array: bool = False
    default: Any = None

    @property
    def has_default(self) -> bool:
        return self.default is not None or not self.required


@attrs.frozen
class Body:
    required: bool
    schema: dict[str, Any]
    media_type: str = "application/json"
    # further media types the spec declares with the same schema (an OAuth token endpoint taking
    # JSON or `application/x-www-form-urlencoded`); bodies of any of them are validated alike
    also_accepts: tuple[str, ...] = ()

    def accepts(self, media: str) -> bool:
        return media == self.media_type or media in self.also_accepts or (
            media.endswith("+json") and self.media_type == "application/json")


@attrs.frozen
class SecurityRequirement:
    scheme: str
    scopes: tuple[str, ...]


@attrs.frozen
class SecurityScheme:
    name: str
    family: str  # apiKey, …: a module of runtime/auth
    prefixes: tuple[str, ...] = ()
    options: dict[str, Any] = attrs.field(factory=dict)  # family-specific settings
    # the prefix of test-mode credentials (one of `prefixes`): their requests run in the
    # tenant's sandbox (runtime/security/sandbox.py)
    test_prefix: str | None = None


@attrs.frozen
class Cors:
    """Browsers may call the operations secured by `schemes` from allowed origins: a fixed
    list, or (`tenant_origins`) each tenant's own list kept in the store."""

    schemes: tuple[str, ...]
    origins: tuple[str, ...] = ()
    tenant_origins: bool = False
    allow_headers: tuple[str, ...] = ()
    expose_headers: tuple[str, ...] = ()
    max_age_seconds: int = 600


@attrs.frozen
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    action: str
    resource: str | None  # None: a service action that works on no resource (an OAuth endpoint)
    params: tuple[Param, ...]
    body: Body | None
    responses: dict[str, dict[str, Any] | None]  # status -> bundled JSON Schema of the body
    success_status: int
    envelope: str
    security: tuple[tuple[SecurityRequirement, ...], ...]  # any of these (each: all of)
    embed: tuple[str, ...] = ()
    hook: str | None = None
    rate_limits: tuple[RateLimit, ...] = ()
    ledger: Ledger | None = None
    counter: Counter | None = None
    options: dict[str, Any] = attrs.field(factory=dict)  # settings of a service action (`with`)
    where: dict[str, Any] = attrs.field(factory=dict)  # fixed filters of a list (published pages only)
    # the field through which the request's principal (the credential's subject) owns the
    # record the operation works on (x-specloom.ownedBy): anyone else's answers 404
    owned_by: str | tuple[str, ...] | None = None  # several: any of them (a customer's or a guest's order)

    @property
    def is_service_action(self) -> bool:
        return "." in self.action

    @property
    def function_name(self) -> str:
        return snake_case(self.operation_id)

    @property
    def is_public(self) -> bool:
        return not self.security or any(len(req) == 0 for req in self.security)

    def scope_summary(self) -> str:
        scopes = sorted({s for req in self.security for r in req for s in r.scopes})
        return ", ".join(scopes) if scopes else ("public" if self.is_public else "authenticated")

    def params_with_role(self, *roles: str) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.role in roles)

    def param(self, role: str) -> Param | None:
        return next((p for p in self.params if p.role == role), None)

    def handler_params(self) -> tuple[Param, ...]:
        """Parameters in handler-signature order: path first, then the rest."""
        return tuple(sorted(self.params, key=lambda p: (p.location != "path", 0)))

    @property
    def paginated(self) -> bool:
        return self.envelope == "page"

    def paging_arguments(self) -> str:
        """Keyword arguments of the generated `ctx.paging(...)` call, for the paging controls
        this operation has. Without a page parameter, lists page by keyset cursors only."""
        parts = []
        for role in ("page", "limit", "cursor", "previous_cursor"):
            param = self.param(role)
            if param is not None:
                parts.append(f"{role}={param.python_name}")
        return ", ".join(parts)

    def docstring(self) -> str:
        return f"{self.method} {self.path}: {self.summary} ({self.scope_summary()})."


@attrs.frozen
class Surface:
    name: str
    title: str
    version: str
    tenant_parameter: str | None
    validation_status: int
    error_envelope: Any
    envelopes: dict[str, Any]
    default_limit: int
    max_limit: int
    collection_limit: int
    max_body_bytes: int
    security_schemes: tuple[SecurityScheme, ...]
    resources: tuple[Resource, ...]
    operations: tuple[Operation, ...]
    fingerprint: str = ""
    idempotency: Idempotency | None = None
    signing: Signing | None = None
    # what a list's cursor is (x-specloom.pagination.cursorStyle): "opaque", a signed keyset
    # token; "lastId", the id of the last record seen (runtime/services/pagination.py)
    cursor_style: str = "opaque"
    rate_limits: tuple[RateLimit, ...] = ()
    tenant_approval: bool = False
    tenant_forbidden_body_fields: tuple[str, ...] = ()
    tenant_mismatch_status: int = 404  # a credential naming another tenant in the path
    validation_details: ValidationDetails | None = None
    cors: Cors | None = None
    webhooks: Webhooks | None = None
    # rules of every operation callable without a credential, per client IP; None: not
    # declared, the runtime's default applies (runtime/policies/rate_limit.py)
    public_rate_limits: tuple[RateLimit, ...] | None = None
    payments: Payments | None = None  # x-specloom.payments
    # x-specloom.settings: tenant settings the spec declares, with their defaults (a tenant's
    # own values, `specloom tenants set`, win)
    settings: dict[str, Any] = attrs.field(factory=dict)
    mail: Mail | None = None  # x-specloom.mail: sender and message templates
    files: Files | None = None  # x-specloom.files: blob-backed records, uploads, downloads
    # status of a request whose path, query or header parameters fail validation
    # (x-specloom.errors.parameterValidationStatus); None: validation_status, as bodies
    parameter_validation_status: int | None = None

    def __attrs_post_init__(self) -> None:
        # every resource knows its surface, so its table is this surface's own (table_name)
        if any(r.surface != self.name for r in self.resources):
            object.__setattr__(self, "resources",
                               tuple(attrs.evolve(r, surface=self.name) for r in self.resources))

    def rate_limits_for(self, operation: Operation) -> tuple[RateLimit, ...]:
        return self.rate_limits + operation.rate_limits

    def resource(self, name: str) -> Resource:
        return next(r for r in self.resources if r.name == name)

    def operation(self, operation_id: str) -> Operation:
        return next(o for o in self.operations if o.operation_id == operation_id)

    def security_scheme(self, name: str) -> SecurityScheme | None:
        return next((s for s in self.security_schemes if s.name == name), None)

    def parent_of(self, operation: Operation) -> Resource | None:
        """The parent resource an operation's path nests under, if any."""
        if operation.resource is None:
            return None
        resource = self.resource(operation.resource)
        if resource.parent and operation.param("parent"):
            return self.resource(resource.parent[0])
        return None

    def all_scopes(self) -> tuple[str, ...]:
        return tuple(sorted({s for op in self.operations for req in op.security
                             for r in req for s in r.scopes}))

    @property
    def package_name(self) -> str:
        return package_name(self.name)


def package_name(surface: str) -> str:
    """The import name of a surface's generated package."""
    return "specloom_generated_" + snake_case(surface)
