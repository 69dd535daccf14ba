"""The generated Python clients, pip-installed from their output folders, driven through short
journeys against a real `specloom serve` (a subprocess): pages walked, typed errors with the
surface's envelope, signing, idempotent retries through a lost answer, 429s waited out after
Retry-After, and tokens renewed after a 401."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests import servers
from tests.sdk_python_support import LossyProxy, copy_specs, install_and_import, provision
from tests.servers import Server

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    if request.param == "postgres":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'sdk.db'}"


def serve(surface: str, backend: str, state_dir, **kw) -> Server:
    return Server(surface, backend, state_dir, **kw).start().wait_ready()


async def _note(statuses: list[int], response: httpx.Response) -> None:
    statuses.append(response.status_code)


def recorder(statuses: list[int]) -> httpx.Client:
    """An httpx client that notes every status it receives (retries included)."""
    return httpx.Client(timeout=30, trust_env=False, event_hooks={"response": [lambda r: statuses.append(r.status_code)]})


# --------------------------------------------------------------------------------------------
# Shopvo: API key bearer, site bound once, HMAC signing, optional Idempotency-Key, offset/cursor pages


def shopvo_key(state_dir, backend, *, signing: bool, tenant: str = "site_a"):
    async def work(runtime):
        issued = await runtime.api_keys.issue(tenant, ("admin:*",), signing_secret=signing)
        return issued.token, issued.signing_secret
    return provision("shopvo", state_dir, backend, work)


def test_shopvo_sync_journey(tmp_path, backend):
    shopvo = install_and_import("shopvo", tmp_path)
    token, secret = shopvo_key(tmp_path, backend, signing=True)
    server = serve("shopvo", backend, tmp_path)
    try:
        with shopvo.Client(server.url, site_id="site_a", api_key=token, signing_secret=secret) as client:
            made = [client.products.create({"name": f"Tee {i}", "slug": f"tee-{i}", "price": 1000 + i})
                    for i in range(5)]
            assert [p["slug"] for p in made] == [f"tee-{i}" for i in range(5)]

            first = client.products.list(limit=2)
            assert isinstance(first, shopvo.Page) and len(first.items) == 2 and first.has_next
            walked = list(client.products.list_all(limit=2))  # three pages, asked for one after another
            assert sorted(p["slug"] for p in walked) == sorted(p["slug"] for p in made)
            # asked for a page number, the same list pages by number
            second = client.products.list(page=2, limit=2)
            assert (second.page, second.total_pages, second.total, second.has_next) == (2, 3, 5, True)
            third = second.next_page()
            assert third is not None and third.page == 3 and len(third.items) == 1 and not third.has_next
            assert [p["id"] for p in [*first, *second, *third]] == [p["id"] for p in walked]

            product = client.products.get("tee-3")  # by slug, as the reference's example
            # the same signed GET again at once: the server takes a signature once, the client
            # signs the repeat with the next second
            assert client.products.get("tee-3") == product
            assert product["id"] == made[3]["id"] and product["price"] == 1003
            variant = client.products.create_variant(made[0]["id"], {
                "name": "Large / Black", "inventoryCount": 10, "options": {"Size": "Large", "Color": "Black"}})
            variants = client.products.list_variants(made[0]["id"])
            assert variant["id"] in [v["id"] for v in variants]
            assert client.orders.list(status="CONFIRMED").items == []
            assert client.customers.list(search="jane").items == []

            with pytest.raises(shopvo.NotFoundError) as missing:
                client.products.get("no-such-product")
            assert missing.value.status == 404 and set(missing.value.envelope) == {"error"}
            assert missing.value.message == missing.value.envelope["error"]
            with pytest.raises(shopvo.BadRequestError) as invalid:
                client.products.list(limit=500)
            assert "limit" in invalid.value.message

        # a wrong signing secret: the write is refused (401 in the surface's envelope) and made nothing
        with shopvo.Client(server.url, site_id="site_a", api_key=token, signing_secret="sks_wrong") as wrong:
            with pytest.raises(shopvo.AuthenticationError) as refused:
                wrong.products.create({"name": "Forged", "slug": "forged", "price": 1})
            assert set(refused.value.envelope) == {"error"}
        with shopvo.Client(server.url, site_id="site_a", api_key=token, signing_secret=secret) as client:
            with pytest.raises(shopvo.NotFoundError):
                client.products.get("forged")
    finally:
        server.stop()


def test_shopvo_idempotent_write_survives_a_lost_answer(tmp_path):
    """The answer to a create is lost on the way back: the client sends the write again with the
    same Idempotency-Key, the server answers it with the first answer, and one product exists."""
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    shopvo = install_and_import("shopvo", tmp_path)
    token, secret = shopvo_key(tmp_path, backend, signing=True)
    server = serve("shopvo", backend, tmp_path)
    proxy = LossyProxy(server.port, marker=b"POST /api/v1/site_a/products ")
    try:
        with shopvo.Client(proxy.url, site_id="site_a", api_key=token, signing_secret=secret) as client:
            product = client.products.create({"name": "Once", "slug": "once", "price": 500})
            assert proxy.dropped == 1
            posts = [h for h in proxy.heads if h.startswith(b"POST ")]
            keys = {line.split(b":", 1)[1].strip() for h in posts for line in h.split(b"\r\n")
                    if line.lower().startswith(b"idempotency-key:")}
            assert len(posts) == 2 and len(keys) == 1  # one logical write, one key, sent twice
            assert [p["id"] for p in client.products.list_all(search="once")] == [product["id"]]
            # a second logical write gets a key of its own (a new product, not a replay)
            other = client.products.create({"name": "Twice", "slug": "twice", "price": 500})
            assert other["id"] != product["id"]
    finally:
        proxy.close()
        server.stop()


def test_shopvo_429_is_retried_after_retry_after(tmp_path, monkeypatch):
    """A plan of 3 requests per 2 s window: a request over it is answered 429 with Retry-After,
    and the client waits that long and sends it again."""
    specs = copy_specs(tmp_path, "shopvo", lambda text: text.replace(
        "    - name: plan\n      limit: 1000\n      windowSeconds: 60\n",
        "    - name: plan\n      limit: 3\n      windowSeconds: 2\n").replace(
        "credentialLimits: { minimum: 30, maximum: 1000 }", "credentialLimits: { minimum: 1, maximum: 1000 }"))
    assert "limit: 3\n      windowSeconds: 2" in (specs / "shopvo" / "openapi.yaml").read_text()
    monkeypatch.setitem(servers.SPECS, "shopvo", specs)
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    shopvo = install_and_import("shopvo", tmp_path, spec=specs / "shopvo" / "openapi.yaml")
    token, _ = shopvo_key(tmp_path, backend, signing=False)
    server = serve("shopvo", backend, tmp_path)
    statuses: list[int] = []
    try:
        with shopvo.Client(server.url, site_id="site_a", api_key=token, http_client=recorder(statuses)) as client:
            for _ in range(8):  # more than two windows' worth: at least one 429 however the windows fall
                assert client.products.list(limit=1).items == []
        assert 429 in statuses and statuses[-1] == 200
        assert statuses.count(200) == 8
        # a caller that will not wait gets the 429 as a RateLimitError saying how long to wait
        with shopvo.Client(server.url, site_id="site_a", api_key=token, max_retries=0) as impatient:
            with pytest.raises(shopvo.RateLimitError) as limited:
                for _ in range(8):
                    impatient.products.list(limit=1)
            assert 0 < limited.value.retry_after <= 2 and "Rate limit" in limited.value.message
    finally:
        server.stop()


def test_shopvo_async_client_walks_pages(tmp_path):
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    shopvo = install_and_import("shopvo", tmp_path)
    token, secret = shopvo_key(tmp_path, backend, signing=True)
    server = serve("shopvo", backend, tmp_path)
    proxy = LossyProxy(server.port, marker=b"POST /api/v1/site_a/products ")

    async def journey():
        async with shopvo.AsyncClient(proxy.url, site_id="site_a", api_key=token, signing_secret=secret) as client:
            made = await asyncio.gather(*[client.products.create({"name": f"A{i}", "slug": f"a-{i}", "price": 100})
                                          for i in range(3)])
            assert proxy.dropped == 1  # one create's answer was lost: it was sent again with its key
            posts = [h for h in proxy.heads if h.startswith(b"POST ")]
            keys = [line.split(b":", 1)[1].strip() for h in posts for line in h.split(b"\r\n")
                    if line.lower().startswith(b"idempotency-key:")]
            assert len(posts) == 4 and len(set(keys)) == 3
            seen = [p["id"] async for p in client.products.list_all(limit=1)]
            assert sorted(seen) == sorted(p["id"] for p in made)  # three products, none twice
            with pytest.raises(shopvo.NotFoundError):
                await client.products.get("nothing-here")
    try:
        asyncio.run(journey())
    finally:
        proxy.close()
        server.stop()


# --------------------------------------------------------------------------------------------
# Alza: OAuth client credentials (token fetched, renewed after a 401), problem+json errors, pages


DAY = "2026-06-05"


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


def test_alza_client_credentials_journey_renews_its_token_after_a_401(tmp_path, monkeypatch):
    """Tokens live 1 s here (a copy of the spec): the client fetches one before its first call,
    and once it has expired the server's 401 makes the client fetch another and retry."""
    import time

    specs = copy_specs(tmp_path, "alza", lambda text: text.replace("tokenTtlSeconds: 3600", "tokenTtlSeconds: 1"))
    monkeypatch.setitem(servers.SPECS, "alza", specs)
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    alza = install_and_import("alza", tmp_path, spec=specs / "alza" / "openapi.yaml")
    client_id, client_secret = alza_setup(tmp_path, backend)
    server = serve("alza", backend, tmp_path)
    tokens: list[str] = []
    statuses: list[int] = []
    try:
        with alza.Client(server.url, client_id=client_id, client_secret=client_secret, http_client=recorder(statuses),
                         on_tokens=lambda scheme, t: tokens.append(t["access_token"])) as client:
            first = client.orders.list(date=DAY, page_size=2)
            assert len(first.items) == 2 and first.has_next and first.total_pages == 3
            numbers = [o["orderNumber"] for o in client.orders.list_all(date=DAY, page_size=2)]
            assert sorted(numbers) == [f"10{n}" for n in range(5)]
            assert len(tokens) == 1 and statuses[0] == 200  # the token endpoint first, then the lists

            time.sleep(2.2)  # the token has expired on the server
            statuses.clear()
            order = client.orders.acknowledge("101")
            assert order["exportStatus"] == "Acknowledged" and order["acknowledgedAt"]
            assert statuses == [401, 200, 200]  # refused, a new token, the same call again
            assert len(tokens) == 2 and tokens[0] != tokens[1]

            with pytest.raises(alza.NotFoundError) as missing:
                client.orders.get("no-such-order")
            problem = missing.value.envelope
            assert problem["status"] == 404 and problem["title"] == missing.value.message
            assert missing.value.code == problem["code"]

        async def renew_async():
            seen: list[int] = []
            hooks = {"response": [lambda r: _note(seen, r)]}
            async with alza.AsyncClient(server.url, client_id=client_id, client_secret=client_secret,
                                        http_client=httpx.AsyncClient(trust_env=False, event_hooks=hooks)) as aclient:
                assert len([o async for o in aclient.orders.list_all(date=DAY, page_size=2)]) == 5
                await asyncio.sleep(2.2)
                seen.clear()
                assert (await aclient.orders.get("102"))["orderNumber"] == "102"
                assert seen == [401, 200, 200]

        asyncio.run(renew_async())

        with alza.Client(server.url, client_id=client_id, client_secret="wrong") as wrong:
            with pytest.raises(alza.AuthenticationError) as refused:
                wrong.orders.list(date=DAY)
            assert refused.value.code == "invalid_client"
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# Alva: an approved shop's API key (no tenant in paths), Idempotency-Key required on writes,
# cursor pages, {"error": {code, message, details}}


def alva_key(state_dir, backend, shop="shop_a.myshopify.com"):
    from specloom.runtime.services.resources import TenantResources

    async def work(runtime):
        await runtime.store.put_tenant("alva", shop, True)
        assets = TenantResources(runtime.surface, runtime.store, shop)
        for n in range(10):
            await assets.seed("assets", {"id": f"ast_{n}", "filename": f"book-{n}.pdf", "content_type": "application/pdf",
                                         "size_bytes": 3, "sha256": "0" * 64, "source_url": None})
        return (await runtime.api_keys.issue(shop, ("admin:*",))).token
    return provision("alva", state_dir, backend, work)


def test_alva_sync_journey(tmp_path):
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    alva = install_and_import("alva", tmp_path)
    token = alva_key(tmp_path, backend)
    server = serve("alva", backend, tmp_path)
    try:
        with alva.Client(server.url, api_key=token) as client:
            # writes need an Idempotency-Key on Alva: the client sends one of its own
            made = [client.mappings.upsert({"shopify_product_id": f"gid://shopify/Product/{n}",
                                            "asset_ids": [f"ast_{n}"], "title": f"Product {n}"}) for n in range(5)]
            again = client.mappings.upsert({"shopify_product_id": "gid://shopify/Product/0", "asset_ids": ["ast_9"]})
            assert again["id"] == made[0]["id"] and again["asset_ids"] == ["ast_9"]  # upserted by its product

            page = client.mappings.list(limit=2)
            assert len(page.items) == 2 and page.has_next and page.next_cursor
            walked = [m["id"] for m in client.mappings.list_all(limit=2)]
            assert sorted(walked) == sorted(m["id"] for m in made)
            assert client.mappings.get(made[2]["id"])["title"] == "Product 2"

            with pytest.raises(alva.NotFoundError) as missing:
                client.mappings.get("map_missing")
            assert set(missing.value.envelope) == {"error"}
            assert missing.value.code == missing.value.envelope["error"]["code"]
            assert missing.value.message == missing.value.envelope["error"]["message"]
            with pytest.raises(alva.BadRequestError) as invalid:
                client.mappings.upsert({"shopify_product_id": "gid://shopify/Product/1", "asset_ids": []})
            assert invalid.value.details and invalid.value.details[0]["path"].endswith("asset_ids")
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# Aly (async client): a merchant key bound to one store, public storefront reads and carts,
# cursor pages walked with `async for`, 403 for another store


def aly_key(state_dir, backend, store="store_a"):
    async def work(runtime):
        return (await runtime.api_keys.issue(store, ("admin:*",))).token
    return provision("aly", state_dir, backend, work)


def test_aly_async_journey(tmp_path):
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    aly = install_and_import("aly", tmp_path)
    token = aly_key(tmp_path, backend)
    server = serve("aly", backend, tmp_path)

    async def journey():
        async with aly.AsyncClient(server.url, store="store_a", api_key=token) as merchant:
            made = [await merchant.products.create({"title": f"Shirt {n}", "handle": f"shirt-{n}", "price": 4900 + n,
                                                    "status": "active"}) for n in range(5)]
            await merchant.products.create({"title": "Draft", "handle": "draft", "price": 1, "status": "draft"})
            first = await merchant.products.list(limit=2)
            assert len(first.items) == 2 and first.has_next
            assert len([p async for p in merchant.products.list_all(limit=2)]) == 6

        async with aly.AsyncClient(server.url, store="store_a") as shopper:  # no credential: storefront only
            shown = [p["handle"] async for p in shopper.catalog.list_storefront_products_all(limit=2)]
            assert shown == [f"shirt-{n}" for n in range(5)]  # drafts never shown
            product = await shopper.catalog.get_storefront_product("shirt-1")
            assert product["id"] == made[1]["id"]
            cart = await shopper.cart.create({"currency": "usd"})
            cart = await shopper.cart.add_line_items(cart["id"], {"line_items": [
                {"product_id": made[0]["id"], "quantity": 2}]})
            assert [(i["product_id"], i["quantity"]) for i in cart["line_items"]] == [(made[0]["id"], 2)]
            with pytest.raises(aly.NotFoundError):
                await shopper.catalog.get_storefront_product("draft")
            with pytest.raises(aly.BadRequestError) as invalid:
                await shopper.cart.add_line_items(cart["id"], {"line_items": []})
            assert invalid.value.message == "Body did not pass validation."
            assert invalid.value.details and invalid.value.code

        async with aly.AsyncClient(server.url, store="store_b", api_key=token) as elsewhere:
            with pytest.raises(aly.PermissionDeniedError) as mismatch:
                await elsewhere.products.list()
            assert mismatch.value.envelope["error"]["code"] == mismatch.value.code
    try:
        asyncio.run(journey())
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# Scalev: a business key for /v3/*, a publishable storefront key for the store's public routes,
# a customer session (login adopted, renewed with the refresh token after a 401), {error, error_code}


def scalev_keys(state_dir, backend, store="store_a"):
    async def work(runtime):
        business = (await runtime.api_keys.issue(store, ("admin:*",))).token
        storefront = (await runtime.families["storefrontKey"].issue(store))["token"]
        return business, storefront
    return provision("scalev", state_dir, backend, work)


def test_scalev_journey_with_customer_session_refresh(tmp_path, monkeypatch):
    """Customer access tokens live 1 s here (a copy of the spec): after login the client uses
    the access token; once it has expired, the 401 makes it trade the refresh token (rotated)
    and send the call again."""
    import time

    specs = copy_specs(tmp_path, "scalev", lambda text: text.replace(
        "loginField: email, accessTokenTtlSeconds: 900", "loginField: email, accessTokenTtlSeconds: 1"))
    assert "accessTokenTtlSeconds: 1," in (specs / "scalev" / "openapi.yaml").read_text()
    monkeypatch.setitem(servers.SPECS, "scalev", specs)
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    scalev = install_and_import("scalev", tmp_path, spec=specs / "scalev" / "openapi.yaml")
    business_key, storefront_key = scalev_keys(tmp_path, backend)
    server = serve("scalev", backend, tmp_path)
    tokens: list[dict] = []
    statuses: list[int] = []
    try:
        with scalev.Client(server.url, api_key=business_key) as business:
            made = [business.products.create({"name": f"Kaos {n}", "price": 99000 + n, "status": "active"})
                    for n in range(4)]
            business.products.create({"name": "Draft", "price": 1, "status": "draft"})
            page = business.products.list(page_size=2)
            assert len(page.items) == 2 and page.has_next and page.next_cursor
            following = page.next_page()  # Scalev pages both ways by cursor
            assert following is not None and following.has_previous
            back = following.previous_page()
            assert back is not None and [p["id"] for p in back] == [p["id"] for p in page]
            assert len(list(business.products.list_all(page_size=2))) == 5
            with pytest.raises(scalev.UnprocessableEntityError) as invalid:
                business.products.create({"name": "", "price": -1})
            assert invalid.value.envelope["error_code"] == invalid.value.code
            assert invalid.value.message == invalid.value.envelope["error"]

        with scalev.Client(server.url, store_id="store_a", publishable_key=storefront_key,
                           http_client=recorder(statuses),
                           on_tokens=lambda s, t: tokens.append(dict(t)) if s == "customerAccess" else None) as shop:
            listed = [p["id"] for p in shop.storefront.list_products_all(page_size=3)]
            assert sorted(listed) == sorted(p["id"] for p in made)  # the draft is not on the storefront
            # a guest token, kept by the client, makes the carts the guest's own
            guest = shop.customer_auth.issue_guest_token()
            cart = shop.storefront.create_cart({"currency": "IDR"})
            assert cart["owner_id"] == guest["guest_id"]
            cart = shop.storefront.edit_cart_items(cart["id"], {"action": "add",
                                                                "item": {"product_id": made[0]["id"], "quantity": 2}})
            assert [(i["product_id"], i["quantity"]) for i in cart["items"]] == [(made[0]["id"], 2)]
            shop.customer_auth.register({"email": "siti@example.com", "password": "correct-horse-battery",
                                         "name": "Siti"})
            shop.customer_auth.login({"email": "siti@example.com", "password": "correct-horse-battery"})
            assert len(tokens) == 1  # the login's tokens, kept by the client
            assert shop.customer.get_current()["email"] == "siti@example.com"

            time.sleep(2.2)  # the access token has expired on the server
            statuses.clear()
            assert shop.customer.get_current()["email"] == "siti@example.com"
            assert statuses == [401, 200, 200]  # refused, refreshed, the same call again
            assert len(tokens) == 2 and tokens[1]["refresh_token"] != tokens[0]["refresh_token"]

            with pytest.raises(scalev.NotFoundError) as missing:
                shop.customer.get_current_order("no-such-order")
            assert set(missing.value.envelope) >= {"error", "error_code"}
    finally:
        server.stop()


# --------------------------------------------------------------------------------------------
# The Shopvo reference's SDK example, in Python, against `specloom serve shopvo --demo`


EXAMPLE = """
client = Client(BASE_URL, api_key=KEY, signing_secret=SECRET, site_id="site_demo")
items = client.products.list(limit=20, expand=["variants"]).items
product = client.products.get("classic-white-t-shirt")
variants = client.products.list_variants("prd_abc")
variant = client.products.create_variant("prd_abc", {"name": "Large / Black", "inventoryCount": 10,
                                                     "options": {"Size": "Large", "Color": "Black"}})
orders = client.orders.list(status="CONFIRMED").items
order = client.orders.get("ORD-1042")
customers = client.customers.list(search="jane").items
"""


def check_example(scope: dict) -> None:
    assert scope["items"] and all(isinstance(p["variants"], list) for p in scope["items"])
    assert scope["product"]["slug"] == "classic-white-t-shirt"
    assert scope["variants"] and {v["productId"] for v in scope["variants"]} == {"prd_abc"}
    variant = scope["variant"]
    assert (variant["productId"], variant["name"], variant["inventoryCount"]) == ("prd_abc", "Large / Black", 10)
    assert scope["orders"] and {o["status"] for o in scope["orders"]} == {"CONFIRMED"}
    assert scope["order"]["number"] == "ORD-1042"
    assert scope["customers"] and all("jane" in (c["email"] + c.get("firstName", "")).lower()
                                      for c in scope["customers"])


def demo_server(tmp_path, backend):
    server = Server("shopvo", backend, tmp_path, args=("--demo",)).start().wait_ready()
    issued = provision("shopvo", tmp_path, backend, lambda runtime: runtime.api_keys.issue(
        "site_demo", ("admin:*",), signing_secret=True))
    return server, issued.token, issued.signing_secret


def test_the_references_sdk_example_runs_in_python(tmp_path, backend):
    shopvo = install_and_import("shopvo", tmp_path)
    server, key, secret = demo_server(tmp_path, backend)
    try:
        scope = {"Client": shopvo.Client, "BASE_URL": server.url, "KEY": key, "SECRET": secret}
        exec(EXAMPLE, scope)
        check_example(scope)
        with shopvo.Client(server.url, api_key=key, site_id="site_demo") as unsigned:
            with pytest.raises(shopvo.AuthenticationError):  # the key has a signing secret: signatures are due
                unsigned.products.get("prd_abc")
    finally:
        server.stop()


def test_the_shopvo_client_pip_installs_into_a_fresh_venv(tmp_path):
    """`pip install ./shopvo-python` in a new virtual environment (httpx installed as its
    dependency), then the example run by that environment's Python."""
    import subprocess
    import sys

    from tests.sdk_python_support import generate_python

    package = generate_python("shopvo", tmp_path / "shopvo-python")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(package)],
                               capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    server, key, secret = demo_server(tmp_path, backend)
    script = ("import json, sys\nfrom shopvo_client import Client\n"
              f"BASE_URL, KEY, SECRET = {server.url!r}, {key!r}, {secret!r}\n" + EXAMPLE +
              "print(json.dumps({k: v for k, v in dict(locals()).items() if k in "
              "('items', 'product', 'variants', 'variant', 'orders', 'order', 'customers')}))\n"
              "import shopvo_client, httpx; print(shopvo_client.__file__); print(httpx.__file__)\n")
    try:
        ran = subprocess.run([str(venv / "bin" / "python"), "-c", script], capture_output=True, text=True,
                             cwd=tmp_path, timeout=120)
        assert ran.returncode == 0, ran.stderr
        results, client_file, httpx_file = ran.stdout.strip().splitlines()
        check_example(__import__("json").loads(results))
        assert client_file.startswith(str(venv)) and httpx_file.startswith(str(venv))
    finally:
        server.stop()


def test_a_write_without_an_idempotency_key_is_not_sent_twice(tmp_path):
    """Alza declares no idempotency: when the answer to its acknowledgement (a POST) is lost, the
    client cannot know whether it ran, so it raises ApiConnectionError instead of repeating it;
    a GET whose answer is lost is simply asked again."""
    backend = f"sqlite:///{tmp_path / 'sdk.db'}"
    alza = install_and_import("alza", tmp_path)
    client_id, client_secret = alza_setup(tmp_path, backend, orders=1)
    server = serve("alza", backend, tmp_path)
    proxy = LossyProxy(server.port, marker=b"/acknowledgement ")
    reads = LossyProxy(server.port, marker=b"GET /api/v1/orders/100 ")
    try:
        with alza.Client(proxy.url, client_id=client_id, client_secret=client_secret) as client:
            with pytest.raises(alza.ApiConnectionError):
                client.orders.acknowledge("100")
            assert proxy.dropped == 1
            assert len([h for h in proxy.heads if h.startswith(b"POST /api/v1/orders/")]) == 1
        with alza.Client(reads.url, client_id=client_id, client_secret=client_secret) as client:
            assert client.orders.get("100")["exportStatus"] == "Acknowledged"  # the first POST did run
            assert reads.dropped == 1
            assert len([h for h in reads.heads if h.startswith(b"GET /api/v1/orders/100 ")]) == 2
    finally:
        proxy.close()
        reads.close()
        server.stop()
