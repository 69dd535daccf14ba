"""The contract surface as the runtime serves it. Generated; do not edit."""

from specloom.generator.ir import Idempotency, RateLimit, SecurityScheme, Signing, Surface, ValidationDetails, Cors  # noqa: F401
from specloom.generator.ir import WebhookDelivery, Webhooks  # noqa: F401
from specloom.generator.ir import Mail, MailTemplate, Files, Downloads  # noqa: F401

from . import SPEC_FINGERPRINT
from .operations import OPERATIONS
from .resources import RESOURCES

SURFACE = Surface(
    name="contract",
    title="Contract fixture",
    version="0.0.1",
    tenant_parameter=None,
    validation_status=400,
    error_envelope={"message": "$message", "requestId": "$requestId"},
    envelopes={"item": {"data": "$item"}},
    default_limit=20,
    max_limit=100,
    collection_limit=1000,
    max_body_bytes=1048576,
    security_schemes=(),
    resources=RESOURCES,
    operations=OPERATIONS,
    fingerprint=SPEC_FINGERPRINT,
    idempotency=None,
    signing=None,
    rate_limits=(),
)
