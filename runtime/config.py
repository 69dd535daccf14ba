"""Settings: the one place every `SPECLOOM_*` setting is defined (`SETTINGS`: name, kind,
default, description, the `serve` flag that overrides it), parsed and checked.

Where a value comes from, the first that has it wins: a command-line flag, the environment
(`SPECLOOM_…`), the TOML config file (`--config FILE` or `SPECLOOM_CONFIG`: keys are the
settings' names without the prefix, in lower case: `max_body_bytes = 1048576`), the default.
A value that does not parse is a `ConfigError`, one line naming the setting and the form it
expects; the command line prints it and exits 2. The README's Configuration table is generated
from `SETTINGS` (`python -m specloom.runtime.config`) and a test keeps the two equal.
"""

from __future__ import annotations

import ipaddress
import math
import os
import time
import tomllib
from pathlib import Path
from typing import Any, Callable

import attrs

STATE_DIR = ".specloom"
PREFIX = "SPECLOOM_"
# set by `serve` for the processes it starts (`--reload`, `--workers`), never by hand
INTERNAL = frozenset({"SPECLOOM_SERVE_SURFACE", "SPECLOOM_SERVE_BACKEND", "SPECLOOM_METRICS_DIR"})
TEST_PREFIX = "SPECLOOM_TEST_"  # the test suite's own (SPECLOOM_TEST_POSTGRES_URL)


class ConfigError(ValueError):
    """A setting whose value does not parse: one line naming it and the expected form."""


# -- kinds: how a setting's text is read, and the form it expects ------------------------------
@attrs.frozen
class Kind:
    form: str  # the expected form, as the error message and the README say it
    read: Callable[[str], Any]


def _ascii_number(raw: str, kind: type) -> int | float:
    if not raw.isascii():  # int() and float() would take any Unicode digit
        raise ValueError(raw)
    if kind is int:
        if not raw.isdigit():  # no sign, no 1_000, no 1e3
            raise ValueError(raw)
        return int(raw)
    value = float(raw)
    if math.isnan(value) or math.isinf(value):  # which float() takes, and no limit means
        raise ValueError(raw)
    return value


def _whole(minimum: int) -> Kind:
    def read(raw: str) -> int:
        value = int(_ascii_number(raw, int))
        if value < minimum:
            raise ValueError(raw)
        return value
    return Kind(f"a whole number, at least {minimum}" if minimum > 1 else
                "a whole number above 0" if minimum == 1 else "a whole number (0: none)", read)


def _seconds() -> Kind:
    def read(raw: str) -> float:
        value = float(_ascii_number(raw, float))
        if not value > 0:
            raise ValueError(raw)
        return value
    return Kind("a number of seconds above 0 (e.g. 2.5)", read)


def _flag_value(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


def _words(raw: str) -> tuple[str, ...]:
    return tuple(h.strip() for h in raw.split(",") if h.strip())


def _choice(*choices: str) -> Kind:
    def read(raw: str) -> str:
        if raw.strip().lower() not in choices:
            raise ValueError(raw)
        return raw.strip().lower()
    return Kind(" or ".join(choices), read)


def _backend_url(raw: str) -> str:
    if not raw.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise ValueError(raw)
    return raw


def _root_path(raw: str) -> str:
    if raw == "":
        return raw
    if not raw.startswith("/") or raw.endswith("/") or any(c in raw for c in "?#% ") or not raw.isascii():
        raise ValueError(raw)
    return raw


def _addresses(raw: str) -> str:
    """uvicorn's --forwarded-allow-ips: `*`, or addresses and networks separated by commas."""
    for item in _words(raw):
        if item != "*":
            ipaddress.ip_network(item, strict=False)
    return ",".join(_words(raw))


def _smtp_url(raw: str) -> str:
    from specloom.runtime.mail.smtp_url import parse_smtp_url  # checks scheme, host, options, TLS with a password
    parse_smtp_url(raw)  # SmtpUrlError is a ValueError
    return raw


def _text(raw: str) -> str:
    if not raw:
        raise ValueError(raw)
    return raw


FLAG = Kind("1, true, yes, on or 0, false, no, off", _flag_value)
BYTES = Kind("a whole number of bytes above 0 (e.g. 1048576 for 1 MiB)", _whole(1).read)
HOSTS = Kind("host names separated by commas (e.g. 127.0.0.1,localhost)", _words)
URL = Kind("sqlite:///PATH or postgresql://USER@HOST:PORT/DB", _backend_url)
PATH = Kind("a file or directory path", _text)
TEXT = Kind("text, not empty", _text)
ROOT_PATH = Kind("a path starting with / and not ending with / (e.g. /api), or empty", _root_path)
SMTP = Kind("smtp://[USER:PASS@]HOST:PORT or smtps://… (options: runtime/mail/smtp_url.py)", _smtp_url)
ADDRESSES = Kind("* or IP addresses and networks separated by commas (e.g. 10.0.0.0/8,127.0.0.1)", _addresses)


@attrs.frozen
class Setting:
    name: str  # the Settings attribute, and the env name without SPECLOOM_ in upper case
    kind: Kind
    default: Any
    description: str
    flag: str | None = None  # the command-line option that overrides it
    shown_default: str | None = None  # the default as the README shows it, where repr won't do
    field: bool = True  # False: read where it is used (backend, pepper, …), not a Settings attribute

    @property
    def env(self) -> str:
        return PREFIX + self.name.upper()

    def parse(self, raw: str) -> Any:
        try:
            return self.kind.read(raw.strip() if self.kind is not TEXT else raw)
        except (ValueError, TypeError):
            raise ConfigError(f"{self.env} must be {self.kind.form}, got {raw!r}") from None

    def default_text(self) -> str:
        if self.shown_default is not None:
            return self.shown_default
        if isinstance(self.default, bool):
            return "on" if self.default else "off"
        if isinstance(self.default, float) and self.default.is_integer():
            return f"{int(self.default)}"
        if self.default in (None, (), ""):
            return "none"
        return str(self.default)


S = Setting
SETTINGS: tuple[Setting, ...] = (
    # -- where things are ---------------------------------------------------------------------
    S("config", PATH, None, "A TOML file of settings (keys: the names below without `SPECLOOM_`, in lower "
      "case); the environment and flags win over it.", "--config", field=False),
    S("backend", URL, None, "The store of every command.", "--backend",
      "`sqlite:///<state dir>/<surface>.db`", field=False),
    S("specs", PATH, None, "Where the surfaces' specs are.", shown_default="`./specs`", field=False),
    S("state_dir", PATH, None, "Where generated packages and default SQLite files go.",
      shown_default="`./.specloom`", field=False),
    S("pepper", TEXT, None, "The secret API key hashes and cursor signatures use; the same on every "
      "process; never changed once keys are issued.", shown_default="generated on first run, kept in the store",
      field=False),
    # -- serving ------------------------------------------------------------------------------
    S("workers", _whole(1), 1, "`serve`: worker processes (uvicorn's), each with the whole app.", "--workers"),
    S("proxy_headers", FLAG, True, "`serve`: take the client address and scheme from `X-Forwarded-For` / "
      "`X-Forwarded-Proto` when the peer is a trusted proxy.", "--proxy-headers/--no-proxy-headers"),
    S("forwarded_allow_ips", ADDRESSES, None, "`serve`: the trusted proxies' addresses.",
      "--forwarded-allow-ips", "`127.0.0.1` (uvicorn's `FORWARDED_ALLOW_IPS` if set)"),
    S("root_path", ROOT_PATH, "", "`serve`: the path prefix a proxy serves the API under (ASGI root_path).",
      "--root-path"),
    S("access_log", FLAG, True, "`serve`: one log line per request.", "--access-log/--no-access-log"),
    S("log_format", _choice("text", "json"), "text", "`serve`: `json` writes every log line as one JSON object "
      "(access lines: request id, operation, status, duration, tenant).", "--log-format"),
    S("log_level", _choice("debug", "info", "warning", "error"), "info", "`serve`: the lowest level logged.",
      "--log-level"),
    S("graceful_timeout_seconds", _seconds(), 30.0, "`serve`: on SIGTERM, how long in-flight requests, webhook "
      "deliveries and jobs may take to finish before they are cancelled.", "--graceful-timeout"),
    S("health", FLAG, True, "Serve `/healthz` and `/readyz` (not rate-limited, no credential).", "--health/--no-health"),
    S("metrics", FLAG, False, "Serve Prometheus metrics at `/metrics`.", "--metrics/--no-metrics"),
    S("metrics_token", TEXT, None, "When set, `/metrics` wants `Authorization: Bearer <token>`."),
    S("validate_responses", FLAG, True, "Check every response against the spec (500 when one breaks it).",
      "--validate-responses/--no-validate-responses"),
    # -- request limits -----------------------------------------------------------------------
    S("max_body_bytes", BYTES, None, "Largest request body (413 above); overrides the spec's "
      "`x-specloom.limits.maxBodyBytes`.", shown_default="the spec's, else 1 MiB"),
    S("max_json_depth", _whole(1), 64, "How deeply a JSON body may nest (a validation error above)."),
    S("max_header_bytes", _whole(1024), 16 * 1024, "Largest request head: request line and headers (431 above).",
      "--max-header-bytes"),
    S("header_timeout_seconds", _seconds(), 10.0, "Time to send a request head (408, or a close if nothing "
      "came).", "--header-timeout"),
    S("body_timeout_seconds", _seconds(), 30.0, "Time to send a body after its head (408; the request is not "
      "executed).", "--body-timeout"),
    S("keep_alive_seconds", _seconds(), 5.0, "How long a kept-alive connection may idle.", "--keep-alive"),
    S("max_connections", _whole(1), 1000, "Open connections per process (503 + `Retry-After: 1` above).",
      "--max-connections"),
    S("idempotency_in_flight_seconds", _seconds(), 60.0, "Age after which an `Idempotency-Key` claim counts as a "
      "crashed request's (409 `idempotency_in_flight` before)."),
    # -- rate limits --------------------------------------------------------------------------
    S("rate_limits", FLAG, True, "Rate limits, all of them (declared and default); off for load tests."),
    S("public_rate_limit", _whole(0), 60, "Public operations: requests per client IP a minute (surfaces "
      "without `publicRateLimits`)."),
    S("public_failure_limit", _whole(0), 10, "Public operations: failed attempts (their own 401s) per client "
      "IP a minute."),
    # -- webhooks -----------------------------------------------------------------------------
    S("webhook_delivery", FLAG, True, "Run the webhook delivery worker."),
    S("webhook_poll_seconds", _seconds(), 1.0, "How often the worker polls the outbox."),
    S("webhook_backoff_seconds", _seconds(), None, "Overrides the spec's first retry delay (tests).",
      shown_default="the spec's"),
    S("webhook_http_hosts", HOSTS, (), "Hosts a subscription URL may name over plain http or at a private "
      "address (development, tests).", shown_default="none: https to public hosts only"),
    S("webhook_retention_seconds", _seconds(), 7 * 24 * 3600.0, "How long finished deliveries are kept for "
      "`specloom webhooks deliveries`.", shown_default="604800 (7 days)"),
    S("job_heartbeat_seconds", _seconds(), 10.0, "Jobs (remote ingest): how often a running job's claim is "
      "renewed; a job whose claim was not renewed for three of these (its process died) is run again."),
    # -- remote ingest ------------------------------------------------------------------------
    S("ingest_hosts", HOSTS, (), "Remote ingest (`ingest.remote`): the hosts files may be fetched from, "
      "replacing the spec's `allowedHosts` (same patterns: `cdn.example.com`, `*.example.com`).",
      shown_default="the spec's `allowedHosts`"),
    S("ingest_extra_hosts", HOSTS, (), "Remote ingest: hosts allowed besides the spec's (or "
      "`SPECLOOM_INGEST_HOSTS`'), e.g. the deployment's own CDN."),
    S("ingest_http_hosts", HOSTS, (), "Remote ingest: hosts that are allowed and may also be fetched over plain "
      "http or at a private address (development, tests: `127.0.0.1`).",
      shown_default="none: https to public addresses only"),
    # -- files --------------------------------------------------------------------------------
    S("public_url", TEXT, None, "The address clients reach the API at (`https://api.example.com`), for links "
      "the server hands out: upload URLs, download links in e-mails.",
      shown_default="the request's own scheme and host"),
    S("blob_dir", PATH, None, "Where a SQLite store keeps file bytes (`x-specloom.files`); a PostgreSQL "
      "store keeps them in the database.", shown_default="`<SQLite file>.blobs/` beside it"),
    # -- e-mail -------------------------------------------------------------------------------
    S("smtp_url", SMTP, None, "Where e-mail (delivery e-mails, one-time codes) is sent: "
      "`smtp://user:pass@host:587` (STARTTLS), `smtps://…:465` (TLS).",
      shown_default="none: e-mail is written to the log (development)"),
    S("mail_from", TEXT, None, "The From address of e-mail; overrides the spec's `x-specloom.mail.from`.",
      shown_default="the spec's, else `specloom@localhost`"),
    S("mail_delivery", FLAG, True, "Run the mail worker (sends the mail outbox)."),
    S("mail_poll_seconds", _seconds(), 1.0, "How often the mail worker polls the outbox."),
    S("mail_backoff_seconds", _seconds(), None, "First retry delay of a message the SMTP server did not take "
      "(doubling, at most 1 hour).", shown_default="5"),
    # -- scheduled sweeps (x-specloom resources' `sweeps`) ------------------------------------
    S("sweeps", FLAG, True, "Run the scheduled sweeps (a cart idle with items becomes ABANDONED and "
      "`cart.abandoned` fires); each due record is swept once however many processes share the store."),
    S("sweep_poll_seconds", _seconds(), 1.0, "How often the sweep worker wakes to run the sweeps whose "
      "`every` has passed."),
    S("sweep_every_seconds", _seconds(), None, "Overrides every sweep's own `every` (tests, a deployment "
      "that wants them sooner).", shown_default="the spec's"),
    # -- payments (x-specloom.payments) -------------------------------------------------------
    S("payment_provider", TEXT, None, "The payment provider: a registered name or `package.module:factory` "
      "(runtime/payments/registry.py); overrides the spec's `payments.provider`.", shown_default="the spec's"),
    S("payment_secret", TEXT, None, "The secret payment callbacks are signed with (a real provider's webhook "
      "secret); the same on every process.", shown_default="derived from the pepper, per surface and provider"),
    S("payment_callback_base", TEXT, None, "Where the test provider POSTs its callbacks (`http://10.0.0.5:8000`), "
      "when the address the server listens on is not the one to reach it at (behind a proxy).",
      shown_default="the address the server listens on"),
)
BY_ENV = {s.env: s for s in SETTINGS}
BY_NAME = {s.name: s for s in SETTINGS}


@attrs.frozen
class Settings:
    validate_responses: bool = True
    max_body_bytes: int | None = None  # None: the surface's own limit (default 1 MiB)
    rate_limits: bool = True
    # outgoing webhooks (runtime/webhooks/): the delivery worker runs, how often it polls
    # the outbox, an override of the spec's first retry delay (tests), and hosts a
    # subscription URL may name over plain http (tests, development: `127.0.0.1`, `localhost`)
    webhook_delivery: bool = True
    webhook_poll_seconds: float = 1.0
    webhook_backoff_seconds: float | None = None
    webhook_http_hosts: tuple[str, ...] = ()
    # finished outbox rows (delivered, failed) are kept this long for `specloom webhooks
    # deliveries`, then purged by the worker
    webhook_retention_seconds: float = 7 * 24 * 3600.0
    # an Idempotency-Key claim older than this is taken to be from a crashed process and may
    # be taken over by a retry (runtime/policies/idempotency.py)
    idempotency_in_flight_seconds: float = 60.0
    # request hardening: how deep a JSON body may nest (runtime/http/validation.py), and what
    # `serve`'s HTTP server allows one connection (runtime/http/connection_limits.py): the size
    # of a request head (431 above it), the time to send the head and then the body (408), the
    # idle time between requests on a kept-alive connection, and open connections at once (503)
    max_json_depth: int = 64
    max_header_bytes: int = 16 * 1024
    header_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 30.0
    keep_alive_seconds: float = 5.0
    max_connections: int = 1000
    # per client IP, on operations callable without a credential of surfaces whose spec
    # declares no `publicRateLimits` (runtime/policies/rate_limit.py): requests a minute, and
    # failed attempts a minute (the operation's own 401 answers: wrong client secrets,
    # passwords, codes); 0 switches one off
    public_rate_limit: int = 60
    public_failure_limit: int = 10
    # serving (runtime/cli/serve.py) and what it exposes besides the API (runtime/http/observe.py)
    workers: int = 1
    proxy_headers: bool = True
    forwarded_allow_ips: str | None = None
    root_path: str = ""
    access_log: bool = True
    log_format: str = "text"
    log_level: str = "info"
    graceful_timeout_seconds: float = 30.0
    health: bool = True
    metrics: bool = False
    metrics_token: str | None = None
    job_heartbeat_seconds: float = 10.0  # runtime/services/jobs.py: claims of running jobs
    # remote ingest (runtime/actions/ingest.py): hosts replacing the spec's allow-list, hosts
    # added to it, and hosts also allowed over http and at private addresses
    ingest_hosts: tuple[str, ...] = ()
    ingest_extra_hosts: tuple[str, ...] = ()
    ingest_http_hosts: tuple[str, ...] = ()
    # files (x-specloom.files): the base of links handed out, and a SQLite store's blob directory
    public_url: str | None = None
    blob_dir: str | None = None
    # e-mail (runtime/mail/): the SMTP server (None: development mode, messages go to the log),
    # the From address, whether the mail worker runs, its poll and first retry delay
    smtp_url: str | None = None
    mail_from: str | None = None
    mail_delivery: bool = True
    mail_poll_seconds: float = 1.0
    mail_backoff_seconds: float | None = None
    # scheduled sweeps (runtime/services/sweeps.py): whether the worker runs, how often it wakes,
    # and an override of every sweep's `every`
    sweeps: bool = True
    sweep_poll_seconds: float = 1.0
    sweep_every_seconds: float | None = None
    # payments (runtime/payments/): the provider replacing the spec's, its callback secret (None:
    # derived from the pepper), and where the test provider's callbacks go (None: this server)
    payment_provider: str | None = None
    payment_secret: str | None = None
    payment_callback_base: str | None = None
    # the time rate-limit windows are counted by (tests pin it so a window never rolls over)
    clock: Callable[[], float] = time.time

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Every setting from the environment (checked: `ConfigError`), then `overrides` (the
        command line's, None for an option not given)."""
        check_environment()
        values = {s.name: s.parse(os.environ[s.env]) for s in SETTINGS if s.field and os.environ.get(s.env)}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def check_environment() -> None:
    """Parse every SPECLOOM_* setting set in the environment: the first bad one is a
    ConfigError (process-level ones too: the backend URL, the paths)."""
    for setting in SETTINGS:
        raw = os.environ.get(setting.env)
        if raw:  # empty is unset
            setting.parse(raw)


def export(settings: Settings) -> None:
    """Put every setting of `settings` into the environment, for the processes `serve` starts
    (`--workers`, `--reload`): each reads the same settings with `Settings.from_env()`."""
    for setting in SETTINGS:
        if not setting.field:
            continue
        value = getattr(settings, setting.name)
        if value is None:
            os.environ.pop(setting.env, None)
        elif isinstance(value, bool):
            os.environ[setting.env] = "1" if value else "0"
        elif isinstance(value, tuple):
            os.environ[setting.env] = ",".join(value)
        else:
            os.environ[setting.env] = str(value)


def unknown_environment() -> list[str]:
    """SPECLOOM_* variables that name no setting (a typo would otherwise pass unnoticed)."""
    return sorted(k for k in os.environ if k.startswith(PREFIX) and k not in BY_ENV and k not in INTERNAL
                  and not k.startswith(TEST_PREFIX))


def apply_config_file(path: str | os.PathLike | None) -> list[str]:
    """Put the settings of a TOML file into the environment, where the environment does not
    have them already (the environment wins): every later reader, and every process `serve`
    starts, sees them. Returns the names taken from the file. An unreadable file, an unknown
    key or a value of the wrong form is a ConfigError naming the file and key."""
    if not path:
        return []
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: not valid TOML ({exc})") from None
    taken = []
    for key, value in data.items():
        setting = BY_NAME.get(key)
        if setting is None or setting.name == "config":
            raise ConfigError(f"config file {path}: unknown setting {key!r} (settings: "
                              f"{', '.join(s.name for s in SETTINGS if s.name != 'config')})")
        raw = _as_text(value)
        if raw is None:
            raise ConfigError(f"config file {path}: {key} must be {setting.kind.form}, got {value!r}")
        try:
            setting.parse(raw)
        except ConfigError:
            raise ConfigError(f"config file {path}: {key} must be {setting.kind.form}, got {value!r}") from None
        if setting.env not in os.environ:
            os.environ[setting.env] = raw
            taken.append(setting.name)
    return taken


def _as_text(value: Any) -> str | None:
    """A TOML value as the environment would spell it."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return None


def markdown_table() -> str:
    """The README's Configuration table, from SETTINGS."""
    rows = ["| setting | flag | expects | default | what it does |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        flag = f"`{s.flag}`" if s.flag else ""
        rows.append(f"| `{s.env}` | {flag} | {s.kind.form} | {s.default_text()} | {s.description} |")
    return "\n".join(rows) + "\n"


def state_dir() -> Path:
    return Path(os.environ.get("SPECLOOM_STATE_DIR") or STATE_DIR)


def default_backend_url(surface: str) -> str:
    configured = os.environ.get("SPECLOOM_BACKEND")
    if configured:
        return configured
    return f"sqlite:///{state_dir() / (surface + '.db')}"


if __name__ == "__main__":  # print the README's table
    print(markdown_table(), end="")
