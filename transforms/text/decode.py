"""Bytes of a text file -> str, with a clear error for input that is not text.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded directly; anything else goes to
charset-normalizer, a maintained detector. Known binary signatures and NUL bytes are refused
with a message that says what the file looks like.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "gzip data (name it .gz to have it decompressed)",
    b"BZh": "bzip2 data (name it .bz2 to have it decompressed)",
    b"\x28\xb5\x2f\xfd": "zstd data (name it .zst to have it decompressed)",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
}


class NotTextError(ValueError):
    """The bytes are not text we can read."""


def decode_text(data: bytes, encoding: str | None = None) -> str:
    if not data.strip():
        raise NotTextError("empty file")
    if encoding:
        return data.decode(encoding)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise NotTextError(f"binary file: looks like {kind}")
    if b"\x00" in data[:8192]:
        raise NotTextError("binary file: contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    best = from_bytes(data).best()
    if best is None:
        raise NotTextError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits")
    return str(best)
