"""The README and CI stay true: CI runs the README's test command; every CLI command is documented."""

from __future__ import annotations

import re

from tests.support import ROOT


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def shell_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_ci_runs_the_readme_test_command():
    test_command = next(b for b in shell_blocks(readme()) if "pytest" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_cli_command_is_in_the_readme():
    from specloom.runtime.cli import app
    from specloom.runtime.cli.keys import app as keys_app

    def name(c):
        return c.name or c.callback.__name__.replace("_", "-")

    from specloom.runtime.cli.tenants import app as tenants_app

    commands = [name(c) for c in app.registered_commands] + [f"keys {name(c)}" for c in keys_app.registered_commands]
    commands += [f"tenants {name(c)}" for c in tenants_app.registered_commands]
    from specloom.runtime.cli.clients import app as clients_app

    commands += [f"clients {name(c)}" for c in clients_app.registered_commands]
    assert len(commands) >= 6
    for command in commands:
        assert f"specloom {command}" in readme(), command


def test_every_x_specloom_keyword_is_documented():
    from specloom.generator.vocabulary import keywords

    docs = (ROOT / "docs" / "x-specloom.md").read_text(encoding="utf-8")
    found = keywords()
    assert len(found) > 50
    missing = [f"{place}: {keyword}" for place, keyword in found if f"`{keyword}`" not in docs]
    assert not missing, "document these in docs/x-specloom.md: " + ", ".join(missing)
