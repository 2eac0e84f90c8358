"""Cleaning text read from other systems: HTML reduced to safe plain text, entities
decoded, and double-encoded UTF-8 ("mojibake", ``tÃ¤nne`` for ``tänne``) repaired
where the repair is unambiguous. Every importer uses these, so text is cleaned the
same way whatever the format."""

from __future__ import annotations

import html
import re

__all__ = ["plain_text", "repair_mojibake", "unescaped"]

_TAG = re.compile(r"<[^>]*(?:>|$)")
_BREAK = re.compile(r"(?i)<\s*(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>|<\s*li\b[^>]*>")
# a UTF-8 lead byte (U+00C2..U+00F4 read as Latin-1/CP1252) followed by a continuation
# byte (U+0080..U+00BF, or the CP1252 characters those bytes show as)
_SUSPECT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021"
                      "\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022"
                      "\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]")


def unescaped(value: str | None) -> str:
    """``value`` with HTML entities decoded and surrounding white space removed.

    >>> unescaped(" Fish &amp; chips &#039;n&#039; more ")
    "Fish & chips 'n' more"
    """
    return html.unescape(value or "").strip()


def plain_text(markup: str | None) -> str:
    """Plain text from an HTML fragment: tags dropped (even one cut off at the end),
    line breaks kept where blocks and ``<br>`` end, entities decoded (``&nbsp;`` as a
    space), runs of spaces collapsed. What is left is text, never markup: a ``<`` or
    ``>`` that was an entity is text again, and the exporters escape it where they write
    HTML.

    >>> plain_text("<p>Línia&nbsp;1<br>line 2</p><ul><li>a</li><li>b</li></ul><scr")
    'Línia 1\\nline 2\\na\\nb'
    """
    text = _BREAK.sub("\n", markup or "")
    text = html.unescape(_TAG.sub(" ", text)).replace("\u00a0", " ")
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """``text`` with double-encoded UTF-8 undone, and whether it was.

    The repair is made only when it is unambiguous: the text holds the tell-tale pairs
    (``Ã¤``), and read back as the bytes they stand for (Latin-1, else Windows-1252)
    it is valid UTF-8 as a whole. Anything else is returned as it is (a text that is
    really Latin-1 or that mixes both is not touched).

    >>> repair_mojibake("tÃ¤nne kovasti")
    ('tänne kovasti', True)
    >>> repair_mojibake("Ã  la carte — déjà")
    ('Ã  la carte — déjà', False)
    """
    if not _SUSPECT.search(text):
        return text, False
    for codec in ("latin-1", "cp1252"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text:
            return repaired, True
    return text, False
