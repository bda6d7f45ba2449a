"""exact customer ids: profile keys and response fingerprints keep the customer id's case

Revision ID: 0015
Revises: 0014

Imports used to key profiles by the lower-cased customer id, which merged "AB12" and "ab12" of systems whose ids
are case-sensitive. Imports now key them by the exact id (e-mail keys stay case-folded). This re-keys each
`id:` profile to the spelling it stored (`respondent.customer_id`) and recomputes the `fp:` fingerprints of its
responses (the profile key is part of them), so re-importing a file already in the store still adds nothing.
A fingerprint that no longer matches its stored material (a comment erased since) is left as it was. Profiles
that the old keys had already merged stay one profile under the first spelling seen: the store never recorded
which rows used the other one.
"""

import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 20_000
respondent = sa.table("respondent", sa.column("id"), sa.column("key"), sa.column("customer_id"))
response = sa.table(
    "response",
    sa.column("id"),
    sa.column("respondent_id"),
    sa.column("dedup_key"),
    sa.column("responded_at"),
    sa.column("score"),
    sa.column("comment"),
)


def _lower(values: list[str]) -> list[str]:
    """The case folding the old imports applied (Arrow's, which differs from Python's for a few letters)."""
    return pc.utf8_lower(pa.array(values, pa.string())).to_pylist()


def _fingerprint(key: str, responded_at: object, score: int, comment: str | None) -> str:
    """The import's `fp:` key: a hash of profile key, time to the second (naive UTC), score and comment."""
    if isinstance(responded_at, str):
        responded_at = datetime.fromisoformat(responded_at)
    if isinstance(responded_at, datetime) and responded_at.tzinfo is not None:
        responded_at = responded_at.astimezone(UTC).replace(tzinfo=None)
    material = "\x1f".join([key, responded_at.strftime("%Y-%m-%dT%H:%M:%S"), str(score), comment or ""])  # type: ignore[union-attr]
    return "fp:" + hashlib.blake2b(material.encode(), digest_size=16).hexdigest()


def _new_fingerprints(connection: sa.Connection, keys: dict[int, tuple[str, str]]) -> Iterator[tuple[int, str]]:
    """(response id, fingerprint under the new key) for the fingerprinted responses of the re-keyed profiles."""
    statement = (
        sa.select(response)
        .where(response.c.dedup_key.startswith("fp:"), response.c.respondent_id.is_not(None))
        .execution_options(yield_per=BATCH)
    )
    for row in connection.execute(statement):
        if row.respondent_id not in keys:
            continue
        old, new = keys[row.respondent_id]
        if _fingerprint(old, row.responded_at, row.score, row.comment) == row.dedup_key:
            yield row.id, _fingerprint(new, row.responded_at, row.score, row.comment)


def _update(connection: sa.Connection, table: sa.TableClause, column: str, values: list[tuple[int, str]]) -> None:
    statement = sa.update(table).where(table.c.id == sa.bindparam("row_id")).values({column: sa.bindparam("value")})
    for start in range(0, len(values), BATCH):
        part = values[start : start + BATCH]
        connection.execute(statement, [{"row_id": row_id, "value": value} for row_id, value in part])


def _rekey(choose: Callable[[str, str], tuple[str, str]]) -> None:
    """Move every case-carrying `id:` profile from one key to the other (`choose(lower, exact)` → (from, to))."""
    connection = op.get_bind()
    keys = {profile_id: choose(lower, exact) for profile_id, lower, exact in _current_keys(connection, choose)}
    fingerprints = list(_new_fingerprints(connection, keys))
    _update(connection, respondent, "key", [(profile_id, new) for profile_id, (_, new) in keys.items()])
    _update(connection, response, "dedup_key", fingerprints)


def _current_keys(
    connection: sa.Connection, choose: Callable[[str, str], tuple[str, str]]
) -> list[tuple[int, str, str]]:
    """The profiles to move: those whose key is still the `from` side of `choose`."""
    rows = connection.execute(
        sa.select(respondent.c.id, respondent.c.key, respondent.c.customer_id).where(
            respondent.c.key.startswith("id:"), respondent.c.customer_id.is_not(None)
        )
    ).all()
    lowered = _lower([row.customer_id for row in rows])
    found = []
    for row, folded in zip(rows, lowered, strict=True):
        lower, exact = "id:" + folded, "id:" + row.customer_id
        if lower != exact and row.key == choose(lower, exact)[0]:
            found.append((row.id, lower, exact))
    return found


def upgrade() -> None:
    _rekey(lambda lower, exact: (lower, exact))


def downgrade() -> None:
    """Back to lower-cased keys; refused when two profiles differ only in the case of their customer id."""
    connection = op.get_bind()
    folded = sa.func.lower(respondent.c.key)
    clash = connection.execute(
        sa.select(folded).where(respondent.c.key.startswith("id:")).group_by(folded).having(sa.func.count() > 1)
    ).first()
    if clash is not None:
        raise RuntimeError(f"two customers differ only in case ({clash[0]}): the old schema would merge them")
    _rekey(lambda lower, exact: (exact, lower))
