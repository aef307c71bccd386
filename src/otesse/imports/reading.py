"""Reading an uploaded CSV safely: its encoding, its separator and its records, streamed.

A file is read twice, never held in memory: a first pass settles the encoding (UTF-8 with or
without BOM, UTF-16 with BOM, else Windows-1252, what spreadsheets write), checks that every
record parses and counts the rows; the second pass yields the records. Anything wrong with
the file as a whole is a :class:`FileRefused` before a single row is written.
"""

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

CHUNK = 1024 * 1024
MAX_COLUMNS = 500
# csv's own limit on a cell (131,072 characters); past it a cell is refused with the file.
SEPARATORS = (",", ";", "\t", "|")


class FileRefused(Exception):
    """The file cannot be imported at all (nothing was written)."""

    def __init__(self, code: str, message: str, *, row: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.row = row


@dataclass(frozen=True, slots=True)
class Table:
    path: Path
    encoding: str
    separator: str
    header: list[str]
    rows: int  # records after the header, blank ones left out

    def open(self) -> IO[str]:
        return open(self.path, encoding=self.encoding, newline="")

    def records(self, stream: IO[str]) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) after the header; the header is row 1, as in a spreadsheet."""
        reader = csv.reader(stream, delimiter=self.separator)
        try:
            next(reader)
            yield from enumerate(reader, start=2)
        except csv.Error as error:  # the first pass parsed it: only a file changed since
            raise FileRefused("file_unreadable", f"The file is not valid CSV: {error}.") from None


def _encoding(path: Path) -> str:
    with open(path, "rb") as raw:
        start = raw.read(4)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        for encoding in ("utf-8", "cp1252"):
            raw.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while chunk := raw.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return encoding
    raise FileRefused("file_encoding_unknown", "The file is neither UTF-8 nor Windows-1252 text.")


def _separator(first_line: str) -> str:
    """The separator the header uses most, outside quotes (`,` when it uses none)."""
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(SEPARATORS, key=lambda separator: counts[separator])
    return best if counts[best] else ","


def inspect_file(path: Path) -> Table:
    """The first pass: encoding, separator, header, and every record parsed and counted."""
    if path.stat().st_size == 0:
        raise FileRefused("file_empty", "The file is empty.")
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as stream:
        first_line = stream.readline(64 * 1024)
        if "\x00" in first_line:
            raise FileRefused("file_unreadable", "The file holds NUL characters: not CSV text.")
        separator = _separator(first_line)
        stream.seek(0)
        reader = csv.reader(stream, delimiter=separator)
        try:
            header = next(reader, [])
            if len(header) > MAX_COLUMNS:
                raise FileRefused(
                    "file_too_many_columns",
                    f"The file has {len(header)} columns; at most {MAX_COLUMNS} are read.",
                    row=1,
                )
            rows = sum(1 for cells in reader if any(cell.strip() for cell in cells))
        except csv.Error as error:
            raise FileRefused(
                "file_unreadable",
                f"The file is not valid CSV at line {reader.line_num}: {error}.",
                row=reader.line_num,
            ) from None
    if not any(cell.strip() for cell in header):
        raise FileRefused("file_no_header", "The first row must name the columns.", row=1)
    return Table(path, encoding, separator, header, rows)
