"""The specloom runtime: everything between a socket and the store (docs/architecture.md).

    http/        the HTTP edge: connection limits, app factory, policy stack and units of work,
                 request, errors, docs, CORS, validation
    policies/    one module per policy in the stack        auth/      one per authentication family
    security/    credentials, passwords, sealed secrets, signatures, revoked token families,
                 the outbound-URL policy
    services/    resources, state machines, events, jobs, pagination, tenant settings, mail
    actions/     service actions (x-specloom.action)      webhooks/  subscription secrets, delivery
    fuzz/        contract fuzzing with Schemathesis        cli/       the `specloom` command

and, at the top, what all of them share: `config.py` (settings), `clock.py` (timestamps),
`errors.py` and `envelopes.py`
(what the API answers with), `handler_api.py` (what generated handlers may use),
`surfaces.py` (finding and loading generated packages), `surface_runtime.py` (one surface's
shared services).
"""

import warnings

# Connexion imports Starlette's test client at import time; Starlette 1.x warns about httpx
# there. specloom does not use that client in production code paths.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
