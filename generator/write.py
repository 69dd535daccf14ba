"""Write step: put a generated package in place all at once, or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_package(files: dict[str, str], target: Path) -> Path:
    """Write `files` into a fresh sibling directory, then swap it in for `target`.

    A failure leaves `target` exactly as it was: nothing half-written is ever visible."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, text in sorted(files.items()):  # a name may hold folders (an SDK's src/client.ts)
            dest = staging / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            if old.exists():
                shutil.rmtree(old)
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
