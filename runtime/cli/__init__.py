"""The `specloom` command line: the root Typer `app`, assembled from one module per command
group, and `main()`, the console script. Exit status: 0 success, 1 a finding or failure, 2 bad
usage or unusable input (unknown surface, invalid spec, backend that cannot be opened).

    common.py    consoles, `fail`, loading a surface, opening the store, credential checks
    specs.py     list, generate           lint.py      lint (text, json, sarif, github)
    serve.py     serve                     migrate.py   migrate
    fuzz.py      fuzz                      keys.py      keys create / set-rate-limit / revoke / list
    tenants.py   tenants approve / suspend / set / list
    clients.py   clients create / revoke / list
    webhooks.py  webhooks deliveries       listing.py   what the listings share (rows, never a secret)

Every command reads its settings through runtime/config.py: `main` applies SPECLOOM_CONFIG (a TOML
file, under the environment) and checks every SPECLOOM_* setting first (one line, exit 2).
    mail.py      mail list
    data.py      data load
    sdk.py       sdk (client packages: TypeScript, Python)
"""

from __future__ import annotations

import os
import sys

import typer
from rich.markup import escape

from specloom.backends.migrations import MigrationRefused

from . import clients, data, fuzz, keys, mail, migrate, sdk, serve, specs, tenants, webhooks
from .common import err
from .lint import lint as lint_command

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="specloom: turn an OpenAPI 3.1 document into a running, stateful API.")


def _version(value: bool) -> None:
    if value:
        from specloom.generator import __version__

        sys.stdout.write(f"specloom {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """specloom: turn an OpenAPI 3.1 document into a running, stateful API."""


app.command("list")(specs.list_command)
app.command("lint")(lint_command)
app.command()(specs.generate)
app.command()(serve.serve)
app.command()(migrate.migrate)
app.command()(fuzz.fuzz)
app.command()(sdk.sdk)
app.add_typer(keys.app, name="keys")
app.add_typer(tenants.app, name="tenants")
app.add_typer(clients.app, name="clients")
app.add_typer(webhooks.app, name="webhooks")
app.add_typer(mail.app, name="mail")
app.add_typer(data.app, name="data")


def main() -> None:
    from specloom.runtime.config import ConfigError, apply_config_file, check_environment

    try:
        apply_config_file(os.environ.get("SPECLOOM_CONFIG"))  # the environment wins over the file
        check_environment()  # every SPECLOOM_* setting, one line naming a bad one (exit 2)
        app()
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(2)
    except MigrationRefused as exc:  # a command that opened the store before `specloom migrate` ran
        err.print(f"[red]error:[/red] {escape(str(exc))}\nrun `specloom migrate SURFACE --dry-run` to see the plan")
        sys.exit(2)
