"""App factory for `specloom serve --reload`: uvicorn re-imports this in each reloaded worker."""

from __future__ import annotations

import os

from specloom.backends import open_store

from .app import create_app


def app():
    return create_app(os.environ["SPECLOOM_SERVE_SURFACE"], open_store(os.environ["SPECLOOM_SERVE_BACKEND"]))
