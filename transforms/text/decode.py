"""Bytes of a text document -> str, with a clear error for input that is not text.

Order of evidence: a forced `encoding`; a UTF-16 or UTF-8 byte-order mark; known binary
signatures and NUL bytes (refused, saying what the bytes look like); UTF-16 without a mark;
strict UTF-8; an encoding the document declares (HTML `<meta charset>`, HTTP `Content-Type`);
then charset-normalizer, a maintained detector (Windows-1256, ISO-8859-6, Windows-1252, ...).

Bytes that are UTF-8 except for a few invalid sequences are a corrupt UTF-8 file, not a legacy
encoding: guessing one would turn the whole text into mojibake, so they are refused with the
position of the first bad byte.

Decoded text is then checked for mojibake (UTF-8 bytes that were once decoded as Windows-1256,
Latin-1 or Windows-1252 and saved again) and repaired when the repair is certain.
"""

from __future__ import annotations

import codecs
import re

import ftfy
from charset_normalizer import from_bytes

_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "gzip data",
    b"BZh": "bzip2 data",
    b"\x28\xb5\x2f\xfd": "zstd data",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
}
_HEAD_BYTES = 8192
# UTF-8 with this many valid multi-byte characters per invalid byte is corrupt UTF-8. Legacy
# single-byte text (Windows-1256, Latin-1) forms valid UTF-8 pairs only by accident, far below it.
_CORRUPT_UTF8_MIN_VALID_PER_INVALID = 10
# Arabic UTF-8 starts every letter with byte D8..DB, which Windows-1256 shows as these letters.
_CP1256_MOJIBAKE_LEADS = ("ط", "ظ", "ع", "غ")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class NotTextError(ValueError):
    """The bytes are not text we can read."""


def decode_text(data: bytes, encoding: str | None = None, declared: str | None = None) -> str:
    """Decode and repair mojibake; `declared` is the document's own claim, tried after UTF-8."""
    return repair_mojibake(decode_bytes(data, encoding, declared))


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its top, if any."""
    match = _DECLARED_CHARSET.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii") if match else None


def decode_bytes(data: bytes, encoding: str | None = None, declared: str | None = None) -> str:
    """Decode only: for containers (JSON Lines) whose fields are repaired one by one."""
    if not data.strip():
        raise NotTextError("empty file")
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            raise NotTextError(f"not valid {encoding} ({error.reason} at byte {error.start})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise NotTextError(f"not valid UTF-16 ({error.reason} at byte {error.start})") from None
    if data.startswith(codecs.BOM_UTF8):
        return _strict_utf8(data)
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise NotTextError(f"binary file: looks like {kind}")
    if b"\x00" in data[:_HEAD_BYTES]:
        text = _utf16_without_bom(data)
        if text is None:
            raise NotTextError("binary file: contains NUL bytes")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    if _is_corrupt_utf8(data):
        raise NotTextError(_describe_utf8_error(data, utf8_error) + "; the rest is UTF-8, so the file is corrupt")
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(data).best()
    if best is None:
        raise NotTextError(_describe_utf8_error(data, utf8_error) + " and no other encoding fits")
    return str(best)


def _strict_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotTextError(_describe_utf8_error(data, error) + " after a UTF-8 byte-order mark") from None


def _describe_utf8_error(data: bytes, error: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    return f"not valid UTF-8 ({error.reason} at byte {error.start}, line {line})"


def _is_corrupt_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(text))
    valid_multibyte = len(_NON_ASCII.findall(text)) - invalid
    return valid_multibyte >= _CORRUPT_UTF8_MIN_VALID_PER_INVALID * invalid


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a mark has a NUL in every other byte for ASCII; binary data does not
    decode to text with ordinary spacing and no control characters."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        has_controls = any(char < " " and char not in "\t\n\r" for char in text)
        spacing = text.count(" ") + text.count("\n")
        if not has_controls and spacing * 200 >= len(text):
            return text
    return None


# UTF-8 read as Latin-1/Windows-1252 turns every non-ASCII character into a lead byte
# (Â..ô) followed by a continuation byte, which those code pages show as \x80-\xbf or as the
# Windows-1252 punctuation and letters in 0x80-0x9f.
_LATIN_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_mojibake(text: str) -> str:
    """UTF-8 that was decoded as Windows-1256 (Arabic sites) or Latin-1/Windows-1252, repaired.

    The Windows-1256 repair is taken only when the whole text encodes back to bytes that are
    valid UTF-8: real Arabic in Windows-1256 never does, because its letters are not followed by
    UTF-8 continuation bytes. ftfy handles the Latin-1/Windows-1252 cases with its own checks.
    """
    if any(lead in text for lead in _CP1256_MOJIBAKE_LEADS):
        try:
            repaired = text.encode("cp1256").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        else:
            if repaired != text:
                return repaired
    if not _LATIN_MOJIBAKE.search(text):
        return text  # ftfy costs ~1 ms a page; without this pattern it has nothing to repair
    return ftfy.fix_encoding(text)
