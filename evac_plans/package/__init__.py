"""Offline shareable packages (issue 10): per area and recipient, a signed ``.zip`` (or folder) with a
self-contained viewer, plan sheets, data files and a manifest, filtered by consent; and the
safety-check (安否確認) round trip back into the project. No Qt here.

Typical use::

    selection = select_people(store, parse_area("町内会:朝倉町自治会"), load_recipients()["community"], rules)
    selection.summary()                     # who is left out and why, before writing anything
    result = export_package(store, selection, load_map(store, selection), ExportOptions(out))
    verify_package(store, result.path)      # raises PackageVerifyError with the reason
    merge_return_file(store, "anpi-….json") # one MergeResult per person
"""

from evac_plans.package.checks import MergeResult, merge_return_file
from evac_plans.package.manifest import PackageVerifyError, verify_package
from evac_plans.package.mapdata import load_map
from evac_plans.package.selection import PackageInputError, load_recipients, parse_area, select_people
from evac_plans.package.writer import ExportOptions, ExportResult, export_package

__all__ = [
    "ExportOptions", "ExportResult", "MergeResult", "PackageInputError", "PackageVerifyError", "export_package", "load_map",
    "load_recipients", "merge_return_file", "parse_area", "select_people", "verify_package",
]  # fmt: skip
