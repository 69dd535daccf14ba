"""Problems found in a spec: values with a level, a message and where they are."""

from __future__ import annotations

from typing import Literal

import attrs

Level = Literal["error", "warning"]


@attrs.frozen
class Problem:
    level: Level
    message: str
    file: str
    line: int | None
    pointer: str  # JSON pointer into the document, "" for the root
    column: int | None = None  # 1-based, like the line

    @property
    def location(self) -> str:
        """`file:line:column` (as much of it as is known), the form editors and CI jump to."""
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        pointer = self.pointer or "/"
        return f"{self.location}: {self.level}: {self.message} (at #{pointer})"


class SpecInvalid(Exception):
    """Raised by the pipeline when a spec has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        super().__init__(f"{len(errors)} error(s) in spec")


def pointer_escape(token: str) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens) -> str:
    return base + "".join("/" + pointer_escape(t) for t in tokens)
