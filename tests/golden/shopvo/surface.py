"""The shopvo surface as the runtime serves it. Generated; do not edit."""

from specloom.generator.ir import Idempotency, RateLimit, SecurityScheme, Signing, Surface, ValidationDetails, Cors  # noqa: F401
from specloom.generator.ir import WebhookDelivery, Webhooks  # noqa: F401
from specloom.generator.ir import Mail, MailTemplate, Files, Downloads  # noqa: F401
from specloom.generator.ir import Payments  # noqa: F401

from . import SPEC_FINGERPRINT
from .operations import OPERATIONS
from .resources import RESOURCES

SURFACE = Surface(
    name="shopvo",
    title="Shopvo v1 REST API",
    version="1.0.0",
    tenant_parameter="siteId",
    validation_status=400,
    error_envelope={"error": "$message"},
    envelopes={
        "item": {"success": True, "data": "$item"},
        "collection": {"success": True, "data": "$items"},
        "page": {
            "success": True,
            "items": "$items",
            "pagination": {"page": "$page", "limit": "$limit", "total": "$total", "totalPages": "$totalPages"},
        },
        "cursorPage": {
            "success": True,
            "items": "$items",
            "cursor": "$nextCursor",
            "hasNextPage": "$hasNext",
            "limit": "$limit",
        },
        "deleted": {"success": True, "deleted": True},
    },
    default_limit=20,
    max_limit=100,
    collection_limit=1000,
    max_body_bytes=1048576,
    security_schemes=(
        SecurityScheme(
            name="apiKey",
            family="apiKey",
            prefixes=("sk_live_", "sk_test_"),
            test_prefix="sk_test_",
        ),
    ),
    resources=RESOURCES,
    operations=OPERATIONS,
    fingerprint=SPEC_FINGERPRINT,
    idempotency=Idempotency(mismatch_status=409),
    signing=Signing(header="X-Shopvo-Signature"),
    cursor_style="lastId",
    rate_limits=(RateLimit(name="plan", limit=1000, window_seconds=60, credential_limits=(30, 1000)),),
    webhooks=Webhooks(
        subscriptions="webhookSubscriptions",
        signature_header="X-Shopvo-Signature",
        payload={"event": "$event", "timestamp": "$timestamp", "siteId": "$tenant", "data": "$data"},
        events=(
            "order.created",
            "order.updated",
            "payment.confirmed",
            "payment.failed",
            "inventory.low",
            "cart.abandoned",
            "review.created",
        ),
    ),
    payments=Payments(
        provider="test",
        sessions="paymentSessions",
        resource="orders",
        link_field="orderId",
        amount_field="total",
        succeeded="confirmPayment",
        failed="failPayment",
        currency_field="currency",
    ),
    settings={
        "loyaltyPointsPerCurrencyUnit": 1,
        "loyaltyRedemptionRate": 1,
        "loyaltyTiers": {"BRONZE": 0, "SILVER": 500, "GOLD": 1000},
    },
    public_rate_limits=(RateLimit(name="publicRequests", limit=30, window_seconds=60, per="client"),),
)
