"""`ingest.remote`: ingest a file from a URL on an allow-listed host, as a pollable job.

    x-specloom:
      resource: jobs                 # the job resource: the operation answers 202 with the job
      action: ingest.remote
      with:
        creates: assets              # the resource a completed job creates
        resultField: asset_id        # the job field that receives the created record's id
        urlField: source_url         # body field with the URL (default url)
        allowedHosts: [cdn.shopify.com, "*.s3.amazonaws.com"]
        maxBytes: 524288000
        timeoutSeconds: 60

The allow-list is the spec's `allowedHosts` unless the deployment says otherwise:
`SPECLOOM_INGEST_HOSTS` replaces it, `SPECLOOM_INGEST_EXTRA_HOSTS` adds to it, and
`SPECLOOM_INGEST_HTTP_HOSTS` adds hosts that may also be fetched over plain http and at private
addresses (development, tests). Every other host must be public, as for webhook URLs
(runtime/security/outbound_urls.py): a numeric host or a name that is not public
(`localhost`, `*.internal`) is refused at once, and before each request (each redirect hop
too) the host is resolved and refused if it resolves to a private, loopback or link-local
address; the request then connects to the address that was checked (no second lookup).

The request is checked at once: a URL whose scheme is not allowed (https only by default),
which carries credentials, or whose host is not on the allow-list or not public answers 422
(code `host_not_allowed`, `scheme_not_allowed` or `invalid_url`, with details on the URL
field); nothing is queued. Otherwise a `pending` job is inserted and queued
(runtime/services/jobs.py) and the operation answers 202 with it. In the background the file is
fetched with bounded effort — one overall timeout, at most `maxBytes` (refused up front when
`Content-Length` says more, cut off when the stream passes it), at most `maxRedirects`
redirects, each to an allow-listed host again — and hashed (SHA-256) as it streams. The job
then creates a record of `creates`: the facts of the download (file name, content type, size,
hash, source URL) in the fields `facts` names, plus the request body's fields that the
record's schema has. A failed download ends the job `failed` with an error code:
`host_not_allowed`, `download_failed`, `download_timeout` or `file_too_large`.
When the created resource is the surface's `x-specloom.files.resource`, the bytes are kept too:
they stream into the blob store (backends/blobs) as they are downloaded, committed only when the
download succeeded (a failed or interrupted one keeps nothing); otherwise only the metadata is kept.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import posixpath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from specloom.backends.blobs import blob_store
from specloom.runtime.clock import now_iso
from specloom.runtime.errors import Unprocessable
from specloom.runtime.handler_api import Reply, RequestContext
from specloom.runtime.security.outbound_urls import (
    allow_listed_url_problem,
    host_allowed,
    public_host_problem,
    resolve,
)
from specloom.runtime.services.downloads import blob_key
from specloom.runtime.services.jobs import PENDING, JobFailed, JobRunner, processor
from specloom.runtime.services.resources import TenantResources, new_id

from . import action

DEFAULT_FACTS = {"filename": "filename", "contentType": "content_type", "size": "size_bytes",
                 "sha256": "sha256", "sourceUrl": "source_url"}
DEFAULTS = {"urlField": "url", "schemes": ["https"], "maxBytes": 100 * 1024 * 1024,
            "timeoutSeconds": 60, "maxRedirects": 3, "resultField": "result_id"}


def _setting(settings: dict[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS.get(name))


def allowed_hosts(settings: dict[str, Any], deployment: Any = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the hosts files may come from, those of them also allowed over http and at private
    addresses): the spec's list, or the deployment's (`Settings.ingest_*`)."""
    http_hosts = tuple(getattr(deployment, "ingest_http_hosts", ()) or ())
    hosts = tuple(getattr(deployment, "ingest_hosts", ()) or ()) or tuple(settings.get("allowedHosts") or ())
    return hosts + tuple(getattr(deployment, "ingest_extra_hosts", ()) or ()) + http_hosts, http_hosts


def url_problem(url: str, settings: dict[str, Any], deployment: Any = None) -> tuple[str, str] | None:
    """(code, message) of why `url` may not be fetched under these settings, or None."""
    hosts, http_hosts = allowed_hosts(settings, deployment)
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        host = ""
    trusted = bool(host) and host_allowed(host, http_hosts)
    schemes = list(_setting(settings, "schemes"))
    if trusted and "http" not in schemes:
        schemes.append("http")
    problem = allow_listed_url_problem(url, schemes=schemes, allowed_hosts=hosts)
    if problem is None and not trusted:
        problem = public_host_problem(host)
    return problem


@action("ingest.remote")
async def remote(ctx: RequestContext, settings: dict[str, Any], body: Any = None, **arguments: Any) -> Reply:
    body = body or {}
    field = _setting(settings, "urlField")
    url = body.get(field)
    problem = (url_problem(url, settings, ctx.runtime.settings) if isinstance(url, str)
               else ("required", "is required"))
    if problem is not None:
        code, message = problem
        raise Unprocessable(f"body.{field}: {message}", code=code,
                            details=[{"path": f"body.{field}", "code": code, "message": message}])
    jobs = ctx.surface.resource(ctx.operation.resource)
    now = now_iso()
    job = {"id": new_id(jobs.id_prefix), "status": PENDING, "error": None}
    for name, value in body.items():  # the job remembers what it was asked (source_url...)
        if jobs.field(name) is not None and name not in jobs.read_only:
            job[name] = copy.deepcopy(value)
    if settings.get("jobType") and jobs.field("type"):
        job["type"] = settings["jobType"]
    job = await ctx.resources.seed(jobs.name, jobs.timestamps.on_create(job, now), record_events=True)
    await ctx.runtime.service(JobRunner).enqueue(tenant=ctx.tenant or "", resource=jobs.name, job_id=job["id"],
                                   kind="ingest.remote", operation_id=ctx.operation.operation_id,
                                   input=body)
    return ctx.respond.item(job, status=ctx.operation.success_status)


remote.refusals = (422,)  # schema-valid URLs it refuses: an answer by design (runtime/fuzz)


# -- the background half ------------------------------------------------------------------------
def _filename(url: str, disposition: str | None) -> str:
    if disposition and "filename=" in disposition:
        name = disposition.split("filename=", 1)[1].split(";", 1)[0].strip().strip('"')
        if name:
            return posixpath.basename(name)
    name = posixpath.basename(unquote(urlsplit(url).path))
    return name or "download"


async def fetch(url: str, settings: dict[str, Any], deployment: Any = None, sink: Any = None) -> dict[str, Any]:
    """Download `url` within the settings' bounds; the facts of the file (raises JobFailed).
    `sink(chunk)`, when given, receives the bytes as they stream (the blob store)."""
    _, http_hosts = allowed_hosts(settings, deployment)
    max_bytes = int(_setting(settings, "maxBytes"))
    timeout = float(_setting(settings, "timeoutSeconds"))
    try:
        async with asyncio.timeout(timeout):
            async with httpx.AsyncClient(follow_redirects=False, timeout=timeout, trust_env=False) as client:
                for _ in range(int(_setting(settings, "maxRedirects")) + 1):
                    problem = url_problem(url, settings, deployment)
                    if problem is not None:
                        raise JobFailed(problem[0], f"{url} {problem[1]}")
                    target, problem = await resolve(url, http_hosts)
                    if problem is not None:
                        code = "download_failed" if problem[0] == "unresolvable" else problem[0]
                        raise JobFailed(code, f"{url}: {problem[1]}")
                    assert target is not None
                    async with client.stream("GET", target.url, headers={"Host": target.host_header},
                                             extensions={"sni_hostname": target.server_name}) as response:
                        if response.is_redirect and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
                            continue
                        if response.status_code >= 400 or response.status_code < 200 or response.is_redirect:
                            raise JobFailed("download_failed",
                                            f"the remote host answered HTTP {response.status_code}")
                        declared = response.headers.get("content-length")
                        if declared and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                            raise JobFailed("file_too_large", f"the file is larger than {max_bytes} bytes")
                        digest, size = hashlib.sha256(), 0
                        async for chunk in response.aiter_bytes():
                            size += len(chunk)
                            if size > max_bytes:
                                raise JobFailed("file_too_large", f"the file is larger than {max_bytes} bytes")
                            digest.update(chunk)
                            if sink is not None:
                                await sink(chunk)
                        content_type = response.headers.get("content-type", "application/octet-stream")
                        return {"filename": _filename(url, response.headers.get("content-disposition")),
                                "contentType": content_type.split(";", 1)[0].strip(),
                                "size": size, "sha256": digest.hexdigest(), "sourceUrl": url}
                raise JobFailed("download_failed", "too many redirects")
    except TimeoutError:
        raise JobFailed("download_timeout", f"the download did not finish within {timeout:g} seconds") from None
    except httpx.TimeoutException:
        raise JobFailed("download_timeout", f"the download did not finish within {timeout:g} seconds") from None
    except httpx.HTTPError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise JobFailed("download_failed", f"the file could not be downloaded: {reason}") from None


@processor("ingest.remote")
async def ingest(runtime, entry: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    body = entry.get("input") or {}
    target = runtime.surface.resource(settings["creates"])
    doc: dict[str, Any] = {"id": new_id(target.id_prefix)}
    files = runtime.surface.files
    writer = None
    if files is not None and files.resource == target.name:  # the bytes go to the blob store as they stream
        writer = await blob_store(runtime.store, runtime.settings.blob_dir).writer()
    try:
        facts = await fetch(body[_setting(settings, "urlField")], settings, runtime.settings,
                            sink=writer.write if writer is not None else None)
        if writer is not None:
            await writer.commit(blob_key(runtime.surface.name, entry["tenant"], doc["id"]))
            writer = None
    finally:
        if writer is not None:
            await writer.abort()
    names = {**DEFAULT_FACTS, **(settings.get("facts") or {})}
    for fact, field in names.items():
        if target.field(field) is not None:
            doc[field] = facts[fact]
    for name, value in body.items():  # what the client said wins over what was guessed
        if target.field(name) is not None and name not in target.read_only and value is not None:
            doc[name] = copy.deepcopy(value)
    target.timestamps.on_create(doc, now_iso())
    created = await TenantResources(runtime.surface, runtime.store, entry["tenant"]).seed(target.name, doc, record_events=True)
    return {_setting(settings, "resultField"): created["id"]}
