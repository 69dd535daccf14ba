"""The HTTP edge: the app factory and everything between a socket and a generated handler —
the policy stack and its order, the request as policies see it, error envelopes, docs, CORS,
the OpenAPI 3.1 routing view handed to Connexion, and request/response validation."""
