"""Bytes to text for plain-text formats: UTF-8 first, then a detected legacy encoding.

Users bring manuals saved by old editors (cp1252 French, GB18030 or Big5 Chinese); refusing them would
silently drop documents, and guessing wrong would index mojibake, so detection is only trusted when
the decoded text looks like language rather than control characters.
"""

from __future__ import annotations

import unicodedata

from rag.errors import UnreadableDocument
from rag.text.invisible import FORMAT_CHARACTERS, strip_invisible

SNIFF_BYTES = 8192
WESTERN = ("cp1252", "latin_1", "iso8859_15")
_BOMS = (("utf-32", b"\xff\xfe\x00\x00"), ("utf-32", b"\x00\x00\xfe\xff"),
         ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))


def decode_text(data: bytes) -> str:
    """Decoded text with a leading BOM removed and every line ending turned into "\\n"."""
    if not data.strip():
        raise UnreadableDocument("empty file")
    text = _decode(data)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument("empty file")
    return text


def visible_text(data: bytes) -> tuple[str, dict[str, int]]:
    """`decode_text` without the characters nobody sees (rag.text.invisible), and how many went: a
    plain-text or Markdown file's stored text is still its own text, line for line (no line break
    is ever removed), as a person reading it sees it."""
    text, removed = strip_invisible(decode_text(data))
    if not text.strip():
        raise UnreadableDocument(f"no visible text ({removed} invisible characters)")
    return text, ({FORMAT_CHARACTERS: removed} if removed else {})


def _decode(data: bytes) -> str:
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableDocument(f"not decodable as text (bad {encoding})") from None
    if b"\x00" in data[:SNIFF_BYTES]:
        raise UnreadableDocument("binary file (NUL byte in the first 8 KB), not decodable as text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    if best is None:
        raise UnreadableDocument(f"not decodable as text (not UTF-8: {utf8_error}; no encoding detected)")
    # Short Latin text fits many code pages equally well (cp1257 is as likely as cp1252 for "café");
    # our documents are French, Indonesian and English, so Western European wins a near tie.
    western = [m for m in matches if m.encoding in WESTERN and m.chaos <= best.chaos + 0.1]
    if western:
        best = western[0]
    text = str(best)
    if _control_ratio(text) > 0.01:
        raise UnreadableDocument(f"not decodable as text (binary content; looks like {best.encoding})")
    return text


def _control_ratio(text: str) -> float:
    """Share of characters that no text file contains (control characters other than tab/newline)."""
    sample = text[:SNIFF_BYTES * 4]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Cs", "Co"))
    return bad / len(sample)
