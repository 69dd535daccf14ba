"""Handlers of the shopvo surface, one per operationId. Generated; do not edit.

Everything the spec decided is spelled out here; everything general is a runtime call.
"""

from specloom.runtime.handler_api import Reply, RequestContext, contains, eq, gte, lte  # noqa: F401


async def list_products(
    ctx: RequestContext,
    *,
    site_id,
    page=1,
    limit=20,
    cursor=None,
    fields=None,
    expand=(),
    search=None,
    category_id=None,
    brand_id=None,
    status="ACTIVE",
    featured=None,
) -> Reply:
    """GET /api/v1/{siteId}/products: List products (read:catalog)."""
    query = ctx.query(
        contains("categoryIds", category_id),
        eq("brandId", brand_id),
        eq("status", status),
        eq("featured", featured),
        search=search,
        search_in=("name", "sku", "description"),
    )
    paging = ctx.paging(page=page, limit=limit, cursor=cursor)
    products = await ctx.resources.list("products", query, paging)
    await ctx.resources.expand("products", products.items, expand)
    return ctx.respond.page(products, fields=fields)


async def create_product(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/products: Create a product (write:catalog)."""
    product = await ctx.resources.create("products", body)
    return ctx.respond.item(product, status=201)


async def get_product(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    fields=None,
    expand=(),
) -> Reply:
    """GET /api/v1/{siteId}/products/{productId}: Get a product by ID or slug (read:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    await ctx.resources.expand("products", [product], ("variants",))
    await ctx.resources.expand("products", [product], expand)
    return ctx.respond.item(product, fields=fields)


async def delete_product(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    idempotency_key=None,
) -> Reply:
    """DELETE /api/v1/{siteId}/products/{productId}: Delete a product (write:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    await ctx.resources.delete("products", product)
    return ctx.respond.deleted(status=200)


async def update_product(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/products/{productId}: Update a product (write:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    product = await ctx.resources.update("products", product, body)
    return ctx.respond.item(product, status=200)


async def list_product_variants(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
) -> Reply:
    """GET /api/v1/{siteId}/products/{productId}/variants: List a product's variants (read:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    query = ctx.query(
        eq("productId", product["id"]),
    )
    variants = await ctx.resources.list("variants", query, ctx.everything())
    return ctx.respond.collection(variants)


async def create_product_variant(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/products/{productId}/variants: Create a variant (write:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    variant = await ctx.resources.create("variants", body, parent=product)
    return ctx.respond.item(variant, status=201)


async def delete_product_variant(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    variant_id,
    idempotency_key=None,
) -> Reply:
    """DELETE /api/v1/{siteId}/products/{productId}/variants/{variantId}: Delete a variant (write:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    variant = await ctx.resources.lookup("variants", variant_id, parent=product)
    await ctx.resources.delete("variants", variant)
    return ctx.respond.deleted(status=200)


async def update_product_variant(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    variant_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/products/{productId}/variants/{variantId}: Update a variant (write:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    variant = await ctx.resources.lookup("variants", variant_id, parent=product)
    variant = await ctx.resources.update("variants", variant, body)
    return ctx.respond.item(variant, status=200)


async def list_categories(
    ctx: RequestContext,
    *,
    site_id,
    slug=None,
    parent_id=None,
) -> Reply:
    """GET /api/v1/{siteId}/categories: List categories (read:catalog)."""
    query = ctx.query(
        eq("slug", slug),
        eq("parentId", parent_id),
    )
    categories = await ctx.resources.list("categories", query, ctx.everything())
    return ctx.respond.collection(categories)


async def list_brands(
    ctx: RequestContext,
    *,
    site_id,
    slug=None,
) -> Reply:
    """GET /api/v1/{siteId}/brands: List brands (read:catalog)."""
    query = ctx.query(
        eq("slug", slug),
    )
    brands = await ctx.resources.list("brands", query, ctx.everything())
    return ctx.respond.collection(brands)


async def list_promotions(
    ctx: RequestContext,
    *,
    site_id,
    page=1,
    limit=20,
    status=None,
) -> Reply:
    """GET /api/v1/{siteId}/promotions: List promotions (read:promotions)."""
    query = ctx.query(
        eq("status", status),
    )
    paging = ctx.paging(page=page, limit=limit)
    promotions = await ctx.resources.list("promotions", query, paging)
    return ctx.respond.page(promotions)


async def create_promotion(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/promotions: Create a promotion (write:promotions)."""
    promotion = await ctx.resources.create("promotions", body)
    return ctx.respond.item(promotion, status=201)


async def validate_promotion(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/promotions/validate: Validate a coupon code (public)."""
    return await ctx.perform(
        "coupons.validate",
        site_id=site_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def list_gift_cards(
    ctx: RequestContext,
    *,
    site_id,
    page=1,
    limit=20,
    status=None,
    customer_id=None,
    code=None,
) -> Reply:
    """GET /api/v1/{siteId}/gift-cards: List gift cards (read:gift-cards)."""
    query = ctx.query(
        eq("status", status),
        eq("customerId", customer_id),
        eq("code", code),
    )
    paging = ctx.paging(page=page, limit=limit)
    giftCards = await ctx.resources.list("giftCards", query, paging)
    return ctx.respond.page(giftCards)


async def issue_gift_card(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/gift-cards: Issue a gift card (write:gift-cards)."""
    gift_card = await ctx.resources.create("giftCards", body)
    return ctx.respond.item(gift_card, status=201)


async def redeem_gift_card(
    ctx: RequestContext,
    *,
    site_id,
    gift_card_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/gift-cards/{giftCardId}/redeem: Redeem a gift card (write:gift-cards)."""
    return await ctx.perform(
        "counters.adjust",
        site_id=site_id,
        gift_card_id=gift_card_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def update_gift_card(
    ctx: RequestContext,
    *,
    site_id,
    gift_card_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/gift-cards/{giftCardId}: Void a gift card or change its expiry (write:gift-cards)."""
    return await ctx.perform(
        "states.transition",
        site_id=site_id,
        gift_card_id=gift_card_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def get_loyalty_account(
    ctx: RequestContext,
    *,
    site_id,
    customer_id,
) -> Reply:
    """GET /api/v1/{siteId}/loyalty/{customerId}: Get a customer's loyalty account (read:loyalty)."""
    loyalty_account = await ctx.resources.lookup("loyaltyAccounts", customer_id)
    await ctx.resources.expand("loyaltyAccounts", [loyalty_account], ("transactions",))
    return ctx.respond.item(loyalty_account)


async def award_loyalty_points(
    ctx: RequestContext,
    *,
    site_id,
    customer_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/loyalty/{customerId}/award: Award loyalty points (write:loyalty)."""
    return await ctx.perform(
        "ledgers.post",
        site_id=site_id,
        customer_id=customer_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def redeem_loyalty_points(
    ctx: RequestContext,
    *,
    site_id,
    customer_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/loyalty/{customerId}/redeem: Redeem loyalty points (write:loyalty)."""
    return await ctx.perform(
        "ledgers.post",
        site_id=site_id,
        customer_id=customer_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def list_inventory(
    ctx: RequestContext,
    *,
    site_id,
    page=1,
    limit=20,
    sku=None,
) -> Reply:
    """GET /api/v1/{siteId}/inventory: List stock levels (read:inventory)."""
    return await ctx.perform(
        "lists.union",
        site_id=site_id,
        page=page,
        limit=limit,
        sku=sku,
    )


async def adjust_inventory(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/inventory/{productId}: Adjust a stock level (write:inventory)."""
    return await ctx.perform(
        "counters.adjust",
        site_id=site_id,
        product_id=product_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def list_webhooks(
    ctx: RequestContext,
    *,
    site_id,
) -> Reply:
    """GET /api/v1/{siteId}/webhooks: List webhook subscriptions (webhooks:read)."""
    query = ctx.query(
    )
    webhookSubscriptions = await ctx.resources.list("webhookSubscriptions", query, ctx.everything())
    return ctx.respond.collection(webhookSubscriptions)


async def create_webhook(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/webhooks: Create a webhook subscription (webhooks:write)."""
    return await ctx.perform(
        "webhooks.subscribe",
        site_id=site_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def delete_webhook(
    ctx: RequestContext,
    *,
    site_id,
    webhook_id,
    idempotency_key=None,
) -> Reply:
    """DELETE /api/v1/{siteId}/webhooks/{webhookId}: Delete a webhook subscription (webhooks:write)."""
    return await ctx.perform(
        "webhooks.unsubscribe",
        site_id=site_id,
        webhook_id=webhook_id,
        idempotency_key=idempotency_key,
    )


async def get_store_credit(
    ctx: RequestContext,
    *,
    site_id,
    customer_id,
) -> Reply:
    """GET /api/v1/{siteId}/store-credit/{customerId}: Get a customer's store credit (read:store-credit)."""
    store_credit_account = await ctx.resources.lookup("storeCreditAccounts", customer_id)
    await ctx.resources.expand("storeCreditAccounts", [store_credit_account], ("transactions",))
    return ctx.respond.item(store_credit_account)


async def adjust_store_credit(
    ctx: RequestContext,
    *,
    site_id,
    customer_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/store-credit/{customerId}: Issue or deduct store credit (write:store-credit)."""
    movement = await ctx.resources.post_to_ledger("storeCreditAccounts", customer_id, body, ctx.operation.ledger)
    return ctx.respond.item(movement, status=200)


async def list_orders(
    ctx: RequestContext,
    *,
    site_id,
    page=1,
    limit=20,
    cursor=None,
    status=None,
    payment_status=None,
    customer_id=None,
    from_=None,
    to=None,
) -> Reply:
    """GET /api/v1/{siteId}/orders: List orders (read:orders)."""
    query = ctx.query(
        eq("status", status),
        eq("paymentStatus", payment_status),
        eq("customerId", customer_id),
        gte("createdAt", from_),
        lte("createdAt", to),
    )
    paging = ctx.paging(page=page, limit=limit, cursor=cursor)
    orders = await ctx.resources.list("orders", query, paging)
    return ctx.respond.page(orders)


async def get_order(
    ctx: RequestContext,
    *,
    site_id,
    order_id,
) -> Reply:
    """GET /api/v1/{siteId}/orders/{orderId}: Get an order by ID or number (read:orders)."""
    order = await ctx.resources.lookup("orders", order_id)
    return ctx.respond.item(order)


async def update_order_status(
    ctx: RequestContext,
    *,
    site_id,
    order_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/orders/{orderId}: Change an order's status (admin:*)."""
    return await ctx.perform(
        "states.transition",
        site_id=site_id,
        order_id=order_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def start_order_payment(
    ctx: RequestContext,
    *,
    site_id,
    order_id,
    idempotency_key=None,
    body=None,
) -> Reply:
    """POST /api/v1/{siteId}/orders/{orderId}/payment: Start paying an order (write:checkout)."""
    return await ctx.perform(
        "payments.start",
        site_id=site_id,
        order_id=order_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def receive_payment_callback(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/payments/callback: Receive a payment provider's callback (public)."""
    return await ctx.perform(
        "payments.callback",
        site_id=site_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def get_cart(
    ctx: RequestContext,
    *,
    site_id,
    cart_id,
) -> Reply:
    """GET /api/v1/{siteId}/cart: Get a cart (read:cart)."""
    cart = await ctx.resources.lookup("carts", cart_id)
    return ctx.respond.item(cart)


async def create_cart(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/cart: Create a cart (write:cart)."""
    cart = await ctx.resources.create("carts", body)
    return ctx.respond.item(cart, status=201)


async def delete_cart(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    cart_id,
) -> Reply:
    """DELETE /api/v1/{siteId}/cart: Delete a cart (write:cart)."""
    cart = await ctx.resources.lookup("carts", cart_id)
    await ctx.resources.delete("carts", cart)
    return ctx.respond.deleted(status=200)


async def modify_cart(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    cart_id,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/cart: Add, update or remove a cart item (write:cart)."""
    return await ctx.perform(
        "lists.edit",
        site_id=site_id,
        idempotency_key=idempotency_key,
        cart_id=cart_id,
        body=body,
    )


async def get_checkout(
    ctx: RequestContext,
    *,
    site_id,
    session_id,
) -> Reply:
    """GET /api/v1/{siteId}/checkout: Get a checkout session (read:checkout)."""
    checkout = await ctx.resources.lookup("checkouts", session_id)
    return ctx.respond.item(checkout)


async def create_checkout(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/checkout: Initialise a checkout session (write:checkout)."""
    checkout = await ctx.resources.create("checkouts", body)
    return ctx.respond.item(checkout, status=201)


async def advance_checkout(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/checkout: Advance a checkout session (write:checkout)."""
    return await ctx.perform(
        "states.transition",
        site_id=site_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def list_product_reviews(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    page=1,
    limit=20,
    status="PUBLISHED",
) -> Reply:
    """GET /api/v1/{siteId}/products/{productId}/reviews: List a product's reviews (read:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    query = ctx.query(
        eq("productId", product["id"]),
        eq("status", status),
    )
    paging = ctx.paging(page=page, limit=limit)
    reviews = await ctx.resources.list("reviews", query, paging)
    return ctx.respond.page(reviews)


async def create_product_review(
    ctx: RequestContext,
    *,
    site_id,
    product_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/products/{productId}/reviews: Submit a review (write:catalog)."""
    product = await ctx.resources.lookup("products", product_id)
    review = await ctx.resources.create("reviews", body, parent=product)
    return ctx.respond.item(review, status=201)


async def list_customers(
    ctx: RequestContext,
    *,
    site_id,
    page=1,
    limit=20,
    cursor=None,
    search=None,
    group=None,
) -> Reply:
    """GET /api/v1/{siteId}/customers: List customers (read:customers)."""
    query = ctx.query(
        eq("groupId", group),
        search=search,
        search_in=("email", "firstName", "lastName"),
    )
    paging = ctx.paging(page=page, limit=limit, cursor=cursor)
    customers = await ctx.resources.list("customers", query, paging)
    await ctx.resources.aggregate("customers", customers.items)
    return ctx.respond.page(customers)


async def get_customer(
    ctx: RequestContext,
    *,
    site_id,
    customer_id,
) -> Reply:
    """GET /api/v1/{siteId}/customers/{customerId}: Get a customer (read:customers)."""
    customer = await ctx.resources.lookup("customers", customer_id)
    await ctx.resources.aggregate("customers", [customer])
    return ctx.respond.item(customer)


async def update_customer(
    ctx: RequestContext,
    *,
    site_id,
    customer_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/customers/{customerId}: Update a customer's profile (write:customers)."""
    customer = await ctx.resources.lookup("customers", customer_id)
    customer = await ctx.resources.update("customers", customer, body)
    await ctx.resources.aggregate("customers", [customer])
    return ctx.respond.item(customer, status=200)


async def list_b2_b_accounts(
    ctx: RequestContext,
    *,
    site_id,
    page=1,
    limit=20,
    cursor=None,
    search=None,
    status=None,
) -> Reply:
    """GET /api/v1/{siteId}/b2b/accounts: List B2B accounts (read:b2b)."""
    query = ctx.query(
        eq("status", status),
        search=search,
        search_in=("companyName", "contactEmails"),
    )
    paging = ctx.paging(page=page, limit=limit, cursor=cursor)
    b2bAccounts = await ctx.resources.list("b2bAccounts", query, paging)
    return ctx.respond.page(b2bAccounts)


async def create_b2_b_account(
    ctx: RequestContext,
    *,
    site_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/b2b/accounts: Create a B2B account (write:b2b)."""
    b2b_account = await ctx.resources.create("b2bAccounts", body)
    return ctx.respond.item(b2b_account, status=201)


async def update_b2_b_account(
    ctx: RequestContext,
    *,
    site_id,
    account_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/b2b/accounts/{accountId}: Update a B2B account (write:b2b)."""
    b2b_account = await ctx.resources.lookup("b2bAccounts", account_id)
    b2b_account = await ctx.resources.update("b2bAccounts", b2b_account, body)
    return ctx.respond.item(b2b_account, status=200)


async def list_pages(
    ctx: RequestContext,
    *,
    site_id,
    slug=None,
    page=1,
    limit=20,
) -> Reply:
    """GET /api/v1/{siteId}/pages: List published pages (read:content)."""
    query = ctx.query(
        eq("slug", slug),
        eq("status", "PUBLISHED"),
    )
    paging = ctx.paging(page=page, limit=limit)
    pages = await ctx.resources.list("pages", query, paging)
    return ctx.respond.collection(pages)


async def get_site(
    ctx: RequestContext,
    *,
    site_id,
) -> Reply:
    """GET /api/v1/{siteId}/site: Get the site configuration (read:content)."""
    site = await ctx.resources.singleton("site")
    return ctx.respond.item(site)


async def list_metafields(
    ctx: RequestContext,
    *,
    site_id,
    resource_type,
    resource_id,
) -> Reply:
    """GET /api/v1/{siteId}/{resourceType}/{resourceId}/metafields: List a resource's metafields (metafields:read)."""
    return await ctx.perform(
        "owned.list",
        site_id=site_id,
        resource_type=resource_type,
        resource_id=resource_id,
    )


async def create_metafield(
    ctx: RequestContext,
    *,
    site_id,
    resource_type,
    resource_id,
    idempotency_key=None,
    body,
) -> Reply:
    """POST /api/v1/{siteId}/{resourceType}/{resourceId}/metafields: Add a metafield (metafields:write)."""
    return await ctx.perform(
        "owned.create",
        site_id=site_id,
        resource_type=resource_type,
        resource_id=resource_id,
        idempotency_key=idempotency_key,
        body=body,
    )


async def delete_metafield(
    ctx: RequestContext,
    *,
    site_id,
    resource_type,
    resource_id,
    metafield_id,
    idempotency_key=None,
) -> Reply:
    """DELETE /api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId}: Delete a metafield (metafields:write)."""
    return await ctx.perform(
        "owned.delete",
        site_id=site_id,
        resource_type=resource_type,
        resource_id=resource_id,
        metafield_id=metafield_id,
        idempotency_key=idempotency_key,
    )


async def update_metafield(
    ctx: RequestContext,
    *,
    site_id,
    resource_type,
    resource_id,
    metafield_id,
    idempotency_key=None,
    body,
) -> Reply:
    """PATCH /api/v1/{siteId}/{resourceType}/{resourceId}/metafields/{metafieldId}: Update a metafield (metafields:write)."""
    return await ctx.perform(
        "owned.update",
        site_id=site_id,
        resource_type=resource_type,
        resource_id=resource_id,
        metafield_id=metafield_id,
        idempotency_key=idempotency_key,
        body=body,
    )
