"""The generated TypeScript clients of Alza, Alva, Aly and Scalev, compiled with `tsc --strict`
and driven with Node.js through a short journey of each surface against a real `specloom serve`:
a page walk, an error in the surface's envelope, and what the surface has of token renewal,
idempotent retries and customer sessions."""

from __future__ import annotations

import pytest

from tests import servers
from tests.sdk_typescript import (  # noqa: F401
    RECORDER,
    compile_journey,
    copy_specs,
    generate_client,
    issue_key,
    provision,
    run_journey,
    tsc,
)
from tests.servers import Server

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'sdk.db'}"


def serve(surface: str, backend: str, state_dir) -> Server:
    return Server(surface, backend, state_dir).start().wait_ready()


# --------------------------------------------------------------------------------------------
# Alza: client credentials (a token before the first call, another after the server's 401),
# page-numbered lists, problem+json errors

DAY = "2026-06-05"

ALZA = RECORDER + """
import { AuthenticationError, NotFoundError, createClient } from "../src/index.js";

const client = createClient({ baseUrl: env.BASE_URL!, clientId: env.CLIENT_ID!, clientSecret: env.CLIENT_SECRET!, fetch: recorder });
const first = await client.orders.list({ date: env.DAY!, pageSize: 2 });
const numbers: string[] = [];
for await (const order of client.orders.listAll({ date: env.DAY!, pageSize: 2 })) {
  numbers.push(order.orderNumber);
}
emit("pages", { items: first.items.length, hasNext: first.hasNext, totalPages: first.totalPages, numbers,
                tokenCalls: calls.filter((c) => c.path === "/connect/token").length, firstCall: calls[0]?.path });

await new Promise((resolve) => setTimeout(resolve, 2200));  // the token has expired on the server
calls.length = 0;
const order = await client.orders.acknowledge("101");
emit("renewed", { status: order.exportStatus, calls: calls.map((c) => `${c.status} ${c.path}`) });

try {
  await client.orders.get("no-such-order");
} catch (error) {
  const e = error as NotFoundError;
  emit("missing", { notFound: error instanceof NotFoundError, status: e.status, message: e.message, code: e.code, body: e.body });
}
try {
  await createClient({ baseUrl: env.BASE_URL!, clientId: env.CLIENT_ID!, clientSecret: "wrong" }).orders.list({ date: env.DAY! });
} catch (error) {
  emit("wrong", { auth: error instanceof AuthenticationError, status: (error as AuthenticationError).status,
                  code: (error as AuthenticationError).code });
}
"""


def alza_setup(state_dir, backend, supplier="SUP_A", orders=5):
    from specloom.runtime.services.resources import TenantResources

    async def work(runtime):
        await runtime.store.put_tenant("alza", supplier, True)
        made = await runtime.families["supplierAuth"].create_client(supplier, ())
        resources = TenantResources(runtime.surface, runtime.store, supplier)
        for n in range(orders):
            await resources.seed("orders", {
                "id": f"ord_{n}", "orderNumber": f"10{n}", "orderDate": DAY, "totalPrice": 499.0,
                "items": [{"alzaCode": "ABC123", "supplierCode": "SUP-1", "ean": None, "name": "USB-C cable",
                           "quantity": 2, "unitPrice": 249.5}]})
        return made.client_id, made.client_secret
    return provision("alza", state_dir, backend, work)


def test_alza_client_credentials_pages_and_renewal_after_401(tmp_path, backend, tsc, monkeypatch):  # noqa: F811
    specs = copy_specs(tmp_path, "alza", lambda text: text.replace("tokenTtlSeconds: 3600", "tokenTtlSeconds: 1"))
    monkeypatch.setitem(servers.SPECS, "alza", specs)
    package = generate_client("alza", tmp_path / "client", specs=specs)
    js = compile_journey(tsc, package, ALZA)
    client_id, client_secret = alza_setup(tmp_path, backend)
    server = serve("alza", backend, tmp_path)
    try:
        out = run_journey(js, {"BASE_URL": server.url, "CLIENT_ID": client_id, "CLIENT_SECRET": client_secret,
                               "DAY": DAY})
    finally:
        server.stop()
    pages = out["pages"]
    assert pages["items"] == 2 and pages["hasNext"] is True and pages["totalPages"] == 3
    assert sorted(pages["numbers"]) == [f"10{n}" for n in range(5)]
    assert pages["tokenCalls"] == 1 and pages["firstCall"] == "/connect/token"  # one token, fetched first
    renewed = out["renewed"]
    assert renewed["status"] == "Acknowledged"
    assert renewed["calls"] == ["401 /api/v1/orders/101/acknowledgement", "200 /connect/token",
                                "200 /api/v1/orders/101/acknowledgement"], renewed  # refused, renewed, again
    missing = out["missing"]
    assert missing["notFound"] is True and missing["status"] == 404
    assert missing["body"]["status"] == 404 and missing["body"]["title"] == missing["message"]  # problem+json
    assert missing["code"] == missing["body"]["code"]
    assert out["wrong"] == {"auth": True, "status": 401, "code": "invalid_client"}


# --------------------------------------------------------------------------------------------
# Alva: an approved shop's API key, Idempotency-Key required on writes (made by the client, the
# same on a retry), cursor pages, {"error": {code, message, details}}

ALVA = RECORDER + """
import { BadRequestError, NotFoundError, createClient } from "../src/index.js";

const client = createClient({ baseUrl: env.BASE_URL!, apiKey: env.KEY!, fetch: recorder });
const made = [];
for (let n = 0; n < 5; n++) {
  made.push(await client.mappings.upsert({ shopify_product_id: `gid://shopify/Product/${n}`, asset_ids: [`ast_${n}`], title: `Product ${n}` }));
}
const page = await client.mappings.list({ limit: 2 });
const walked: string[] = [];
for await (const mapping of client.mappings.listAll({ limit: 2 })) {
  walked.push(mapping.id);
}
emit("pages", { items: page.items.length, hasNext: page.hasNext, cursor: page.nextCursor !== null, walked,
                made: made.map((m) => m.id) });

// the answer of an upsert is lost: the client sends it again with the same key
calls.length = 0;
loseNextAnswer("POST");
const retried = await client.mappings.upsert({ shopify_product_id: "gid://shopify/Product/9", asset_ids: ["ast_9"] });
const posts = calls.filter((c) => c.method === "POST");
let total = 0;
for await (const _ of client.mappings.listAll({ limit: 50 })) {
  total++;
}
emit("retry", { posts: posts.length, keys: new Set(posts.map((p) => p.headers.get("Idempotency-Key"))).size,
                keyed: posts.every((p) => p.headers.get("Idempotency-Key")), id: retried.id, total });

try {
  await client.mappings.get("map_missing");
} catch (error) {
  const e = error as NotFoundError;
  emit("missing", { notFound: error instanceof NotFoundError, code: e.code, message: e.message, body: e.body });
}
try {
  await client.mappings.upsert({ shopify_product_id: "gid://shopify/Product/1", asset_ids: [] });
} catch (error) {
  const e = error as BadRequestError;
  emit("invalid", { bad: error instanceof BadRequestError, status: e.status, details: e.details });
}
"""


def alva_key(state_dir, backend, shop="shop_a.myshopify.com"):
    from specloom.runtime.services.resources import TenantResources

    async def work(runtime):
        await runtime.store.put_tenant("alva", shop, True)
        assets = TenantResources(runtime.surface, runtime.store, shop)
        for n in range(10):
            await assets.seed("assets", {"id": f"ast_{n}", "filename": f"book-{n}.pdf",
                                         "content_type": "application/pdf", "size_bytes": 3, "sha256": "0" * 64,
                                         "source_url": None})
        return (await runtime.api_keys.issue(shop, ("admin:*",))).token
    return provision("alva", state_dir, backend, work)


def test_alva_idempotent_writes_pages_and_errors(tmp_path, tsc):  # noqa: F811
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    package = generate_client("alva", tmp_path / "client")
    js = compile_journey(tsc, package, ALVA)
    token = alva_key(tmp_path, backend)
    server = serve("alva", backend, tmp_path)
    try:
        out = run_journey(js, {"BASE_URL": server.url, "KEY": token})
    finally:
        server.stop()
    pages = out["pages"]
    assert pages["items"] == 2 and pages["hasNext"] is True and pages["cursor"] is True
    assert sorted(pages["walked"]) == sorted(pages["made"])
    retry = out["retry"]
    assert retry["posts"] == 2 and retry["keys"] == 1 and retry["keyed"] is True, retry
    assert retry["total"] == 6  # five, and the one retried made once
    missing = out["missing"]
    assert missing["notFound"] is True and set(missing["body"]) == {"error"}
    assert missing["code"] == missing["body"]["error"]["code"] and missing["message"] == missing["body"]["error"]["message"]
    invalid = out["invalid"]
    assert invalid["bad"] is True and invalid["details"] and invalid["details"][0]["path"].endswith("asset_ids")


# --------------------------------------------------------------------------------------------
# Aly: a merchant key bound to one store (the tenant given once), public storefront reads and
# carts without a credential, cursor pages, a lost answer retried with its Idempotency-Key,
# 403 for another store, {"error": {code, message, details}}

ALY = RECORDER + """
import { NotFoundError, PermissionDeniedError, createClient } from "../src/index.js";

const merchant = createClient({ baseUrl: env.BASE_URL!, store: "store_a", apiKey: env.KEY!, fetch: recorder });
const made: Awaited<ReturnType<typeof merchant.products.create>>[] = [];
for (let n = 0; n < 4; n++) {
  made.push(await merchant.products.create({ title: `Shirt ${n}`, handle: `shirt-${n}`, price: 4900 + n, status: "active" }));
}
calls.length = 0;
loseNextAnswer("POST");
made.push(await merchant.products.create({ title: "Shirt 4", handle: "shirt-4", price: 4904, status: "active" }));
const posts = calls.filter((c) => c.method === "POST");
emit("retry", { posts: posts.length, keys: new Set(posts.map((p) => p.headers.get("Idempotency-Key"))).size,
                statuses: posts.map((p) => p.status) });
await merchant.products.create({ title: "Draft", handle: "draft", price: 1, status: "draft" });

const shopper = createClient({ baseUrl: env.BASE_URL!, store: "store_a" });  // no credential: the storefront
const first = await shopper.catalog.listStorefrontProducts({ limit: 2 });
const shown: string[] = [];
for await (const product of shopper.catalog.listStorefrontProductsAll({ limit: 2 })) {
  shown.push(product.handle);
}
emit("pages", { items: first.items.length, hasNext: first.hasNext, shown });
const product = await shopper.catalog.getStorefrontProduct(made[1]!.id);
let cart = await shopper.cart.create({ currency: "usd" });
cart = await shopper.cart.addLineItems(cart.id, { line_items: [{ product_id: made[0]!.id, quantity: 2 }] });
emit("cart", { product: product.handle, lines: cart.line_items.map((l) => [l.product_id === made[0]!.id, l.quantity]) });

try {
  await shopper.catalog.getStorefrontProduct("prod_missing");
} catch (error) {
  const e = error as NotFoundError;
  emit("missing", { notFound: error instanceof NotFoundError, code: e.code, message: e.message, body: e.body });
}
try {
  await createClient({ baseUrl: env.BASE_URL!, store: "store_b", apiKey: env.KEY! }).products.create(
    { title: "Elsewhere", handle: "elsewhere", price: 1, status: "active" });
} catch (error) {
  const e = error as PermissionDeniedError;
  emit("elsewhere", { forbidden: error instanceof PermissionDeniedError, status: e.status, code: e.code });
}
"""


def test_aly_tenant_bound_once_storefront_pages_retry_and_errors(tmp_path, backend, tsc):  # noqa: F811
    package = generate_client("aly", tmp_path / "client")
    js = compile_journey(tsc, package, ALY)
    token = issue_key("aly", tmp_path, backend, "store_a").token
    server = serve("aly", backend, tmp_path)
    try:
        out = run_journey(js, {"BASE_URL": server.url, "KEY": token})
    finally:
        server.stop()
    assert out["retry"]["posts"] == 2 and out["retry"]["keys"] == 1, out["retry"]
    pages = out["pages"]
    assert pages["items"] == 2 and pages["hasNext"] is True
    assert sorted(pages["shown"]) == [f"shirt-{n}" for n in range(5)]  # each once (the retried one too), no draft
    assert out["cart"] == {"product": "shirt-1", "lines": [[True, 2]]}
    missing = out["missing"]
    assert missing["notFound"] is True and missing["body"]["error"]["message"] == missing["message"]
    assert missing["code"] == missing["body"]["error"]["code"]
    assert out["elsewhere"]["forbidden"] is True and out["elsewhere"]["status"] == 403


# --------------------------------------------------------------------------------------------
# Scalev: a publishable storefront key and the store bound once; a customer registers and logs
# in (the client keeps the tokens), walks their orders both ways by cursor, and when the access
# token has expired the client trades the refresh token and repeats the call; a guest token is
# kept too; {"error": message, "error_code": code}

STORE = "kopi"

SCALEV = RECORDER + """
import { AuthenticationError, NotFoundError, createClient, type Credentials } from "../src/index.js";

const renewed: Credentials[] = [];
const shopper = createClient({ baseUrl: env.BASE_URL!, storeId: env.STORE!, publishableKey: env.SFPK!, fetch: recorder,
                               onCredentials: (c) => renewed.push(c) });
const me = await shopper.customerAuth.register({ email: "siti@example.com", password: "correct-horse-battery", name: "Siti" });
await shopper.customerAuth.login({ email: "siti@example.com", password: "correct-horse-battery" });
const kept = shopper.credentials;
const current = await shopper.customer.getCurrent();
emit("session", { kept: Boolean(kept.customerToken && kept.customerRefreshToken), email: current.email,
                  same: current.id === me.id, told: renewed.length });

const business = createClient({ baseUrl: env.BASE_URL!, apiKey: env.BIZ! });
for (let n = 0; n < 5; n++) {
  await business.orders.create({ customer_id: me.id, items: [{ product_id: `prd_${n}`, quantity: 1, price: 1000 + n }], total: 1000 + n });
}
const page1 = await shopper.customer.listCurrentOrders({ page_size: 2 });
const page2 = await page1.next();
const back = await page2!.previous();
const walked: string[] = [];
for await (const order of shopper.customer.listCurrentOrdersAll({ page_size: 2 })) {
  walked.push(order.id);
}
emit("pages", { first: page1.items.map((o) => o.id), second: page2!.items.map((o) => o.id),
                back: back!.items.map((o) => o.id), hasPrevious: page2!.hasPrevious, walked });

await new Promise((resolve) => setTimeout(resolve, 2200));  // the access token has expired
calls.length = 0;
const again = await shopper.customer.getCurrent();
emit("renewal", { calls: calls.map((c) => `${c.status} ${c.path}`), same: again.id === me.id,
                  rotated: shopper.credentials.customerRefreshToken !== kept.customerRefreshToken,
                  told: renewed.length });

try {
  await shopper.customer.getCurrentOrder("ord_missing");
} catch (error) {
  const e = error as NotFoundError;
  emit("missing", { notFound: error instanceof NotFoundError, message: e.message, code: e.code, body: e.body });
}
try {
  await createClient({ baseUrl: env.BASE_URL!, storeId: env.STORE!, publishableKey: env.SFPK! }).customerAuth.login(
    { email: "siti@example.com", password: "wrong-password" });
} catch (error) {
  const e = error as AuthenticationError;
  emit("wrongPassword", { auth: error instanceof AuthenticationError, status: e.status, code: e.code });
}
const guest = createClient({ baseUrl: env.BASE_URL!, storeId: env.STORE!, publishableKey: env.SFPK! });
await guest.customerAuth.issueGuestToken();
const products = await guest.storefront.listProducts({ page_size: 5 });
emit("guest", { kept: Boolean(guest.credentials.guestToken), listed: Array.isArray(products.items) });
"""


def scalev_setup(state_dir, backend):
    async def work(runtime):
        business = (await runtime.api_keys.issue(STORE, ("admin:*",))).token
        storefront = (await runtime.families["storefrontKey"].issue(STORE, (), origins=[]))["token"]
        return business, storefront
    return provision("scalev", state_dir, backend, work)


def test_scalev_customer_session_pages_both_ways_and_refresh(tmp_path, backend, tsc, monkeypatch):  # noqa: F811
    specs = copy_specs(tmp_path, "scalev", lambda text: text.replace("accessTokenTtlSeconds: 900",
                                                                     "accessTokenTtlSeconds: 1"))
    monkeypatch.setitem(servers.SPECS, "scalev", specs)
    package = generate_client("scalev", tmp_path / "client", specs=specs)
    js = compile_journey(tsc, package, SCALEV)
    business, storefront = scalev_setup(tmp_path, backend)
    server = serve("scalev", backend, tmp_path)
    try:
        out = run_journey(js, {"BASE_URL": server.url, "STORE": STORE, "BIZ": business, "SFPK": storefront})
    finally:
        server.stop()
    session = out["session"]
    assert session["kept"] is True and session["email"] == "siti@example.com" and session["same"] is True
    assert session["told"] >= 1  # onCredentials heard of the login's tokens
    pages = out["pages"]
    assert len(pages["first"]) == 2 and len(pages["second"]) == 2 and not set(pages["first"]) & set(pages["second"])
    assert pages["back"] == pages["first"] and pages["hasPrevious"] is True  # previous_cursor leads back
    assert len(pages["walked"]) == len(set(pages["walked"])) == 5
    renewal = out["renewal"]
    store = f"/v3/stores/{STORE}"
    assert renewal["calls"] == [f"401 {store}/customers/me", f"200 {store}/public/auth/jwt/refresh",
                                f"200 {store}/customers/me"], renewal
    # told of every renewal (tokens live 1 s here: the page walk above may have needed one too)
    assert renewal["same"] is True and renewal["rotated"] is True and renewal["told"] >= 2
    missing = out["missing"]
    assert missing["notFound"] is True and missing["body"]["error"] == missing["message"]
    assert missing["code"] == missing["body"].get("error_code")
    assert out["wrongPassword"]["auth"] is True and out["wrongPassword"]["status"] == 401
    assert out["guest"] == {"kept": True, "listed": True}
