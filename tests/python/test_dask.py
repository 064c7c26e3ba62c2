"""Dask: the rule book travels to worker processes and map_partitions gives the single-batch
answer."""

from __future__ import annotations

import datetime as dt
import pickle

import pandas as pd
import pyarrow as pa
import pytest

import bildungsnetz as bn

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")


def school_entry_partition(pdf: pd.DataFrame, book: bn.RuleBook) -> pd.DataFrame:
    """What runs on a worker: pandas in, pandas out, through Arrow."""
    table = pa.Table.from_pandas(pdf, preserve_index=False)
    result = book.school_entry_batch(table, school_year="2026/27", land_column="land",
                                     include=["id"])
    out: pd.DataFrame = result.to_pandas()
    out.index = pdf.index
    # Plain strings: categoricals with partition-specific categories do not concatenate well.
    for col in ("outcome", "rule_id", "citation"):
        out[col] = out[col].astype("string")
    return out


def test_map_partitions_on_local_cluster(book: bn.RuleBook) -> None:
    n = 3000
    start = dt.date(2017, 1, 1)
    pdf = pd.DataFrame({
        "id": [f"p{i}" for i in range(n)],
        "birth_date": pd.to_datetime([start + dt.timedelta(days=i) for i in range(n)]),
        "land": ["NW" if i % 3 else "RP" for i in range(n)],
    })
    expected = school_entry_partition(pdf, book)
    meta = expected.iloc[:0]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        ddf = dd.from_pandas(pdf, npartitions=6)
        got = ddf.map_partitions(school_entry_partition, book, meta=meta).compute()
    pd.testing.assert_frame_equal(got.sort_index(), expected)


def test_rule_book_pickles_small(book: bn.RuleBook) -> None:
    # A book travels as its override texts (none here), not as its tables.
    assert len(pickle.dumps(book)) < 200


def count_partition(pdf: pd.DataFrame, indicators: bn.Indicators) -> bn.Partials:
    """What runs on a worker: count a partition; the partials travel back pickled."""
    return indicators.count(pa.Table.from_pandas(pdf, preserve_index=False))


def test_monitoring_partials_on_local_cluster() -> None:
    kommunen = ["05334002", "05334004", "05334008"]
    n = 4000
    pdf = pd.DataFrame({
        "school_year": ["2024/25"] * n,
        "school_ags": [kommunen[i % 3] for i in range(n)],
        "grade": [4 if i % 2 else 7 for i in range(n)],
        "transition_schulform": [["20", "15", "10", "04"][i % 4] if i % 2 else None
                                 for i in range(n)],
        "repeater": [i % 37 == 0 for i in range(n)],
    })
    # The indicators these records feed (the others would be empty: see allow_empty).
    indicators = bn.Indicators("2024/25", kommunen,
                               ids=["uebergangsquote", "wiederholerquote", "foerderquote"])
    one_shot = indicators.publish(indicators.count(pa.Table.from_pandas(pdf)))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        parts = [client.submit(count_partition, pdf.iloc[i:i + 500], indicators)
                 for i in range(0, n, 500)]
        partials = client.gather(parts)
    merged = indicators.publish(bn.Partials.merge_all(partials))
    assert [r.tables for r in merged] == [r.tables for r in one_shot]
    # The records not counted survive the trip too: grade 7 is outside the Übergangsquote.
    assert [r.uncounted for r in merged] == [r.uncounted for r in one_shot]
    assert merged[0].uncounted == [{"reason": "grade_outside", "field": "grade", "records": n // 2,
                                    "lost": False}]
