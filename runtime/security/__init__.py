"""Security primitives, each free of HTTP and of any one surface: API-key credentials and
secret hashing, passwords (Argon2id), secrets sealed at rest (AES-GCM), HMAC signatures, the
tombstones of revoked token families (sessions, OAuth grants), and the outbound-URL policy
(allow-lists, private addresses, address pinning) that every server-side fetch and webhook
delivery goes through."""
