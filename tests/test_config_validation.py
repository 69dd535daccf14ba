"""Every SPECLOOM_* setting is checked when a command starts: a value that does not parse is one
line naming the setting and the form it expects (exit 2, no traceback); a TOML config file
supplies what the environment does not set, and the environment wins over it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from specloom.runtime.config import (
    SETTINGS,
    ConfigError,
    Settings,
    apply_config_file,
    check_environment,
    unknown_environment,
)
from tests.support import FIXTURES

# a value each kind of setting refuses
BAD = {"a whole number": "1MB", "a number of seconds": "soon", "1, true": "maybe", "sqlite:///": "mysql://x",
       "text or json": "xml", "debug or info": "loud", "a path starting with /": "api/", "* or IP": "10.0.0.300",
       "smtp://": "http://mail", "host names": None, "a file or directory": None, "text, not empty": None}


def bad_value(setting) -> str | None:
    return next((v for prefix, v in BAD.items() if setting.kind.form.startswith(prefix)), None)


@pytest.fixture
def clean_env(monkeypatch):
    """No SPECLOOM_* variables during the test, and the environment as it was afterwards: a config
    file puts its settings into os.environ, which would otherwise leak into every later test and
    the processes they start (a 2 KiB body limit made the fuzz gate's large bodies answer 413)."""
    saved = dict(os.environ)
    for name in [k for k in os.environ if k.startswith("SPECLOOM_")]:
        monkeypatch.delenv(name)
    yield monkeypatch
    monkeypatch.undo()
    os.environ.clear()
    os.environ.update(saved)


@pytest.mark.parametrize("setting", [s for s in SETTINGS if bad_value(s) is not None], ids=lambda s: s.env)
def test_a_bad_value_is_one_line_naming_the_setting_and_its_form(setting, clean_env):
    clean_env.setenv(setting.env, bad_value(setting))
    with pytest.raises(ConfigError) as caught:
        check_environment()
        Settings.from_env()
    message = str(caught.value)
    assert message.startswith(f"{setting.env} must be {setting.kind.form}, got ")
    assert "\n" not in message


@pytest.mark.parametrize("name,raw,expected", [
    ("SPECLOOM_MAX_BODY_BYTES", "2048", ("max_body_bytes", 2048)),
    ("SPECLOOM_RATE_LIMITS", "off", ("rate_limits", False)),
    ("SPECLOOM_WEBHOOK_POLL_SECONDS", "0.25", ("webhook_poll_seconds", 0.25)),
    ("SPECLOOM_WEBHOOK_HTTP_HOSTS", "127.0.0.1, localhost", ("webhook_http_hosts", ("127.0.0.1", "localhost"))),
    ("SPECLOOM_PUBLIC_RATE_LIMIT", "0", ("public_rate_limit", 0)),
    ("SPECLOOM_LOG_FORMAT", "JSON", ("log_format", "json")),
    ("SPECLOOM_FORWARDED_ALLOW_IPS", "10.0.0.0/8, 127.0.0.1", ("forwarded_allow_ips", "10.0.0.0/8,127.0.0.1")),
])
def test_good_values_are_read(name, raw, expected, clean_env):
    clean_env.setenv(name, raw)
    field, value = expected
    assert getattr(Settings.from_env(), field) == value


def test_numbers_are_ascii_and_finite(clean_env):
    for raw in ("1_000", "１０", "-5", "nan", "inf", "1e3"):
        clean_env.setenv("SPECLOOM_MAX_CONNECTIONS", raw)
        with pytest.raises(ConfigError, match="SPECLOOM_MAX_CONNECTIONS must be a whole number above 0"):
            Settings.from_env()
    clean_env.setenv("SPECLOOM_MAX_CONNECTIONS", "7")
    for raw in ("nan", "inf", "0", "-1"):
        clean_env.setenv("SPECLOOM_KEEP_ALIVE_SECONDS", raw)
        with pytest.raises(ConfigError, match="SPECLOOM_KEEP_ALIVE_SECONDS must be a number of seconds above 0"):
            Settings.from_env()


def test_every_settings_field_has_one_definition_with_the_same_default():
    import attrs

    fields = {f.name: f.default for f in attrs.fields(Settings) if f.name != "clock"}
    defined = {s.name: s.default for s in SETTINGS if s.field}
    assert fields == defined


def test_the_config_file_fills_what_the_environment_does_not_set(tmp_path, clean_env):
    config = tmp_path / "specloom.toml"
    config.write_text('max_body_bytes = 2048\nrate_limits = false\nkeep_alive_seconds = 2.5\n'
                      'webhook_http_hosts = ["127.0.0.1", "localhost"]\n')
    clean_env.setenv("SPECLOOM_KEEP_ALIVE_SECONDS", "9")  # the environment wins
    taken = apply_config_file(config)
    settings = Settings.from_env()
    assert sorted(taken) == ["max_body_bytes", "rate_limits", "webhook_http_hosts"]
    assert (settings.max_body_bytes, settings.rate_limits, settings.keep_alive_seconds) == (2048, False, 9.0)
    assert settings.webhook_http_hosts == ("127.0.0.1", "localhost")
    assert Settings.from_env(keep_alive_seconds=1.0).keep_alive_seconds == 1.0  # and a flag wins over both


@pytest.mark.parametrize("text,message", [
    ("max_body_bytes = '1MB'\n", "max_body_bytes must be a whole number of bytes above 0"),
    ("max_bodybytes = 1\n", "unknown setting 'max_bodybytes'"),
    ("workers = [1, 2]\n", "workers must be a whole number above 0"),
    ("workers = \n", "not valid TOML"),
])
def test_a_bad_config_file_names_the_file_and_key(tmp_path, clean_env, text, message):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    with pytest.raises(ConfigError) as caught:
        apply_config_file(config)
    assert str(caught.value).startswith(f"config file {config}: ") and message in str(caught.value)


def test_unknown_specloom_variables_are_found(clean_env):
    clean_env.setenv("SPECLOOM_MAX_BODYBYTES", "10")
    clean_env.setenv("SPECLOOM_TEST_POSTGRES_URL", "postgresql://x")  # the test suite's own
    assert unknown_environment() == ["SPECLOOM_MAX_BODYBYTES"]


def cli(*args, env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SPECLOOM_")}
    base.update({"SPECLOOM_STATE_DIR": str(cwd), "SPECLOOM_SPECS": str(FIXTURES), **env})
    return subprocess.run([sys.executable, "-m", "specloom.runtime.cli", *args], capture_output=True, text=True,
                          env=base, cwd=cwd, timeout=120)


@pytest.mark.slow
@pytest.mark.parametrize("args,env,expected", [
    (("serve", "notebook"), {"SPECLOOM_MAX_BODY_BYTES": "1MB"},
     "error: SPECLOOM_MAX_BODY_BYTES must be a whole number of bytes above 0 (e.g. 1048576 for 1 MiB), got '1MB'"),
    (("keys", "create", "notebook", "--tenant", "t"), {"SPECLOOM_WEBHOOK_POLL_SECONDS": "1s"},
     "error: SPECLOOM_WEBHOOK_POLL_SECONDS must be a number of seconds above 0 (e.g. 2.5), got '1s'"),
    (("serve", "notebook", "--log-format", "xml"), {}, "error: SPECLOOM_LOG_FORMAT must be text or json, got 'xml'"),
    (("list",), {"SPECLOOM_BACKEND": "mysql://db"},
     "error: SPECLOOM_BACKEND must be sqlite:///PATH or postgresql://USER@HOST:PORT/DB, got 'mysql://db'"),
])
def test_the_command_line_stops_with_one_line_and_exit_2(tmp_path, args, env, expected):
    done = cli(*args, env=env, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == expected
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.slow
def test_serve_reads_a_config_file_and_refuses_a_bad_one(tmp_path):
    (tmp_path / "bad.toml").write_text("max_connections = 0\n")
    done = cli("serve", "notebook", "--config", str(tmp_path / "bad.toml"), env={}, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"error: config file {tmp_path / 'bad.toml'}: max_connections must be a whole "
                                   "number above 0, got 0")
    (tmp_path / "via-env.toml").write_text("max_json_depth = 'deep'\n")
    done = cli("list", env={"SPECLOOM_CONFIG": str(tmp_path / "via-env.toml")}, cwd=tmp_path)
    assert done.returncode == 2 and "max_json_depth must be a whole number above 0" in done.stderr


@pytest.mark.slow
def test_serve_warns_of_a_specloom_variable_that_names_no_setting(tmp_path):
    from tests.servers import Server

    server = Server("notebook", f"sqlite:///{tmp_path / 'nb.db'}", tmp_path,
                    env={"SPECLOOM_MAX_BODYBYTES": "2048"}).start().wait_ready()
    server.stop()
    assert ("warning: SPECLOOM_MAX_BODYBYTES is not a specloom setting: ignored (see README: Configuration)"
            in server.output())
