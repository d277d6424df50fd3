"""Japanese standard grid squares (地域メッシュ, JIS X 0410): code → extent, and codes in file names.

PLATEAU files and 国土数値情報 1st-mesh files are cut along these squares and named after
them (``523855_tnm_6697_op.gml``, ``A31b-20-23_10_5131``), so the square is the area the
file's data covers.

====== ======= ======================= =======================
digits level   latitude                longitude
====== ======= ======================= =======================
4      1st     40′                     1°
6      2nd     5′ (1st ÷ 8)            7′30″ (1st ÷ 8)
8      3rd     30″ (2nd ÷ 10)          45″ (2nd ÷ 10)
9      half    15″                     22.5″
10     quarter 7.5″                    11.25″
====== ======= ======================= =======================
"""

from __future__ import annotations

import re
from pathlib import PurePath

Bounds = tuple[float, float, float, float]
"""(west, south, east, north) in degrees (JGD2011)."""

_PLATEAU_NAME = re.compile(r"^(\d{4}|\d{6}|\d{8,10})_")
_KSJ_NAME = re.compile(r"^A\d{2}[a-z]?-.*_(\d{4}|\d{6})(?:_|$)", re.IGNORECASE)


def mesh_bounds(code: str) -> Bounds:
    """The extent of a grid square.

    Parameters
    ----------
    code : str
        A 4, 6, 8, 9 or 10-digit mesh code.

    Returns
    -------
    tuple of float
        (west, south, east, north) in degrees.

    Raises
    ------
    ValueError
        If ``code`` is not a mesh code of one of these lengths.

    Examples
    --------
    >>> mesh_bounds("5131")
    (131.0, 34.0, 132.0, 34.666666666666664)
    >>> [round(v, 6) for v in mesh_bounds("52385721")]
    [138.8875, 35.1, 138.9, 35.108333]
    """
    valid = code.isdigit() and len(code) in (4, 6, 8, 9, 10)
    if not valid or (len(code) >= 6 and max(code[4:6]) > "7") or any(d not in "1234" for d in code[8:]):
        raise ValueError(f"mesh code should have 4, 6, 8, 9 or 10 digits in range, got {code!r} instead")
    height, width = 2 / 3, 1.0
    south, west = int(code[:2]) / 1.5, int(code[2:4]) + 100.0
    for start, splits in ((4, 8), (6, 10)):
        if len(code) > start:
            height, width = height / splits, width / splits
            south += int(code[start]) * height
            west += int(code[start + 1]) * width
    for digit in code[8:]:
        height, width = height / 2, width / 2
        south += height * (int(digit) > 2)
        west += width * (int(digit) % 2 == 0)
    return west, south, west + width, south + height


def mesh_code_in_name(path: str | PurePath) -> str | None:
    """The mesh code a PLATEAU or 国土数値情報 file name carries, or None.

    Examples
    --------
    >>> mesh_code_in_name("udx/tnm/523855_tnm_6697_op.gml")
    '523855'
    >>> mesh_code_in_name("A31b-20-23_10_5131.geojson")
    '5131'
    >>> mesh_code_in_name("A33-22_35Polygon.shp") is None
    True
    """
    stem = PurePath(path).name.split(".")[0]
    match = _PLATEAU_NAME.match(stem) or _KSJ_NAME.match(stem)
    if match is None:
        return None
    try:
        mesh_bounds(match.group(1))
    except ValueError:
        return None
    return match.group(1)
