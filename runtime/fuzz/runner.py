"""One fuzz run: load the surface, set up the target and its credentials, configure
Schemathesis (all checks, the fuzzed tenant pinned in every path, stateful testing through the
spec's links), run its engine, run specloom's probes, report.

Schemathesis is driven through its Python API: `schemathesis.openapi.from_dict` loads the 3.1
document, and `schemathesis.engine.from_schema(schema).execute()` runs the same phases as
`st run` (examples, coverage, fuzzing, stateful) and yields events the report is built from.
"""

from __future__ import annotations

import contextlib
import random
import re
import time
from typing import Any

import attrs
from rich.console import Console

from specloom.runtime.config import Settings
from specloom.runtime.surfaces import SurfaceUnusable, usable_surface

from .errors import FuzzUsageError
from .options import FuzzOptions
from .provisioning import mask, schemes_in_use
from .report import LiveProgress, print_header, print_report, write_junit
from .result import FuzzResult
from .tally import Finding, Tally
from .target import IN_PROCESS_BASE, Target, in_process, remote


def _load(name: str):
    try:
        return usable_surface(name)
    except SurfaceUnusable as exc:
        if not exc.problems:
            raise FuzzUsageError(str(exc)) from None
        first = next((p for p in exc.problems if p.level == "error"), exc.problems[0])
        raise FuzzUsageError(f"{name}: the spec has {exc.errors} error(s), the first {first}; see all with "
                             f"`specloom lint {name}`") from None


def _select(surface, wanted: tuple[str, ...]):
    known = [op.operation_id for op in surface.operations]
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise FuzzUsageError(f"unknown operation(s) {', '.join(unknown)} in {surface.name} "
                             f"(operations: {', '.join(known)})")
    return [op for op in surface.operations if not wanted or op.operation_id in wanted]


PHASES = ("examples", "coverage", "fuzzing", "stateful", "probes")  # Schemathesis' four, then specloom's


def check_usage(options: FuzzOptions) -> None:
    from .throttle import RateSyntaxError, parse_rate

    if options.rate is not None:
        try:
            parse_rate(options.rate)
        except RateSyntaxError as exc:
            raise FuzzUsageError(str(exc)) from None
    if options.max_time is not None and options.max_time <= 0:
        raise FuzzUsageError("--max-time must be a number of seconds above 0")
    unknown = [p for p in options.phases if p not in PHASES]
    if unknown:
        raise FuzzUsageError(f"unknown phase(s) {', '.join(unknown)}; phases: {', '.join(PHASES)}")
    if options.url and options.backend:
        raise FuzzUsageError("give --url (a running deployment) or --backend (in process), not both")
    if (options.tokens or options.tenants) and not options.url:
        raise FuzzUsageError("--token and --tenant are for --url; in process, credentials are provisioned")
    if options.max_examples < 1:
        raise FuzzUsageError("--max-examples must be at least 1")


# what Schemathesis' positive_data_acceptance accepts by default as an answer to valid data
VALID_DATA_STATUSES = ("2xx", "3xx", "401", "403", "404", "409", "429", "5xx")


def refusal_statuses(surface) -> dict[str, tuple[int, ...]]:
    """Answers by design to schema-valid data, by operation: a state-machine transition the
    record's state forbids (Aly: 422), a create's or update's ids naming no record (its
    resource's `references`), a service action's own refusals (its function's
    `refusals`: an unknown reference, a URL off the allow-list), and an Idempotency-Key the run
    reused with another request (the surface's mismatch status)."""
    from specloom.runtime.actions import action_function

    out = {}
    for op in surface.operations:
        statuses = set()
        machine = surface.resource(op.resource).state_machine if op.resource else None
        if machine is not None and op.options.get("transition"):
            statuses.add(machine.refusal_status)
        if op.resource and op.action in ("create", "update"):  # ids naming no record (`references`)
            statuses.update(r.refusal_status for r in surface.resource(op.resource).references)
        if op.is_service_action:
            try:
                statuses.update(getattr(action_function(op.action), "refusals", ()))
            except LookupError:
                pass
        idempotency = surface.idempotency
        if idempotency is not None and idempotency.applies_to(op.method):
            statuses.add(idempotency.mismatch_status)
        if statuses:
            out[op.operation_id] = tuple(sorted(statuses))
    return out


def check_names(options: FuzzOptions) -> dict[str, bool]:
    """Whether each check runs (`--checks`, `--exclude-checks`, like Schemathesis'); every
    check Schemathesis and specloom know when neither is given."""
    import schemathesis.specs.openapi.checks  # noqa: F401 - registers Schemathesis' OpenAPI checks
    from schemathesis.checks import CHECKS

    from . import checks  # noqa: F401 - registers specloom's checks

    known = sorted(c.__name__ for c in CHECKS.get_all())
    unknown = [c for c in (*options.checks, *options.exclude_checks) if c not in known and c != "all"]
    if unknown:
        raise FuzzUsageError(f"unknown check(s) {', '.join(unknown)}; checks: {', '.join(known)}")
    chosen = set(known) if not options.checks or "all" in options.checks else set(options.checks)
    return {name: name in chosen and name not in options.exclude_checks for name in known}


def confined_document(document: dict, operations: tuple[str, ...]) -> dict:
    """The document with only `operations` in it, and every response link to another operation
    removed, so that --operation confines every phase (the stateful one follows links)."""
    if not operations:
        return document
    wanted = set(operations)
    by_ref = {f"#/paths/{path.replace('~', '~0').replace('/', '~1')}/{method}": op.get("operationId")
              for path, item in (document.get("paths") or {}).items() if isinstance(item, dict)
              for method, op in item.items() if isinstance(op, dict)}

    def keep(link: dict) -> bool:
        target = link.get("operationId") or by_ref.get(str(link.get("operationRef", "")))
        return target in wanted

    paths = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            paths[path] = item
            continue
        new_item = dict(item)
        for method, op in item.items():
            if not isinstance(op, dict) or not isinstance(op.get("responses"), dict):
                continue
            responses = {}
            for status, response in op["responses"].items():
                if isinstance(response, dict) and isinstance(response.get("links"), dict):
                    response = {**response, "links": {n: link for n, link in response["links"].items()
                                                      if isinstance(link, dict) and keep(link)}}
                responses[status] = response
            new_item[method] = {**op, "responses": responses}
        # a path none of `operations` is on leaves the document: Schemathesis' examples phase
        # reached operations its `include` filter left out once a spec declared enough of them
        # (Scalev, 66); a path one of them is on keeps its other methods (the others are declared:
        # not 405)
        if any(isinstance(op, dict) and op.get("operationId") in wanted for op in item.values()):
            paths[path] = new_item
    return {**document, "paths": paths}


def left_out(document: dict, operations: tuple[str, ...]) -> frozenset[str]:
    """The operations of the (confined) document that --operation leaves out: those on a path one
    of `operations` is on. Schemathesis sends a path's other methods as unexpected ones, which
    would run them (a DELETE of a record), unless their operation is turned off."""
    if not operations:
        return frozenset()
    ids = {op.get("operationId") for item in (document.get("paths") or {}).values() if isinstance(item, dict)
           for op in item.values() if isinstance(op, dict) and op.get("operationId")}
    return frozenset(ids - set(operations))


def schemathesis_config(options: FuzzOptions, target: Target, seed: int, tenant_parameter: str | None,
                        refusals: dict[str, tuple[int, ...]] | None = None, checks: dict[str, bool] | None = None,
                        turned_off: frozenset[str] = frozenset()):
    from schemathesis.config import SchemathesisConfig

    data: dict[str, Any] = {
        "seed": seed,
        "workers": 1,  # one worker: the same seed gives the same cases
        "cache": {"enabled": False},
        # Hypothesis' health checks judge the generator (too slow on a busy machine, too many
        # duplicate inputs on a tiny input space), not the API: they must not fail a CI run
        "suppress-health-check": ["all"],
        "output": {"sanitization": {"enabled": False}},  # secrets are masked by specloom instead
        # specloom refuses text with NUL characters on every backend (PostgreSQL cannot store
        # it), a documented rule of the runtime rather than of each schema: do not send it
        "generation": {"max-examples": options.max_examples, "database": "none", "allow-x00": False},
        # the stateful phase follows the links the spec declares; Schemathesis' own inference
        # (e.g. a cart's items[].productId → every product operation) spread its small budget so
        # thin that declared chains such as create cart → get cart were never reached
        "phases": {"stateful": {"enabled": options.runs("stateful"), "inference": {"algorithms": []}},
                   **{name: {"enabled": options.runs(name)} for name in ("examples", "coverage", "fuzzing")}},
        # every built-in check and specloom's, or those --checks/--exclude-checks leave
        "checks": {"enabled": True} if checks is None else {
            "enabled": False, **{name: {"enabled": on} for name, on in checks.items()}},
    }
    if tenant_parameter and target.main.tenant is not None:
        data["parameters"] = {f"path.{tenant_parameter}": target.main.tenant}
    blocks: dict[str, dict[str, Any]] = {}
    for op_id, statuses in sorted((refusals or {}).items()):
        blocks.setdefault(op_id, {})["positive_data_acceptance"] = {
            "enabled": checks is None or checks.get("positive_data_acceptance", False),
            "expected-statuses": [
                *VALID_DATA_STATUSES, *(str(s) for s in statuses if str(s) not in VALID_DATA_STATUSES)]}
    operation_blocks = [{"include-operation-id": op_id, "checks": blocks[op_id]} for op_id in sorted(blocks)]
    # turned off, an operation is never sent, not even as another's unexpected method
    operation_blocks += [{"include-operation-id": op_id, "enabled": False} for op_id in sorted(turned_off)]
    if operation_blocks:
        data["operations"] = operation_blocks
    auth = target.main.schemathesis_auth()
    if auth:
        data["auth"] = {"openapi": auth}
    if target.app is None:
        data["base-url"] = target.base_url
    return SchemathesisConfig.from_dict(data)


def run(options: FuzzOptions, *, settings: Settings | None = None, out: Console | None = None,
        err: Console | None = None) -> FuzzResult:
    """Run one fuzz session and print its report; FuzzUsageError for unusable input."""
    out = out or Console(highlight=False, soft_wrap=True)
    err = err or Console(stderr=True, highlight=False, soft_wrap=True)
    check_usage(options)
    generated = _load(options.surface)
    surface = generated.surface
    operations = _select(surface, options.operations)
    schemes = schemes_in_use(surface, {op.operation_id for op in operations})
    if options.url:
        target = remote(generated, options.url, options.tokens, options.tenants, schemes)
    else:
        # rate limits off: a fuzz run is a burst by design, and would otherwise fuzz the 429 page
        settings = attrs.evolve(settings or Settings.from_env(), rate_limits=False)
        target = in_process(generated, options.backend, settings, schemes)
    try:
        return _run(options, generated, operations, target, out, err)
    finally:
        target.close()


def _run(options: FuzzOptions, generated, operations, target: Target, out: Console, err: Console) -> FuzzResult:
    import schemathesis
    from schemathesis.engine import Status, events, from_schema

    from .checks import Session, activate, filter_failure
    from .probes import Prober
    from .throttle import Throttle, parse_rate, patched

    surface = generated.surface
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 2**31)
    tenants = tuple(i.tenant for i in target.identities)
    print_header(out, surface.name, target.description, tenants, seed, options.max_examples, options.runs("stateful"))
    checks = check_names(options) if options.checks or options.exclude_checks else None
    throttle = Throttle(interval=parse_rate(options.rate) if options.rate else 0.0,
                        deadline=time.monotonic() + options.max_time if options.max_time else None)

    document = confined_document(generated.document, options.operations)
    refusals = {op_id: statuses for op_id, statuses in refusal_statuses(surface).items()
                if not options.operations or op_id in options.operations}
    schema = schemathesis.openapi.from_dict(document,
                                            config=schemathesis_config(options, target, seed, surface.tenant_parameter,
                                                                       refusals, checks,
                                                                       left_out(document, options.operations)))
    if options.operations:
        schema = schema.include(operation_id=list(options.operations))
    if target.app is not None:
        schema.app = target.app
        schema.location = "/openapi.json"
    schema.hook("filter_failure")(filter_failure)

    session = Session.build(surface, generated.document, target.main, target.other)
    tally = Tally(surface, operations, target.main.tenant,
                  target.server_log.explain if target.server_log is not None else None)
    running_time = 0.0
    interrupted = False
    started: dict[str, float] = {}

    def handle(event) -> None:
        nonlocal running_time, interrupted
        if isinstance(event, events.PhaseStarted):
            name = event.phase.name.value
            started[name] = time.monotonic()
            tally.phase(name)
            live.phase_started(name)
        elif isinstance(event, events.ScenarioFinished):
            name = event.phase.value
            tally.scenario(name, event.recorder, event.elapsed_time)
            if cassette is not None:
                cassette.write(event.recorder)
            live.scenario_finished(event.recorder.label, tally.phase(name))
        elif isinstance(event, events.PhaseFinished):
            name = event.phase.name.value
            phase = tally.phase(name)
            phase.seconds = time.monotonic() - started.get(name, time.monotonic())
            if event.status == Status.SKIP and event.phase.skip_reason is not None:
                phase.skipped = event.phase.skip_reason.value.replace("_", " ")
            live.phase_finished(phase)
        elif isinstance(event, events.NonFatalError):
            name = event.phase.value if event.phase is not None else "run"
            tally.error(name, event.label, event.info.title, event.info.message, event.info.code_sample)
        elif isinstance(event, events.FatalError):
            tally.add(Finding("run", "error", "Schemathesis stopped", str(event.exception), [], "run"))
        elif isinstance(event, events.Interrupted):
            interrupted = True
        elif isinstance(event, events.EngineFinished):
            running_time = event.running_time
            for failure in event.failures:
                tally.add(Finding(failure.operation or "run", "after_run", failure.title, failure.message, [], "run"))

    cassette = _cassette(options, seed)
    throttled = patched(throttle, target.client) if target.app is None else contextlib.nullcontext()
    with activate(session), throttled, cassette or contextlib.nullcontext(), \
            LiveProgress(err, len(operations)) as live:
        stream = from_schema(schema).execute()
        throttle.on_timeout = stream.stop
        timed_out = False
        try:
            for event in stream:
                handle(event)
                if not timed_out and throttle.out_of_time():  # --max-time: stop where the engine stands
                    timed_out = True
                    stream.stop()
        except KeyboardInterrupt:
            interrupted = True
            stream.stop()
            for event in stream:
                handle(event)
        timed_out = timed_out or throttle.timed_out
        if timed_out:
            interrupted = False  # stopped by --max-time, not by the user
        prober = Prober(surface, session, target.client, target.base_url, tally)
        if timed_out:
            prober.notes.append(f"stopped at --max-time ({options.max_time:g} s): not every case ran")
        if not interrupted and options.runs("probes") and throttle.out_of_time():
            prober.notes.append("specloom probes skipped: --max-time ran out")
        elif not interrupted and options.runs("probes"):
            probes_started, before = time.monotonic(), len(tally.findings)
            prober.unauthorized(operations)
            prober.alternatives(operations)
            prober.isolation(operations)
            prober.pagination(operations)
            phase = tally.phase("probes")
            phase.requests, phase.failures = prober.requests, len(tally.findings) - before
            phase.seconds = time.monotonic() - probes_started
            live.line(phase)
    not_reached: list[tuple[str, str]] = []
    if interrupted:
        tally.add(Finding("run", "interrupted", "The run was interrupted", "Not every case ran.", [], "run"))
    else:
        not_reached = tally.unreached(out_of_time=timed_out)
    if throttle.summary():
        prober.notes.append(throttle.summary())
    if session.rate_limited:
        prober.notes.append(f"{session.rate_limited} check result(s) set aside: the deployment answered 429, "
                            "so the check learnt nothing (not counted as failures)")

    result = FuzzResult(
        surface=surface.name, target=target.description, seed=seed, max_examples=options.max_examples,
        stateful=options.stateful, tenants=tenants, operations=tuple(tally.operations.values()),
        phases=tuple(tally.phases.values()),
        findings=tuple(_presentable(f, target) for f in tally.findings.values()),
        requests=tally.requests, extra_requests=session.extra_requests + prober.requests,
        seconds=running_time, fingerprint=tally.fingerprint, notes=tuple(prober.notes), reproduce_hint=_hint(surface.name, target),
        not_reached=tuple(not_reached))
    print_report(result, out)
    if options.junit is not None:
        write_junit(result, options.junit)
        out.print(f"JUnit XML: {options.junit}")
    if cassette is not None:
        out.print(f"cassette (Schemathesis VCR): {options.cassette}")
    return result


def _cassette(options: FuzzOptions, seed: int):
    """A Schemathesis VCR cassette of every request and response, secrets sanitised, or None."""
    if options.cassette is None:
        return None
    from schemathesis.config import OutputConfig
    from schemathesis.reporting.vcr import VcrWriter

    options.cassette.parent.mkdir(parents=True, exist_ok=True)
    writer = VcrWriter(output=options.cassette, config=OutputConfig())

    class Cassette:
        def __enter__(self):
            writer.__enter__()
            writer.open(seed, command=f"specloom fuzz {options.surface} --seed {seed}")
            return self

        def __exit__(self, *exc):
            return writer.__exit__(*exc)

        write = staticmethod(writer.write)

    return Cassette()


def _hint(surface: str, target: Target) -> str:
    keys = " and ".join(f"{i.placeholder} to {'credentials' if len(i.credentials) > 1 else 'a key'}"
                        + (f" of tenant {i.tenant}" if i.tenant else "") for i in target.identities)
    if target.app is None:
        which = " and ".join(f"{i.placeholder} for the {('first', 'second')[n]} --token"
                             for n, i in enumerate(target.identities)) if len(target.identities) > 1 \
            else f"{target.main.placeholder} for the --token"
        return f"In reproductions, {which}."
    return (f"Reproductions are aimed at `specloom serve {surface}` on {target.reproduce_base}: set {keys} "
            f"(`specloom keys create {surface} --tenant T --scopes admin:* --json`). Records the run created "
            "are not in that store: replay a reproduction's steps in order.")


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean(text: str, target: Target) -> str:
    text = mask(text, target.identities)
    if target.app is not None:
        text = text.replace(IN_PROCESS_BASE, target.reproduce_base)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _presentable(finding: Finding, target: Target) -> Finding:
    finding.message = _clean(finding.message, target)
    finding.title = _clean(finding.title, target)
    finding.reproduction = [_clean(step, target) for step in finding.reproduction]
    return finding
