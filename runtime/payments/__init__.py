"""Payments through a payment-provider interface (`x-specloom.payments`).

A surface declares what is paid (a record of a resource: an order), where payment sessions
are kept, and which transitions of the paid record's state machine a payment's outcome takes.
The provider is pluggable (`interface.py`): the built-in `test` provider (`test_provider.py`)
needs no outside service — its payment page is served by specloom itself under
`/_specloom/pay/` (`hosted_page.py`), and it reports the outcome the way a real provider's
webhook does, by POSTing a signed, timestamped callback to the surface's callback operation,
which verifies it before anything moves (`sessions.py`).

    interface.py          the provider protocol, what it is given and what it reports
    registry.py           which provider a surface uses (the spec's, or the deployment's)
    provider_secrets.py   the per-deployment secret a provider signs with (never in the spec)
    callback_signatures.py  `t=<unix>,v1=<hex>` HMAC-SHA256 signatures of callbacks
    test_provider.py      the built-in test provider
    hosted_page.py        the test provider's payment page (HTML), and its confirm/fail posts
    sessions.py           starting a payment session; settling it from a verified callback
    service.py            one surface's payment service (its provider), made once per runtime
"""
