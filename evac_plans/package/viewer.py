"""``index.html``: the self-contained viewer of a package.

Our own template (``resources/package/``) with pydeck's offline deck.gl bundle inlined — pydeck's
``to_html`` links remote files, so it is never used — and the data embedded as JSON: the map
(:mod:`evac_plans.package.mapdata`, readable) and the people with the return-file secret (the
``payload``; with a passphrase only its AES-GCM ciphertext is in the page). The page's
Content-Security-Policy allows no request at all.

The bundle (4 MB; 0.7–1.2 s to evaluate without a GPU) sits last in the page as text and the
page's script runs it after the list's first paint, so the people list and search work before
the map does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from evac_plans.package.crypto import b64, encrypt
from evac_plans.package.fields import FIELDS
from evac_plans.package.mapdata import MapData, deck_layers, hazard_labels, legend
from evac_plans.package.selection import Selection
from layers.deck import DECK_BUNDLE

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "resources" / "package"
DISASTER_TEXT = "災害時提供：災害対策基本法第49条の11第3項により、本人の同意によらず提供しています。災害対応以外に使わないでください。"
NO_LIABILITY = (
    "避難支援等実施者は、自らの安全を確保したうえで可能な範囲で支援を行うものであり、"
    "支援できなかった場合でも法的な責任や義務を負うものではありません。"
)


def _script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "\\u003c!--")


def meta(selection: Selection, data: MapData, info: dict[str, Any]) -> dict[str, Any]:
    """What the page shows about the package itself (nothing personal)."""
    fields = [{"key": k, "label": FIELDS[k].ja} for k in FIELDS if k in selection.recipient.fields]
    return {
        **info, "recipient": selection.recipient.ja, "disaster_mode": selection.disaster_mode, "disaster_text": DISASTER_TEXT,
        "no_liability": NO_LIABILITY, "bounds": list(data.bounds), "sources": data.sources, "legend": legend(), "fields": fields,
    }  # fmt: skip


def payload(selection: Selection, secret: bytes) -> dict[str, Any]:
    """The personal part of the page: the people (allowed fields only) and the return-file secret."""
    return {"people": [entry.values for entry in selection.included], "secret": b64(secret)}


def page_html(selection: Selection, data: MapData, info: dict[str, Any], secret: bytes, passphrase: str | None = None) -> str:
    """The whole viewer as one HTML string.

    Parameters
    ----------
    selection, data : Selection, MapData
        Who and what the package shows.
    info : dict
        ``package``, ``title``, ``created``, ``created_wareki``, ``expires``, ``expires_wareki``.
    secret : bytes
        The package's return-file secret (inside the payload, so encrypted with it).
    passphrase : str, optional
        Encrypt the payload (AES-GCM, PBKDF2-SHA256); the page asks for it.
    """
    personal = payload(selection, secret)
    shelters = [{"id": s.common_id, "name": s.name, "lon": s.lon, "lat": s.lat} for s in selection.shelters if s.lon is not None]
    document: dict[str, Any] = {
        "meta": meta(selection, data, info), "layers": deck_layers(data), "hazard_labels": hazard_labels(data), "shelters": shelters,
    }  # fmt: skip
    if passphrase:
        document["encrypted"] = encrypt(json.dumps(personal, ensure_ascii=False).encode("utf-8"), passphrase)
    else:
        document["payload"] = personal
    html = (TEMPLATE_DIR / "index.html").read_text(encoding="utf-8")
    parts = {
        "/*STYLE*/": (TEMPLATE_DIR / "package.css").read_text(encoding="utf-8"),
        "/*DATA*/": _script_json(document),
        "/*DECK*/": DECK_BUNDLE.read_text(encoding="utf-8").replace("</script", "<\\/script"),
        "/*APP*/": (TEMPLATE_DIR / "package.js").read_text(encoding="utf-8"),
    }
    pieces = re.split(r"(/\*(?:STYLE|DATA|DECK|APP)\*/)", html)  # split once: inserted text is never searched
    return "".join(parts.get(piece, piece) for piece in pieces)
