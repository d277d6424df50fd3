"""The user's language for every message, shared by both front ends.

Messages are written bilingually at the call site, ``t("…", "…")``, so a message and its
translation never drift apart in separate catalogues. Japanese is the default.
"""

from __future__ import annotations

LANGUAGES = ("ja", "en")
_current = "ja"


def set_language(lang: str) -> None:
    """Select the language of all later messages.

    Raises
    ------
    ValueError
        If ``lang`` is not one of :data:`LANGUAGES`.
    """
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"language should be one of {', '.join(LANGUAGES)}, got {lang!r} instead")
    _current = lang


def language() -> str:
    """Return the language currently selected ("ja" or "en")."""
    return _current


def t(ja: str, en: str, /, **values: object) -> str:
    """Return the message in the current language, formatted with ``values``.

    Examples
    --------
    >>> set_language("en")
    >>> t("{n} 件", "{n} items", n=3)
    '3 items'
    """
    text = ja if _current == "ja" else en
    return text.format(**values) if values else text
