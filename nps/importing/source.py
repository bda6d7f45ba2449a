"""The bytes of an export, from an upload held in memory or from a file on disk read a piece at a time.

A ten-million-row export is over a gigabyte: reading it whole, then checking, hashing and parsing that copy
held it in memory several times over. Every pass over the file (UTF-8 check, hash, parser) reads it from here.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PIECE_BYTES = 1 << 20


class ExportSource:
    """An upload's bytes or a file's path, with the few ways the importer reads them."""

    def __init__(self, data: bytes | None = None, *, path: Path | None = None) -> None:
        if (data is None) == (path is None):
            raise ValueError("give the bytes or a path, not both")
        self._data = data
        self.path = path
        self.size = len(data) if data is not None else path.stat().st_size  # type: ignore[union-attr]

    @classmethod
    def of(cls, source: bytes | Path | ExportSource) -> ExportSource:
        if isinstance(source, ExportSource):
            return source
        if isinstance(source, Path):
            return cls(path=source)
        return cls(bytes(source))

    def head(self, size: int) -> bytes:
        """The first `size` bytes (all of them for a shorter file)."""
        if self._data is not None:
            return self._data[:size]
        with self.path.open("rb") as file:  # type: ignore[union-attr]
            return file.read(size)

    def pieces(self, piece: int = PIECE_BYTES, start: int = 0) -> Iterator[bytes]:
        """The bytes from `start` on, `piece` at a time."""
        if self._data is not None:
            view = memoryview(self._data)
            for offset in range(start, len(self._data), piece):
                yield bytes(view[offset : offset + piece])
            return
        with self.path.open("rb") as file:  # type: ignore[union-attr]
            file.seek(start)
            while block := file.read(piece):
                yield block

    def open(self) -> BinaryIO:
        """A binary file object at the start, for a parser that reads as it goes."""
        if self._data is not None:
            return io.BytesIO(self._data)
        return self.path.open("rb")  # type: ignore[union-attr]

    def read(self) -> bytes:
        """Every byte at once: only for workbooks, whose readers need the whole file."""
        if self._data is not None:
            return self._data
        return self.path.read_bytes()  # type: ignore[union-attr]

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for block in self.pieces(4 * PIECE_BYTES):
            digest.update(block)
        return digest.hexdigest()
