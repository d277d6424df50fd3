"""JSON Lines, table and CSV output of result records."""

from __future__ import annotations

import io
import json

from cli.output import _width, write_records

RECORDS = [
    {"file": "建物.gml", "features": {"Building": 3, "Road": 0}, "uro": None, "depth_m": [0.5, 3.0]},
    {"file": "b.gml", "features": {"Building": 10, "Road": 2}, "uro": "3.1", "depth_m": None},
]


def test_json_lines_are_utf8_one_object_per_line():
    out = io.StringIO()
    assert write_records(iter(RECORDS), "json", out) == 2
    lines = out.getvalue().splitlines()
    assert lines[0].startswith('{"file": "建物.gml"')
    assert [json.loads(line) for line in lines] == RECORDS


def test_csv_flattens_nested_keys_and_keeps_nulls_empty():
    out = io.StringIO()
    write_records(RECORDS, "csv", out)
    assert out.getvalue().splitlines() == [
        "file,features.Building,features.Road,uro,depth_m",
        '建物.gml,3,0,,"[0.5, 3.0]"',
        "b.gml,10,2,3.1,",
    ]


def test_table_aligns_wide_characters():
    out = io.StringIO()
    write_records(RECORDS, "table", out)
    header, first, second = out.getvalue().splitlines()
    column = _width(header[: header.index("features.Building")])
    assert column == 10
    assert _width(first[: first.index(" 3 ") + 1]) == column
    assert _width(second[: second.index(" 10 ") + 1]) == column
