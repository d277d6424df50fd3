"""The job contract: a stable id, a title, declared parameters, and ``run``.

Parameters are declared once with :class:`Param`; the command line builds its options from
them and the GUI fills them from dialogs, so both front ends run the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from jobs.feedback import Feedback

Record = dict[str, Any]


@dataclass(frozen=True)
class Param:
    """One parameter of a job.

    ``name`` is the Python name; on the command line a positional parameter keeps it and an
    option becomes ``--name-with-dashes``. ``help`` is ``(japanese, english)``.
    """

    name: str
    help: tuple[str, str]
    positional: bool = False
    many: bool = False
    required: bool = False
    default: Any = None
    kind: Literal["path", "str", "int", "float", "bool"] = "str"
    choices: tuple[str, ...] | None = None
    metavar: str | None = None


class Job:
    """A unit of long work. Subclasses set ``id``, ``title``, ``params`` and implement ``run``.

    ``run`` yields result records (plain JSON-able dicts, one per result, in a documented
    shape) and reports problems through ``feedback``; it raises ``Canceled`` when canceled.
    """

    id: ClassVar[str]
    title: ClassVar[tuple[str, str]]
    description: ClassVar[tuple[str, str]] = ("", "")
    params: ClassVar[tuple[Param, ...]] = ()
    example: ClassVar[str] = ""

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterable[Record]:
        raise NotImplementedError


def flatten_record(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` → ``{"a.b": 1}``; lists stay as they are."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, Mapping):
            out.update(flatten_record(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out
