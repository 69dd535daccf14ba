"""`analytics.summary`: figures computed from the stored records of the operation's resource
over a date range, for the request's tenant only (Aly's merchant analytics: revenue, orders,
average order value, top products, from paid orders).

    x-specloom:
      resource: orders
      action: analytics.summary
      with:
        dateField: created_at                   # a timestamp column (filterable)
        fromParameter: from                     # query parameters, dates (YYYY-MM-DD), both inclusive
        toParameter: to
        where: { payment_status: [paid, refunded] }
        metrics:
          orders: { count: true }
          gross_revenue: { sum: total_amount }
          refunded: { sum: refunded_amount }
          net_revenue: { sum: total_amount, minus: refunded_amount }
          average_order_value: { average: total_amount }
        top: { field: top_products, forEach: line_items, key: product_id, quantity: quantity,
               amount: [unit_amount, quantity], limit: 5 }

Only records whose `where` fields hold one of the listed values count, each once (an order
refunded after it was paid counts once, its refund subtracted once in `minus`). Records are
read page by page (keyset), never all at once. A metric is a `count`, a `sum` of a number field
(less `minus`, another number field, per record), or an `average` of one (rounded down to an
integer; 0 when nothing counts). `top` adds up the entries of an array field by `key`: their
`quantity` and their `amount` (the product of the listed entry fields), and lists the `limit`
largest by amount (then quantity, then key). The answer, in the `item` envelope, is
`{from, to, <metric>…, <top.field>: [{<key>, quantity, amount}]}`. A `from` after `to` is the
validation status on `from`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from specloom.backends.base import Filter, PageRequest, Query
from specloom.runtime.errors import ValidationFailed
from specloom.runtime.handler_api import Reply, RequestContext

from . import action

PAGE = 500


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


class _Tally:
    def __init__(self, settings: dict[str, Any]):
        self.metrics = settings.get("metrics") or {}
        self.top = settings.get("top")
        self.count = 0
        self.sums = {name: 0 for name in self.metrics}
        self.products: dict[Any, dict[str, Any]] = {}

    def add(self, record: dict[str, Any]) -> None:
        self.count += 1
        for name, rule in self.metrics.items():
            field = rule.get("sum") or rule.get("average")
            if field:
                value = record.get(field)
                less = record.get(rule["minus"]) if rule.get("minus") else 0
                self.sums[name] += (value if _number(value) else 0) - (less if _number(less) else 0)
        if self.top:
            self._add_entries(record.get(self.top["forEach"]))

    def _add_entries(self, entries: Any) -> None:
        top = self.top
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict) or entry.get(top["key"]) is None:
                continue
            line = self.products.setdefault(entry[top["key"]], {top["key"]: entry[top["key"]], "quantity": 0, "amount": 0})
            quantity = entry.get(top.get("quantity", "quantity"))
            line["quantity"] += quantity if _number(quantity) else 0
            amount = 1
            for factor in top.get("amount") or ():
                value = entry.get(factor)
                amount = amount * value if _number(value) else 0
            line["amount"] += amount if top.get("amount") else 0

    def answer(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, rule in self.metrics.items():
            if rule.get("count"):
                out[name] = self.count
            elif rule.get("average"):
                out[name] = int(self.sums[name] // self.count) if self.count else 0
            else:
                out[name] = self.sums[name]
        if self.top:
            key = self.top["key"]
            ranked = sorted(self.products.values(), key=lambda p: (-p["amount"], -p["quantity"], str(p[key])))
            out[self.top["field"]] = ranked[: int(self.top.get("limit", 5))]
        return out


@action("analytics.summary")
async def summary(ctx: RequestContext, settings: dict[str, Any], **arguments: Any) -> Reply:
    by_name = {p.name: p.python_name for p in ctx.operation.params}
    start = _day(arguments.get(by_name.get(settings.get("fromParameter", "from"), "")))
    end = _day(arguments.get(by_name.get(settings.get("toParameter", "to"), "")))
    if start and end and start > end:
        name = settings.get("fromParameter", "from")
        error = ValidationFailed(f"{name} is after {settings.get('toParameter', 'to')}", code="invalid_range",
                                 details=[{"path": name, "code": "invalid_range", "message": "from is after to"}])
        error.status = ctx.surface.validation_status
        raise error
    field = settings["dateField"]
    bounds: list[Filter] = []
    if start:
        bounds.append(Filter(field, f"{start.isoformat()}T00:00:00.000Z", "gte"))
    if end:
        bounds.append(Filter(field, f"{(end + timedelta(days=1)).isoformat()}T00:00:00.000Z", "lt"))
    where = settings.get("where") or {}
    combos: list[tuple[Filter, ...]] = [()]
    for name, values in where.items():  # one query per combination of allowed values
        values = values if isinstance(values, list) else [values]
        combos = [c + (Filter(name, v),) for c in combos for v in values]
    tally = _Tally(settings)
    for combo in combos:
        query = Query(filters=tuple(bounds) + combo)
        after = None
        while True:
            page = await ctx.resources.list(ctx.operation.resource, query,
                                            PageRequest(limit=PAGE, keyset=True, after=after, with_total=False))
            for record in page.items:
                tally.add(record)
            if not page.has_next or not page.items:
                break
            after = page.last_position
    answer = {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None, **tally.answer()}
    return ctx.respond.item(answer, status=ctx.operation.success_status)


summary.refusals = (400,)  # a range whose from is after its to
