"""Profile keys: customer ids match exactly, e-mails case-insensitively; the migration's fingerprint is the import's."""

import importlib.util
from datetime import datetime

import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from nps.db import MIGRATIONS_DIR
from nps.importing.pipeline import dedup_keys, respondent_keys

ids = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)
ascii_mail = st.from_regex(r"[A-Za-z0-9.]{1,12}@[A-Za-z]{1,8}\.[A-Za-z]{2,4}", fullmatch=True)


def _key(customer_id: str | None, email: str | None = None) -> str:
    return respondent_keys(pa.array([customer_id], pa.string()), pa.array([email], pa.string()))[0].as_py()


def _load_migration():
    (path,) = MIGRATIONS_DIR.glob("versions/*_exact_customer_ids.py")
    spec = importlib.util.spec_from_file_location("exact_customer_ids", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION = _load_migration()


@given(ids, ids)
def test_two_customer_ids_share_a_profile_only_when_they_are_the_same_text(first, second):
    assert (_key(first) == _key(second)) == (first == second)


@given(ascii_mail)
def test_an_e_mail_address_in_any_case_is_one_profile(address):
    assert _key(None, address) == _key(None, address.swapcase()) == f"email:{address.lower()}"


@given(ids, ascii_mail)
def test_the_customer_id_keys_the_profile_when_both_are_given(customer_id, address):
    assert _key(customer_id, address) == f"id:{customer_id}"


@given(
    ids,
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    st.integers(0, 10),
    st.one_of(st.none(), st.text(max_size=40)),
)
def test_the_migration_fingerprints_a_response_as_the_import_does(customer_id, responded_at, score, comment):
    frame = pd.DataFrame({"responded_at": pd.Series([responded_at], dtype="datetime64[us]"), "score": [score]})
    text = {"response_id": pa.array([None], pa.string()), "comment": pa.array([comment], pa.string())}
    key = _key(customer_id)
    assert dedup_keys(frame, text, pa.array([key])) == [MIGRATION._fingerprint(key, responded_at, score, comment)]
