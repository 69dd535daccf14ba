"""Service actions: operations whose behaviour is a runtime service rather than CRUD —
issuing OAuth tokens, logging a customer in, moving an order through its states.

An operation names one with `x-specloom.action: <module>.<verb>` and configures it with
`x-specloom.with`, validated at lint time by `generator/schemas/actions/<name>.schema.json`.
Each module of this package registers its actions with `@action("<module>.<verb>")`; an action
is `async def f(ctx, settings, **arguments) -> Reply`, where `settings` is the `with` block.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Awaitable, Callable

Action = Callable[..., Awaitable[Any]]
ACTIONS: dict[str, Action] = {}


def action(name: str):
    def register(fn: Action) -> Action:
        ACTIONS[name] = fn
        return fn

    return register


def action_function(name: str) -> Action:
    if name not in ACTIONS:
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
    try:
        return ACTIONS[name]
    except KeyError:
        raise LookupError(f"no service action {name!r}; known: {', '.join(sorted(ACTIONS))}") from None
