"""The credentials a client holds, by security scheme: which to send with an operation, how to
send them, and how to get or renew a token (client credentials; a customer session's or an
app's refresh token). The transports do the I/O; this module decides."""

from __future__ import annotations

import threading
from typing import Any, Callable, Mapping

from ._core import Operation, dig
from ._surface import AUTH

TokenCallback = Callable[[str, Mapping[str, Any]], None]


def _role_value(role: str, state: "SchemeState") -> Any:
    """The value a token endpoint's field of `role` takes (clientId, clientSecret, refreshToken…)."""
    key = role.replace("_", "").lower()
    if "secret" in key:
        return state.client_secret
    if "refresh" in key:
        return state.refresh
    if key.endswith("id") and "client" in key:
        return state.client_id
    return state.given.get(role)


class SchemeState:
    """One scheme's credential: a static value (an API key) or tokens that change."""

    def __init__(self, name: str, given: Mapping[str, Any]):
        self.name = name
        self.scheme = AUTH[name]
        self.kind: str = self.scheme["kind"]
        self.given = {k: v for k, v in given.items() if k in self.scheme["options"] or k == self.scheme["option"]}
        options = self.scheme["options"] or [self.scheme["option"]]
        self.client_id = next((given.get(o) for o in options if o.endswith("id")), None)
        self.client_secret = next((given.get(o) for o in options if o.endswith("secret")), None)
        self.refresh = next((given.get(o) for o in options if "refresh" in o), None)
        self.access = given.get(self.scheme["option"]) if self.kind != "clientCredentials" else \
            next((given.get(o) for o in options if o.endswith("token")), None)
        self.generation = 0  # counts renewals: a request that failed with an older token need not renew again

    @property
    def held(self) -> bool:
        if self.kind == "clientCredentials":
            return bool(self.client_id and self.client_secret) or bool(self.access)
        return bool(self.access or self.refresh)

    @property
    def endpoint(self) -> dict[str, Any] | None:
        """Where this scheme gets (client credentials) or renews (refresh token) its token."""
        endpoint: dict[str, Any] | None = None
        if self.kind == "clientCredentials":
            endpoint = self.scheme["token"] if self.client_id and self.client_secret else None
        elif self.refresh and self.scheme["refresh"]:
            endpoint = self.scheme["refresh"]
        return endpoint

    def header(self) -> tuple[str, str] | None:
        if not self.access:
            return None
        name = self.scheme["header"]
        if name.lower() == "authorization":
            return name, f"Bearer {self.access}"
        return name, str(self.access)


class Credentials:
    """Every scheme's state; thread-safe renewals (one at a time per scheme)."""

    def __init__(self, given: Mapping[str, Any], on_tokens: TokenCallback | None = None):
        self.states = {name: SchemeState(name, given) for name in AUTH}
        self.on_tokens = on_tokens
        self.lock = threading.Lock()

    def choose(self, op: Operation) -> tuple[str, ...]:
        """The schemes sent with `op`: the first alternative whose every credential is held (an
        operation open to anyone still gets a credential it accepts, when one is held); with
        none held, nothing (the server answers 401 where one is needed)."""
        for alternative in op.auth:
            if alternative and all(self.states[s].held for s in alternative):
                return tuple(alternative)
        return ()

    def needs_token(self, schemes: tuple[str, ...]) -> list[str]:
        """Schemes that must get a token before the request (client credentials never traded yet,
        a session known only by its refresh token)."""
        return [s for s in schemes if not self.states[s].access and self.states[s].endpoint is not None]

    def headers(self, schemes: tuple[str, ...]) -> dict[str, str]:
        out: dict[str, str] = {}
        for s in schemes:
            pair = self.states[s].header()
            if pair:
                out[pair[0]] = pair[1]
        return out

    def renewable(self, schemes: tuple[str, ...]) -> str | None:
        """After a 401: the scheme of the request that can get a new token, if any."""
        return next((s for s in schemes if self.states[s].endpoint is not None), None)

    def generations(self, schemes: tuple[str, ...]) -> dict[str, int]:
        return {s: self.states[s].generation for s in schemes}

    def token_request(self, scheme: str) -> tuple[dict[str, Any], dict[str, Any], tuple[str, ...]]:
        """(endpoint, body, schemes the endpoint itself needs) to get or renew `scheme`'s token."""
        state = self.states[scheme]
        endpoint = state.endpoint
        assert endpoint is not None
        body = {field: _role_value(role, state) for role, field in endpoint["fields"].items()}
        body.update(endpoint["fixed"])
        own = tuple(s for s in endpoint["auth"] if self.states[s].held and s != scheme)
        return endpoint, {k: v for k, v in body.items() if v is not None}, own

    def adopt(self, scheme: str, answer: Any, endpoint: Mapping[str, Any] | None = None, *,
              token_field: str | None = None, refresh_field: str | None = None) -> bool:
        """Keep the token (and rotated refresh token) an answer carries; True when it had one."""
        state = self.states[scheme]
        token_field = token_field or (endpoint or {}).get("token_field") or "access_token"
        refresh_field = refresh_field or (endpoint or {}).get("refresh_field")
        body = answer
        if isinstance(body, Mapping) and token_field not in body and isinstance(body.get("data"), Mapping):
            body = body["data"]  # an enveloped answer ({"data": {...}})
        token = dig(body, (token_field,))
        if not isinstance(token, str) or not token:
            return False
        with self.lock:
            state.access = token
            refresh = dig(body, (refresh_field,)) if refresh_field else None
            if isinstance(refresh, str) and refresh:
                state.refresh = refresh
            state.generation += 1
        if self.on_tokens is not None:
            self.on_tokens(scheme, {"access_token": state.access, "refresh_token": state.refresh})
        return True

    def forget(self, scheme: str) -> None:
        """A renewal was refused: the session is over (sign in again)."""
        state = self.states[scheme]
        with self.lock:
            state.access = None
            if state.kind != "clientCredentials":
                state.refresh = None
            state.generation += 1
