"""Runtime policies, one module each. A policy is configured from the IR at start-up and
applied per request in the order `runtime.http.stack.ORDER` gives."""

from __future__ import annotations

from typing import Protocol

from specloom.generator.ir import Operation
from specloom.runtime.http.request import IncomingRequest


class Policy(Protocol):
    name: str

    def applies_to(self, operation: Operation) -> bool: ...

    async def apply(self, request: IncomingRequest) -> None: ...
