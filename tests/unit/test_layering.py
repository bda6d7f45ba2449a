"""The domain package must stay usable without Streamlit: from tests, the CLI and other tools."""

import ast
import re
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


ROOT = PACKAGE.parent
CATEGORY_OWNERS = {PACKAGE / "metrics.py", PACKAGE / "counting.py"}
"""metrics.py states the 0–6 / 7–8 / 9–10 rule; counting.py turns it into SQL. Nothing else may spell it out."""
THRESHOLD_PATTERNS = [
    re.compile(r"score\w*(?:\.c\.\w+|\[[^\]]*\]|\))?\s*(?:<=|>=|<|>|==)\s*[6-9]\b"),
    re.compile(r"\b[6-9]\s*(?:<=|>=|<|>)\s*[\w.\[\]\"']*score"),
    re.compile(r"between\(\s*7\s*,\s*8\s*\)"),
    re.compile(r"SCORE_COLUMNS\[\s*[0-9:]"),
    re.compile(r"case\(.*[\"'](?:promoter|passive|detractor)[\"']"),
]


def _threshold_hits(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if any(p.search(line) for p in THRESHOLD_PATTERNS)]


def test_the_threshold_patterns_recognise_how_the_category_rule_used_to_be_written():
    written_out = [
        "func.sum(case((score >= 9, 1), else_=0))",
        "conditions = [r.c.score <= 6, open_]",
        "_daily_sum(SCORE_COLUMNS[7:9])",
        'case((r.c.score >= 9, "promoter"), (r.c.score >= 7, "passive"), else_="detractor")',
        "Response.score.between(7, 8)",
        "6 < row.score",
    ]
    assert _threshold_hits("\n".join(written_out)) == written_out
    assert _threshold_hits("if not 0 <= score <= 10:\nscores > 10") == []


def test_only_the_counting_module_writes_the_promoter_passive_detractor_rule():
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "components").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]
    sources.append(ROOT / "app.py")
    hits = {
        str(path.relative_to(ROOT)): _threshold_hits(path.read_text(encoding="utf-8"))
        for path in sources
        if path not in CATEGORY_OWNERS and "migrations" not in path.parts
    }
    assert {path: lines for path, lines in hits.items() if lines} == {}
    assert len(hits) > 20


def _calls(node: ast.AST, name: str) -> bool:
    return any(
        isinstance(call, ast.Call)
        and (getattr(call.func, "attr", None) == name or getattr(call.func, "id", None) == name)
        for call in ast.walk(node)
    )


def test_a_function_given_a_session_never_commits_it():
    """The transaction rule: `session=` functions work in their caller's transaction; `engine=` functions own one."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                parameters = [a.arg for a in (*node.args.args, *node.args.kwonlyargs)]
                if "session" in parameters and _calls(node, "commit"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert offenders == []


def test_pages_and_components_open_no_transaction():
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*(ROOT / "pages").rglob("*.py"), *(ROOT / "components").rglob("*.py"), ROOT / "app.py"]
        if _calls(tree := ast.parse(path.read_text(encoding="utf-8")), "Session") or _calls(tree, "commit")
    ]
    assert offenders == []
