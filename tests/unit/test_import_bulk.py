"""A million-row export streams in chunks within seconds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nps.importing import open_export

ROWS = 1_000_000


def million_row_csv() -> bytes:
    rng = np.random.default_rng(7)
    stamps = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 86_400 * 365, ROWS), unit="s")
    frame = pd.DataFrame(
        {
            "Response ID": np.char.add("R", np.arange(ROWS).astype(str)),
            "Submitted": stamps.strftime("%d/%m/%Y %H:%M:%S"),
            "Score": rng.integers(0, 11, ROWS),
            "Comment": rng.choice(["Great service", "Too slow", "", "Could be better, honestly"], ROWS),
            "Region": rng.choice(["NA", "EU", "APAC"], ROWS),
        }
    )
    frame.loc[::100_000, "Score"] = -1
    return frame.to_csv(index=False).encode()


def test_a_million_row_csv_streams_in_chunks_of_at_most_100k_rows() -> None:
    data = million_row_csv()
    reader = open_export(data)
    sizes, rejected, regions = [], 0, set()
    for chunk in reader.iter_chunks(chunk_rows=100_000):
        sizes.append(chunk.rows_read)
        rejected += len(chunk.rejected)
        regions.update(chunk.frame["Region"].unique().tolist())
    assert sum(sizes) == ROWS
    assert max(sizes) <= 100_000
    assert len(sizes) == 11
    assert rejected == 10
    assert regions == {"NA", "EU", "APAC"}
    assert reader.dayfirst is True
