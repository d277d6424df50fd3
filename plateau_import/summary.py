"""The ``plateau-summary`` record: one JSON object per GML file (a contract; tests pin it).

``{"file", "uro", "crs", "features": {class: n}, "risks": {kind: n}, "warnings": n}``:
``features`` counts top-level city objects (children of ``core:cityObjectMember``) by class,
``risks`` counts risk entries (each ``uro:*RiskAttribute`` element and each FY2020 hazard
``gen:genericAttributeSet``, on buildings and water bodies alike; landslide *areas* are
features, not entries). Listed keys are always present (0 when none); other classes or kinds
are added as extra keys. ``uro`` is null without an i-UR namespace; ``crs`` is null when the
file declares no ``srsName``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from jobs.feedback import Feedback
from plateau_import.records import RawFile
from plateau_import.risk_tables import KINDS

#: The feature classes every record lists.
FEATURE_CLASSES: tuple[str, ...] = ("Building", "BuildingPart", "Road", "WaterBody", "SedimentDisasterProneArea", "GenericCityObject")


def summary_record(raw: RawFile, warnings: int) -> dict[str, Any]:
    """The record of one parsed file.

    Parameters
    ----------
    raw
        The file's parse.
    warnings
        Number of distinct problems reported for the file (parsing and codelists).

    Returns
    -------
    dict
        The ``plateau-summary`` shape.
    """
    features = {name: raw.features.get(name, 0) for name in FEATURE_CLASSES}
    features.update({k: v for k, v in sorted(raw.features.items()) if k not in features})
    counts = raw.risk_counts()
    risks = {kind: counts.get(kind, 0) for kind in KINDS}
    risks.update({k: v for k, v in sorted(counts.items()) if k not in risks})
    return {
        "file": raw.label,
        "uro": raw.uro_version,
        "crs": f"EPSG:{raw.epsg}" if raw.epsg is not None else None,
        "features": features,
        "risks": risks,
        "warnings": warnings,
    }


def summarize(
    paths: Sequence[str | os.PathLike[str]],
    feedback: Feedback | None = None,
    *,
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> Iterator[dict[str, Any]]:
    """The ``plateau-summary`` records of every CityGML file among ``paths``, in input order.

    Problems go to ``feedback`` (errors for files that could not be read, which yield no
    record; warnings per value or feature).

    Examples
    --------
    >>> next(summarize(["../shared/data/plateau/22203_numazu-shi_2021/udx/tnm"]))["risks"]["tsunami"]  # doctest: +SKIP
    3
    """
    from plateau_import.data import iter_file_frames  # data builds on this module

    feedback = feedback if feedback is not None else Feedback()
    for tables in iter_file_frames(paths, feedback, cache_dir=cache_dir, workers=workers):
        yield tables.summary()
