"""Every call of a cached read in the pages binds to the `nps` function behind it.

`cached_read` hides the signature of what it wraps, so a positional argument where the function wants a keyword
(or a misspelt keyword) only fails when a user opens the page: this test reads every call site instead.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from components import datasource

ROOT = Path(__file__).resolve().parents[2]


def _cached_reads() -> dict[str, object]:
    return {
        name: value.__wrapped__
        for name, value in vars(datasource).items()
        if name.startswith("load_") and hasattr(value, "__wrapped__")
    }


def test_every_cached_read_call_in_pages_and_components_fits_its_function():
    reads = _cached_reads()
    assert len(reads) > 20
    sources = [*ROOT.joinpath("pages").glob("*.py"), *ROOT.joinpath("components").glob("*.py"), ROOT / "app.py"]
    misfits = []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in reads:
                signature = inspect.signature(reads[node.func.id])  # type: ignore[arg-type]
                keywords = {keyword.arg: None for keyword in node.keywords if keyword.arg}
                try:
                    signature.bind(*node.args, engine=None, **keywords)
                except TypeError as error:
                    misfits.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}: {error}")
    assert misfits == []
