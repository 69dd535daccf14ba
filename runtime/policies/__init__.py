"""Runtime policies, one module each. A policy is configured from the IR at start-up and
applied per request in the order `runtime.stack.ORDER` gives."""

from __future__ import annotations

from typing import Protocol

from specloom.generator.ir import Operation

from ..request import IncomingRequest


class Policy(Protocol):
    name: str

    def applies_to(self, operation: Operation) -> bool: ...

    async def apply(self, request: IncomingRequest) -> None: ...
