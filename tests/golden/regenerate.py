"""Regenerate the golden files: `python -m tests.golden.regenerate` (then review the diff)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from specloom.generator.pipeline import build
from specloom.generator.render import render

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CASES = {
    "keywords": ROOT / "tests" / "fixtures" / "keywords" / "openapi.yaml",
    "contract": ROOT / "tests" / "fixtures" / "contract" / "openapi.yaml",
    "shopvo": ROOT / "specs" / "shopvo" / "openapi.yaml",
}


def rendered(name: str) -> dict[str, str]:
    surface, _ = build(name, CASES[name])
    return render(surface)


def main() -> int:
    for name in CASES:
        target = HERE / name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        for file, text in rendered(name).items():
            (target / file).write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
