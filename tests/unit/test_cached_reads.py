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


def _scoped_reads() -> dict[str, object]:
    return {
        name: value
        for name, value in vars(datasource).items()
        if name.startswith(("load_", "prepare_")) and hasattr(value, "__wrapped__")
    }


def test_every_read_of_the_pages_takes_filters_the_users_scope_narrows_or_says_why_not():
    """A new read without a Filters parameter fails `cached_read` at import; this keeps the exemptions honest."""
    reads = _scoped_reads()
    assert "prepare_export_rows" in reads and "load_respondent_profile" in reads
    unscoped = [
        name
        for name, load in reads.items()
        if not load.filters_parameters and load.__wrapped__ not in datasource.UNSCOPED_READS  # type: ignore[attr-defined]
    ]
    assert unscoped == []
    assert all(reason for reason in datasource.UNSCOPED_READS.values())


def test_wrapping_a_read_without_filters_is_refused():
    def responses_of_everyone(*, engine):
        return engine

    try:
        datasource.cached_read(responses_of_everyone)
    except TypeError as error:
        assert "Filters" in str(error)
    else:
        raise AssertionError("a read without Filters was wrapped")


DIRECT_CALLS = {
    ("app.py", "count_users"): "whether the first admin must be created",
    ("components/analysis_runner.py", "count_pending"): "analysts only: how many comments wait for analysis",
    ("components/auth.py", "cookie_key"): "sign-in",
    ("components/auth.py", "authenticator_credentials"): "sign-in",
    ("components/auth.py", "session_user"): "sign-in",
    ("components/i18n.py", "session_user"): "the signed-in user's saved interface language",
    ("components/auth.py", "sign_out_everywhere"): "sign-out",
    ("components/upload_batches.py", "list_batches"): "analysts only (never scoped): the import list",
    ("components/comment_card.py", "follow_up_state"): "the follow-up of a card already drawn from a scoped read",
    ("components/comment_card.py", "deliver_pending"): "sending mail",
    ("components/attribute_admin.py", "list_attributes"): "admins only: attribute names, labels and surveys",
    ("components/mail_admin.py", "mail_settings_form"): "admins only",
    ("components/mail_admin.py", "deliver_pending"): "sending mail",
    ("components/mail_admin.py", "outbox_rows"): "admins only",
    ("components/upload_flow.py", "configured_window"): "a setting",
    ("components/upload_flow.py", "survey_mapping"): "analysts only: a survey's saved column mapping",
    ("pages/admin.py", "*"): "admins only, who are never scoped",
    ("pages/alerts.py", "*"): "analysts and admins only, who are never scoped",
}
"""Calls of `nps` functions with `engine=` outside components/datasource.py: none may read responses, since only the
datasource applies a restricted user's scope. A new one must be added here with the reason it is safe."""


def test_pages_and_components_read_responses_only_through_the_scoped_datasource():
    sources = [*ROOT.joinpath("pages").glob("*.py"), *ROOT.joinpath("components").glob("*.py"), ROOT / "app.py"]
    found = set()
    for path in sources:
        name = str(path.relative_to(ROOT))
        if name == "components/datasource.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and any(keyword.arg == "engine" for keyword in node.keywords):
                function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "?")
                found.add((name, "*") if (name, "*") in DIRECT_CALLS else (name, function))
    assert found == set(DIRECT_CALLS)
