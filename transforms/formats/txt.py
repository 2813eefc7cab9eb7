"""Text pages, one block per line as scrapers save them: the whole file is one record."""

from __future__ import annotations

from typing import BinaryIO, Iterator

from transforms.formats.base import Record, read_limited
from transforms.text.decode import decode_text


def read_txt(stream: BinaryIO, encoding: str | None = None) -> Iterator[Record]:
    yield Record(metadata={"format": "txt"}, text=decode_text(read_limited(stream), encoding))
