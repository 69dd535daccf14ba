"""How `serve` logs: text lines or JSON lines (`--log-format`, SPECLOOM_LOG_FORMAT), at a level
(`--log-level`), through the standard `logging` module; `log_config` is handed to uvicorn, which
applies it in every worker process.

The access log (`specloom.access`, one line per request, written by runtime/http/observe.py)
carries the request id, the operation, the status, the duration in milliseconds, the tenant and
the client address; uvicorn's own access log is off, as it knows neither operation nor tenant.
In JSON each line is one object: `{"time", "level", "logger", "message", …}` plus those fields.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

ACCESS_FIELDS = ("request_id", "method", "path", "operation", "status", "duration_ms", "tenant", "client")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        for field in ACCESS_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")


def log_config(fmt: str = "text", level: str = "info") -> dict[str, Any]:
    """A `logging.config.dictConfig` for uvicorn's `log_config`: every logger (uvicorn's and
    specloom's) to stderr in `fmt`."""
    formatter = "specloom.runtime.logs.JsonFormatter" if fmt == "json" else "specloom.runtime.logs.TextFormatter"
    handler = {"class": "logging.StreamHandler", "formatter": "main", "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"main": {"()": formatter}},
        "handlers": {"main": handler},
        "root": {"handlers": ["main"], "level": level.upper()},
        "loggers": {name: {"handlers": [], "level": level.upper(), "propagate": True}
                    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "specloom")},
    }
