"""Reading survey exports: format, encoding and layout detection, column mapping, validated rows.

`open_export(...)` returns an `ExportReader`; `nps.importing.pipeline` writes what it yields to the store.
"""

from nps.importing.mapping import FIELDS
from nps.importing.reader import ExportReader, ParsedChunk, RowIssue, open_export
from nps.importing.sniff import ImportFileError, MappingNeeded

__all__ = ["FIELDS", "ExportReader", "ImportFileError", "MappingNeeded", "ParsedChunk", "RowIssue", "open_export"]
