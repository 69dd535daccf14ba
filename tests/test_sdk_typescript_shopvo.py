"""The generated Shopvo TypeScript client (issue 16), compiled with `tsc --strict` and run with
Node.js against a real `specloom serve shopvo --demo`, on SQLite and PostgreSQL: the source's
own SDK example, unmodified but for the import line and its placeholder values; signed writes
succeed and a wrong signing secret gets 401; a journey through pages, errors and an idempotent
retry."""

from __future__ import annotations

import pytest

from tests.sdk_typescript import compile_journey, generate_client, issue_key, provision, run_journey, tsc  # noqa: F401
from tests.servers import Server

pytestmark = pytest.mark.slow

# The source's example, as the Shopvo reference prints it (docs/sdk.md shows it beside the
# generated client); only the import line is ours, and the four placeholder values are
# replaced by the test's server, key, secret and site.
SOURCE_EXAMPLE = """\
const client = createClient({ apiKey: "sk_live_…", signingSecret: "sks_…", siteId: "site_…", baseUrl: "https://your-domain" });
const { items } = await client.products.list({ limit: 20, expand: ["variants"] });
const product = await client.products.get("classic-white-t-shirt");
const variants = await client.products.listVariants("prd_abc");
const variant = await client.products.createVariant("prd_abc", { name: "Large / Black", inventoryCount: 10, options: { Size: "Large", Color: "Black" } });
const { items: orders } = await client.orders.list({ status: "CONFIRMED" });
const order = await client.orders.get("ORD-1042");
const { items: customers } = await client.customers.list({ search: "jane" });
"""

EXAMPLE_RESULTS = """
emit("items", items.map((p) => ({ id: p.id, variants: (p as { variants?: unknown[] }).variants?.length ?? null })));
emit("product", { id: product.id, slug: product.slug });
emit("variants", variants.map((v) => v.productId));
emit("variant", { productId: variant.productId, name: variant.name, inventoryCount: variant.inventoryCount });
emit("orders", orders.map((o) => o.status));
emit("order", { number: order.number, status: order.status });
emit("customers", customers.map((c) => c.email));
"""

WRONG_SECRET = """
import { AuthenticationError, createClient, type types } from "../src/index.js";

const contentPage: types.Page | null = null;  // the spec's own Page schema, beside the client's Page
emit("typesPage", contentPage);

const wrong = createClient({ apiKey: env.KEY!, signingSecret: "sks_wrong", siteId: "site_demo", baseUrl: env.BASE_URL! });
try {
  await wrong.products.createVariant("prd_abc", { name: "Wrong secret", options: { Size: "S" } });
  emit("wrong", "no error");
} catch (error) {
  emit("wrong", { kind: error instanceof AuthenticationError, status: (error as AuthenticationError).status,
                  message: (error as AuthenticationError).message });
}
const unsigned = createClient({ apiKey: env.KEY!, siteId: "site_demo", baseUrl: env.BASE_URL! });
try {
  await unsigned.products.get("prd_abc");
  emit("unsigned", "no error");
} catch (error) {
  emit("unsigned", (error as AuthenticationError).status);
}
"""


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'shopvo.db'}"


@pytest.fixture
def shopvo(tmp_path, backend):
    server = Server("shopvo", backend, tmp_path, args=("--demo",)).start().wait_ready()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def package(tmp_path_factory, tsc):  # noqa: F811
    return generate_client("shopvo", tmp_path_factory.mktemp("shopvo-ts") / "client")


def test_the_sources_example_runs_unmodified_signed(shopvo, tmp_path, tsc, package):  # noqa: F811
    key = issue_key("shopvo", tmp_path, shopvo.backend, "site_demo", signing_secret=True)
    assert key.signing_secret
    example = (SOURCE_EXAMPLE.replace('"sk_live_…"', "env.KEY!").replace('"sks_…"', "env.SECRET!")
               .replace('"site_…"', '"site_demo"').replace('"https://your-domain"', "env.BASE_URL!"))
    script = 'import { createClient } from "../src/index.js";\n' + example + EXAMPLE_RESULTS
    js = compile_journey(tsc, package, script, "example")
    out = run_journey(js, {"KEY": key.token, "SECRET": key.signing_secret, "BASE_URL": shopvo.url})
    assert out["items"] and all(p["variants"] is not None for p in out["items"]), out["items"]  # expanded
    assert out["product"]["slug"] == "classic-white-t-shirt"
    assert out["variants"] and set(out["variants"]) == {"prd_abc"}
    assert out["variant"] == {"productId": "prd_abc", "name": "Large / Black", "inventoryCount": 10}
    assert out["orders"] and set(out["orders"]) == {"CONFIRMED"}
    assert out["order"]["number"] == "ORD-1042"
    assert out["customers"] and all("jane" in e for e in out["customers"])

    # the same key with a wrong secret: 401 in Shopvo's envelope; without any secret, too
    js = compile_journey(tsc, package, WRONG_SECRET, "wrong_secret")
    out = run_journey(js, {"KEY": key.token, "BASE_URL": shopvo.url})
    assert out["wrong"]["kind"] is True and out["wrong"]["status"] == 401, out
    assert out["unsigned"] == 401


JOURNEY = """
import { ConflictError, NotFoundError, RateLimitError, createClient, type Page, type ProductSparse } from "../src/index.js";

const seen: { method: string; key: string | null; signature: string | null }[] = [];
let dropNextPost = false;
let answer429 = 0;
let inFlightOnce = false;
// the network between client and server: loses the answer of one write after the server made
// it, or answers 429 itself (Retry-After: 1) before passing requests on
const network: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  seen.push({ method: init?.method ?? "GET", key: headers.get("Idempotency-Key"), signature: headers.get("X-Shopvo-Signature") });
  if (answer429 > 0) {
    answer429--;
    return new Response(JSON.stringify({ error: "Too many requests" }), { status: 429, headers: { "Retry-After": "1" } });
  }
  if (inFlightOnce && init?.method === "POST" && !dropNextPost) {
    inFlightOnce = false;  // what the server answers a retry while the first is still being processed
    return new Response(JSON.stringify({ error: "A request with this Idempotency-Key is still being processed" }),
                        { status: 409 });
  }
  const response = await fetch(input, init);
  if (dropNextPost && init?.method === "POST") {
    dropNextPost = false;
    await response.text();
    throw new TypeError("fetch failed: connection reset");
  }
  return response;
};
const client = createClient({ apiKey: env.KEY!, signingSecret: env.SECRET!, siteId: "site_demo", baseUrl: env.BASE_URL!, fetch: network });

// pagination: every product, one per page, by cursor; and the page-numbered total
const first: Page<ProductSparse> = await client.products.list({ limit: 100 });
const walked: string[] = [];
for await (const product of client.products.listAll({ limit: 1 })) {
  walked.push(String(product.id));
}
emit("walk", { total: first.total, walked, unique: new Set(walked).size });
const page1 = await client.products.list({ limit: 1, page: 1 });
const page2 = await page1.next();
emit("pages", { first: page1.items[0]?.id ?? null, second: page2?.items[0]?.id ?? null, totalPages: page1.totalPages });

// an error in Shopvo's envelope
try {
  await client.products.get("prd_does_not_exist");
  emit("missing", "no error");
} catch (error) {
  const e = error as NotFoundError;
  emit("missing", { notFound: error instanceof NotFoundError, status: e.status, message: e.message, body: e.body });
}

// an idempotent retry: the server made the variant, its answer was lost, the client sent the
// same write again with the same Idempotency-Key and got the same variant back
const before = (await client.products.listVariants("prd_abc")).length;
seen.length = 0;
dropNextPost = true;
const made = await client.products.createVariant("prd_abc", { name: "Retry / Blue", options: { Size: "M", Color: "Blue" } });
const posts = seen.filter((s) => s.method === "POST");
const after = (await client.products.listVariants("prd_abc")).length;
emit("retry", { posts: posts.length, keys: new Set(posts.map((p) => p.key)).size, key: posts[0]?.key ?? null,
                signed: posts.every((p) => p.signature !== null), before, after, name: made.name });

// lost again, and the retry finds the first still in flight (409): the client waits and asks again
seen.length = 0;
dropNextPost = true;
inFlightOnce = true;
const patient = await client.products.createVariant("prd_abc", { name: "Retry / Green", options: { Size: "S", Color: "Green" } });
const tries = seen.filter((s) => s.method === "POST");
emit("inFlight", { posts: tries.length, keys: new Set(tries.map((p) => p.key)).size, name: patient.name,
                   made: (await client.products.listVariants("prd_abc")).filter((v) => v.name === "Retry / Green").length });

// the same key given by the caller, with another body: 409 in Shopvo's envelope
try {
  await client.products.createVariant("prd_abc", { name: "Other body", options: { Size: "L" } }, { idempotencyKey: posts[0]?.key ?? "" });
  emit("reuse", "no error");
} catch (error) {
  emit("reuse", { conflict: error instanceof ConflictError, status: (error as ConflictError).status });
}

// 429 with Retry-After: waited, then the same request again
answer429 = 1;
const t0 = Date.now();
const again = await client.products.get("prd_abc");
emit("rateLimited", { id: again.id, waitedMs: Date.now() - t0 });
answer429 = 10;
try {
  await createClient({ apiKey: env.KEY!, siteId: "site_demo", baseUrl: env.BASE_URL!, fetch: network, maxRetries: 0 }).products.get("prd_abc");
} catch (error) {
  emit("gaveUp", { rateLimit: error instanceof RateLimitError, status: (error as RateLimitError).status });
}
answer429 = 0;
"""


def test_a_journey_pages_errors_and_an_idempotent_retry(shopvo, tmp_path, tsc, package):  # noqa: F811
    key = issue_key("shopvo", tmp_path, shopvo.backend, "site_demo", signing_secret=True)
    js = compile_journey(tsc, package, JOURNEY)
    out = run_journey(js, {"KEY": key.token, "SECRET": key.signing_secret, "BASE_URL": shopvo.url})
    walk = out["walk"]
    assert walk["total"] >= 2 and len(walk["walked"]) == walk["total"] == walk["unique"], walk
    pages = out["pages"]
    assert pages["first"] and pages["second"] and pages["first"] != pages["second"]
    assert pages["totalPages"] == walk["total"]
    missing = out["missing"]
    assert missing["notFound"] is True and missing["status"] == 404
    assert missing["body"] == {"error": missing["message"]}  # Shopvo's error envelope: {error: message}
    retry = out["retry"]
    assert retry["posts"] == 2 and retry["keys"] == 1 and retry["key"], retry  # one key, sent twice
    assert retry["signed"] is True
    assert retry["after"] == retry["before"] + 1, retry  # made once
    assert retry["name"] == "Retry / Blue"
    assert out["inFlight"] == {"posts": 3, "keys": 1, "name": "Retry / Green", "made": 1}, out["inFlight"]
    assert out["reuse"] == {"conflict": True, "status": 409}
    assert out["rateLimited"]["id"] == "prd_abc" and out["rateLimited"]["waitedMs"] >= 900
    assert out["gaveUp"] == {"rateLimit": True, "status": 429}


RATE_LIMITED = """
import { RateLimitError, createClient } from "../src/index.js";

const impatient = createClient({ apiKey: env.KEY!, siteId: "site_demo", baseUrl: env.BASE_URL!, maxRetries: 0 });
let served = 0;
let limited: RateLimitError | null = null;
while (limited === null && served < 100) {
  try {
    await impatient.products.get("prd_abc");
    served++;
  } catch (error) {
    if (!(error instanceof RateLimitError)) {
      throw error;
    }
    limited = error;
  }
}
emit("limited", { served, status: limited?.status ?? null, retryAfter: limited?.retryAfter ?? null,
                  message: limited?.message ?? null });
"""


def test_the_servers_own_429_is_a_rate_limit_error_with_retry_after(tmp_path, tsc, package):  # noqa: F811
    """A key on Shopvo's smallest plan (30 requests a minute): the server's own 429 comes after
    the 30th; a client told not to retry throws RateLimitError carrying its Retry-After."""
    backend = f"sqlite:///{tmp_path / 'shopvo.db'}"

    async def work(runtime):
        return (await runtime.api_keys.issue("site_demo", ("admin:*",), rate_limits={"plan": 30})).token
    token = provision("shopvo", tmp_path, backend, work)
    server = Server("shopvo", backend, tmp_path, args=("--demo",)).start().wait_ready()
    try:
        js = compile_journey(tsc, package, RATE_LIMITED, "rate_limited")
        out = run_journey(js, {"KEY": token, "BASE_URL": server.url})
    finally:
        server.stop()
    limited = out["limited"]
    assert limited["status"] == 429 and 30 <= limited["served"] <= 60, limited  # a window may turn meanwhile
    assert 0 < limited["retryAfter"] <= 60 and limited["message"]
