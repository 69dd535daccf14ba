"""The generated Shopvo TypeScript client (issue 16), compiled with `tsc --strict` and run with
Node.js against a real `specloom serve shopvo --demo`, on SQLite and PostgreSQL: the source's
own SDK example, unmodified but for the import line and its placeholder values; signed writes
succeed and a wrong signing secret gets 401; a journey through pages, errors and an idempotent
retry."""

from __future__ import annotations

import pytest

from tests.sdk_typescript import compile_journey, generate_client, issue_key, run_journey, tsc  # noqa: F401
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
import { AuthenticationError, createClient } from "../src/index.js";

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
