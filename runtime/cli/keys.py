"""`specloom keys`: create API keys bound to a tenant with scopes (or, with `--scheme`, another
family's credential such as a publishable storefront key; with `--test`, a test-mode key working
in the tenant's sandbox), change a key's own rate limits (its plan), revoke a key. OAuth clients are not keys: they are `specloom clients`."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from specloom.runtime.clock import now_iso

from .common import (
    OAUTH_FAMILIES,
    Backend,
    err,
    fail,
    load,
    may_issue,
    not_approved,
    open_backend,
    out,
    print_issued,
    ready_runtime,
    require_tenant,
    run_closing,
    scopes_arg,
)

app = typer.Typer(no_args_is_help=True, help="Create and revoke API keys.")


def _rate_limits_arg(generated, surface: str, items: list[str]) -> dict[str, int]:
    """The RULE=LIMIT pairs of --rate-limit: each rule must let keys carry their own limit
    (credentialLimits in the spec) and each limit must lie in the rule's range."""
    rules = {r.name: r for r in generated.surface.rate_limits if r.credential_limits}
    for operation in generated.surface.operations:
        rules.update({r.name: r for r in operation.rate_limits if r.credential_limits})
    chosen: dict[str, int] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not raw.strip().isdigit():
            raise fail(f"--rate-limit expects RULE=REQUESTS (e.g. plan=300), got {item!r}")
        rule = rules.get(name)
        if rule is None:
            offered = ", ".join(f"{n} ({r.credential_limits[0]}–{r.credential_limits[1]})"
                                for n, r in rules.items()) or "none"
            raise fail(f"{surface} has no rate-limit rule {name!r} that keys may set; "
                       f"rules with per-key limits: {offered}")
        low, high = rule.credential_limits
        limit = int(raw)
        if not low <= limit <= high:
            raise fail(f"--rate-limit {name}={limit}: the spec allows {low}–{high} requests per "
                       f"{rule.window_seconds} s for rule {name!r}")
        chosen[name] = limit
    return chosen


def _key_rows(issued: dict):
    yield "token:", issued["token"]
    yield "key id:", issued["key_id"]
    yield "tenant:", issued["tenant"]
    yield "scopes:", " ".join(issued["scopes"]) or "(none)"
    if issued.get("mode") == "test":
        yield "mode:", "test (a sandbox: what it creates is invisible to live keys, and the reverse)"
    if issued.get("signing_secret"):
        yield "signing secret:", issued["signing_secret"]
    for rule, limit in (issued.get("rate_limits") or {}).items():
        yield "rate limit:", f"{rule}={limit}"
    if "origins" in issued:
        yield "origins:", " ".join(issued["origins"]) or "(none)"


@app.command("create")
def keys_create(
    surface: str = typer.Argument(...),
    tenant: str = typer.Option(..., "--tenant", help="The tenant the key is bound to (e.g. site_demo)."),
    scopes: str = typer.Option("", "--scopes", help='Space-separated scopes, e.g. "read:catalog write:catalog".'),
    signing_secret: bool = typer.Option(False, "--signing-secret", help="Also issue a request-signing secret."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line."),
    backend: Backend = None,
    scheme: Optional[str] = typer.Option(
        None, "--scheme", help="The security scheme whose family issues it (default: the API keys), e.g. a "
        "publishable storefront key. OAuth clients are made with `specloom clients create`."),
    origins: Optional[list[str]] = typer.Option(
        None, "--origin", help="With a publishableKey scheme: a browser origin the tenant allows (repeatable)."),
    redirect_uris: Optional[list[str]] = typer.Option(
        None, "--redirect-uri", hidden=True, help="Moved: OAuth apps are made with `specloom clients create`."),
    rate_limits: Optional[list[str]] = typer.Option(
        None, "--rate-limit", help="RULE=REQUESTS: the key's own limit (its plan) for a rate-limit rule "
        "that declares credentialLimits, e.g. plan=300 (repeatable)."),
    test: bool = typer.Option(
        False, "--test", help="A test-mode key (the scheme's testPrefix, e.g. sk_test_…): its requests run in "
        "the tenant's sandbox, whose records, events and webhooks live keys never see, and the reverse."),
) -> None:
    """Create an API key bound to a tenant, with scopes (or, with --scheme, another family's credential)."""
    from specloom.runtime.services.tenant_settings import normalise_origin

    generated = load(surface)
    try:
        origins = [normalise_origin(o) for o in origins or ()]
    except ValueError as exc:
        raise fail(str(exc)) from None
    if scheme is not None and generated.surface.security_scheme(scheme) is None:
        known_schemes = ", ".join(s.name for s in generated.surface.security_schemes)
        raise fail(f"{surface} has no security scheme {scheme!r} (schemes: {known_schemes})")
    if scheme is not None and generated.surface.security_scheme(scheme).family in OAUTH_FAMILIES:
        raise fail(f"{scheme!r} is an OAuth scheme ({generated.surface.security_scheme(scheme).family}): create its "
                   f"clients with `specloom clients create {surface} --tenant {tenant} --scheme {scheme} …`")
    if redirect_uris:
        raise fail(f"OAuth apps are not keys: create them with `specloom clients create {surface} --tenant {tenant} "
                   "--redirect-uri URL …`")
    wanted = scopes_arg(generated, surface, scopes)
    own_limits = _rate_limits_arg(generated, surface, rate_limits or [])
    if test and (scheme is not None and generated.surface.security_scheme(scheme).family != "apiKey"
                 or not any(s.test_prefix for s in generated.surface.security_schemes if s.family == "apiKey")):
        raise fail(f"{surface} declares no test-mode keys: --test needs an apiKey scheme with a testPrefix")
    require_tenant(tenant)
    store = open_backend(backend, surface)

    async def run():
        runtime = await ready_runtime(generated, store)
        if not await may_issue(store, generated, tenant):
            return None
        family = runtime.families.get(scheme) if scheme else None
        if family is not None and generated.surface.security_scheme(scheme).family != "apiKey":
            if not callable(getattr(family, "issue", None)):
                raise fail(f"the {generated.surface.security_scheme(scheme).family} family of {scheme!r} "
                           "issues no credentials from the command line")
            try:
                return await family.issue(tenant, wanted, origins=origins)
            except ValueError as exc:
                raise fail(str(exc)) from None
        return (await runtime.api_keys.issue(tenant, wanted, signing_secret=signing_secret,
                                             rate_limits=own_limits, test=test)).as_json()

    issued = run_closing(store, run)
    if issued is None:
        raise not_approved(surface, tenant)
    print_issued(issued, _key_rows(issued), label_width=8, secret="token", as_json=as_json)
    known = sorted(set(generated.surface.all_scopes()) - {"admin:*"})
    if not wanted and scheme is None and known:
        err.print(f"note: the key has no scopes, so every {surface} operation that needs one answers 403; "
                  f'give them with --scopes "…" ({surface} knows: {" ".join(known)} and admin:*)')


@app.command("set-rate-limit")
def keys_set_rate_limit(
    surface: str = typer.Argument(...), key_id: str = typer.Argument(...),
    limits: list[str] = typer.Argument(..., help="RULE=REQUESTS, e.g. plan=500 (the key's new plan)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON line."),
    backend: Backend = None,
) -> None:
    """Change a key's own limits for rules that allow them (a plan change); applies at once."""
    generated = load(surface)
    own_limits = _rate_limits_arg(generated, surface, limits)
    store = open_backend(backend, surface)

    async def run() -> bool:
        row = await store.get_credential(key_id)
        if row is None or row["surface"] != surface:
            return False
        return await store.set_credential_rate_limits(
            surface, key_id, {**(row.get("rate_limits") or {}), **own_limits})

    if not run_closing(store, run):
        raise fail(f"no active key {key_id!r} for {surface}", code=1)
    if as_json:
        sys.stdout.write(json.dumps({"key_id": key_id, "rate_limits": own_limits}) + "\n")
    else:
        out.print(f"{key_id}: " + " ".join(f"{k}={v}" for k, v in own_limits.items()))


@app.command("revoke")
def keys_revoke(surface: str = typer.Argument(...), key_id: str = typer.Argument(...),
                as_json: bool = typer.Option(False, "--json", help="Print one JSON line."),
                backend: Backend = None) -> None:
    """Revoke an API key by its key id."""
    load(surface)
    store = open_backend(backend, surface)

    if not run_closing(store, lambda: store.revoke_credential(surface, key_id, now_iso())):
        raise fail(f"no active key {key_id!r} for {surface}", code=1)
    if as_json:
        sys.stdout.write(json.dumps({"key_id": key_id, "revoked": True}) + "\n")
    else:
        out.print(f"revoked {key_id}")


@app.command("list")
def keys_list(surface: str = typer.Argument(...),
              tenant: Optional[str] = typer.Option(None, "--tenant", help="Only this tenant's."),
              as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
              backend: Backend = None) -> None:
    """The surface's keys, never a secret: key id, tenant, scopes, plan, signing secret (yes/no), created,
    last used (to within a minute), revoked. OAuth clients: `specloom clients list`."""
    from specloom.runtime.auth.oauth_client_credentials import CLIENT_KIND

    from .listing import credential_rows, print_rows

    load(surface)
    store = open_backend(backend, surface)
    rows = run_closing(store, lambda: credential_rows(store, surface, exclude=(CLIENT_KIND,)))
    rows = [r for r in rows if tenant is None or r["tenant"] == tenant]
    print_rows(rows, [("key_id", "key id"), ("tenant", "tenant"), ("kind", "kind"), ("scopes", "scopes"),
                      ("rate_limits", "plan"), ("signing_secret", "signing"), ("created_at", "created"),
                      ("last_used_at", "last used"), ("revoked_at", "revoked")],
               as_json=as_json, empty=f"{surface}: no keys" + (f" for tenant {tenant}" if tenant else "")
               + f" yet (create one with `specloom keys create {surface} --tenant TENANT`)")
