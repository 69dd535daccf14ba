"""App factory for `specloom serve --workers N`: uvicorn imports this in each worker process,
which builds the whole app from what `serve` put in the environment (the surface, the store URL,
every setting: runtime/config.py `export`)."""

from __future__ import annotations

import os

from specloom.backends import open_store

from .app import create_app


def app():
    return create_app(os.environ["SPECLOOM_SERVE_SURFACE"], open_store(os.environ["SPECLOOM_SERVE_BACKEND"]))
