"""Problems found in records: plain data with a place, a message id and its parameters.

A problem is rendered into words only at the edge (the reporter), through the message
catalogue, so the same problem reads in Danish or English.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in one file.

    ``code`` names a message in the catalogue; ``params`` fill it in. ``field`` is the
    data path as written in the record (``schedule.weekdays[0]``), empty for the file.
    """

    severity: str
    file: str
    code: str
    line: int = 0
    column: int = 0
    field: str = ""
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def error(cls, file: str, code: str, *, line: int = 0, column: int = 0, field: str = "", **params) -> Problem:
        return cls(ERROR, file, code, line, column, field, params)

    @classmethod
    def warning(cls, file: str, code: str, *, line: int = 0, column: int = 0, field: str = "", **params) -> Problem:
        return cls(WARNING, file, code, line, column, field, params)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.field, self.code)


class RecordError(Exception):
    """Raised by the loader when a file cannot be read as a record at all."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def format_path(path: tuple) -> str:
    """``("schedule", "weekdays", 0)`` -> ``schedule.weekdays[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
