"""Regenerate the SDK golden files: `python -m tests.golden.regenerate_sdk [LANG ...]` (then
review the diff). Each language pins the clients of its CASES under tests/golden/sdk/<lang>/."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from specloom.generator.sdk.render import render_sdk, sdk_of

HERE = Path(__file__).resolve().parent / "sdk"
ROOT = HERE.parent.parent.parent
SPECS = ROOT / "specs"
CASES: dict[str, tuple[str, ...]] = {
    "typescript": ("shopvo", "alza"),
    "python": ("shopvo",),
}


def rendered(language: str, surface: str, spec: Path | None = None) -> dict[str, str]:
    sdk, _ = sdk_of(surface, spec or SPECS / surface / "openapi.yaml")
    return render_sdk(sdk, language)


def golden(language: str, surface: str) -> dict[str, str]:
    base = HERE / language / surface
    return {p.relative_to(base).as_posix(): p.read_text(encoding="utf-8") for p in sorted(base.rglob("*")) if p.is_file()}


def main(languages: list[str]) -> int:
    for language in languages or list(CASES):
        for surface in CASES[language]:
            target = HERE / language / surface
            shutil.rmtree(target, ignore_errors=True)
            for file, text in rendered(language, surface).items():
                (target / file).parent.mkdir(parents=True, exist_ok=True)
                (target / file).write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
