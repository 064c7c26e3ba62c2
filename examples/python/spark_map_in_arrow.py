"""School entry for a whole Land's children on a Spark cluster with ``mapInArrow``.

PySpark is not a dependency of bildungsnetz and is not installed by ``make test``; this example
is written for PySpark >= 3.3 (``DataFrame.mapInArrow``) with pyarrow on the workers::

    pip install pyspark pyarrow bildungsnetz
    spark-submit examples/python/spark_map_in_arrow.py learners.parquet out.parquet

The input needs columns ``id`` (str), ``birth_date`` (date) and ``land`` ('NW' or 'RP'). How it
works:

* The ``RuleBook`` is built once on the driver and shipped to the executors inside the closure;
  it pickles to its override texts (a few bytes) and is rebuilt on each worker. No global state,
  no threads at import: safe in forked Python workers.
* ``mapInArrow`` hands each Python worker an iterator of ``pyarrow.RecordBatch``; each batch goes
  to Rust as Arrow (no copy, GIL released) and comes back as Arrow.
* The result columns (outcome, effective_date, eligible_from, rule_id, citation) are
  dictionary-encoded in Arrow; Spark has no dictionary type, so they are decoded to plain
  strings here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pyarrow as pa

import bildungsnetz as bn

SCHOOL_YEAR = "2026/27"

RESULT_SCHEMA = (
    "id string, outcome string, effective_date date, eligible_from date, rule_id string, "
    "citation string"
)


def decode(table: pa.Table) -> pa.RecordBatch:
    """Dictionary columns to plain strings, one record batch (what Spark expects)."""
    columns = []
    for column in table.columns:
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        columns.append(column.combine_chunks())
    return pa.RecordBatch.from_arrays(columns, names=table.column_names)


def make_udf(
    book: bn.RuleBook, school_year: str
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    def school_entry(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            result = book.school_entry_batch(
                batch, school_year=school_year, land_column="land", include=["id"]
            )
            yield decode(pa.table(result))

    return school_entry


def main(source: str, target: str) -> None:
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("bildungsnetz-school-entry").getOrCreate()
    learners = spark.read.parquet(source).select("id", "birth_date", "land")
    book = bn.RuleBook()  # the embedded law; bn.RuleBook(overrides) for a what-if
    result = learners.mapInArrow(make_udf(book, SCHOOL_YEAR), RESULT_SCHEMA)
    result.write.mode("overwrite").parquet(target)
    result.groupBy("land" if "land" in result.columns else "outcome").count().show()
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {sys.argv[0]} LEARNERS.parquet OUT.parquet")
    main(sys.argv[1], sys.argv[2])
