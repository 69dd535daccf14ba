"""The specloom runtime: app factory, OpenAPI 3.1 validation, policies, services, CLI."""

import warnings

# Connexion imports Starlette's test client at import time; Starlette 1.x warns about httpx
# there. specloom does not use that client in production code paths.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
