"""The domain package must stay usable without Streamlit: from tests, the CLI and other tools."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "nps"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_domain_package_never_imports_streamlit_or_the_app_layers():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(_imported_modules(path) & {"streamlit", "components", "pages"})
        for path in PACKAGE.rglob("*.py")
    }
    assert {path: bad for path, bad in offenders.items() if bad} == {}
    assert len(offenders) > 5
