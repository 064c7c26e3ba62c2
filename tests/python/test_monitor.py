"""Bildungsmonitoring: indicators from records, partials that merge, protected tables."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pickle
import random
import threading
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bildungsnetz as bn
from bildungsnetz import _native

KOMMUNEN = ["05334002", "05334004", "05334008", "05334012"]
ROOT = Path(__file__).resolve().parents[2]


def records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for _ in range(n):
        grade = rng.choice([1, 4, 4, 7, 10])
        r: dict[str, Any] = {
            "school_year": "2024/25",
            "school_ags": rng.choice(KOMMUNEN),
            "residence_ags": rng.choice(KOMMUNEN),
            "schulform": rng.choice(["02", "20", "15", "10", "08"]),
            "grade": grade,
            "repeater": rng.random() < 0.05,
            "foerderbedarf": rng.random() < 0.07,
        }
        if grade == 4:
            r["recommendation"] = rng.choice(["H", "R", "GY", "R/GY"])
            r["transition_schulform"] = rng.choice(["20", "15", "10", "04"])
        if grade == 1:
            r["school_entry"] = rng.choice(["early", "on_time", "on_time", "deferred"])
        if grade == 10:
            r["qualification"] = rng.choice(["ESA", "MSA", "MSA", "OA"])
        out.append(r)
    return out


@pytest.fixture(scope="module")
def recs() -> list[dict[str, Any]]:
    return records(3000)


@pytest.fixture(scope="module")
def table(recs: list[dict[str, Any]]) -> pa.Table:
    fields = sorted({k for r in recs for k in r})
    return pa.table({k: [r.get(k) for r in recs] for k in fields})


@pytest.fixture(scope="module")
def ind() -> bn.Indicators:
    return bn.Indicators("2024/25", KOMMUNEN)


def test_inputs_agree(ind: bn.Indicators, recs: list[dict[str, Any]], table: pa.Table) -> None:
    p = ind.count(table)
    assert ind.count(recs) == p
    assert ind.count(pl.from_arrow(table)) == p
    assert ind.count(table.to_pandas()) == p
    assert ind.count(table.to_batches(max_chunksize=97)[0]) == ind.count(recs[:97])
    jsonl = "".join(json.dumps(r) + "\n" for r in recs)
    assert ind.count_jsonl(jsonl.encode()) == p
    assert ind.count_jsonl(io.BytesIO(jsonl.encode())) == p
    buf = io.BytesIO()
    pacsv.write_csv(table, buf)
    assert ind.count_csv(buf.getvalue()) == p
    assert p.total > 0


def test_merged_partials_equal_one_shot(ind: bn.Indicators, table: pa.Table) -> None:
    whole = ind.count(table)
    parts = [ind.count(table.slice(i, 700)) for i in range(0, table.num_rows, 700)]
    # Pickled as a worker would send them, merged in another order on the driver.
    shipped = [pickle.loads(pickle.dumps(p)) for p in reversed(parts)]
    merged = bn.Partials.merge_all(shipped)
    assert merged == whole
    assert sum(shipped, ind.empty()) == whole
    one = ind.publish(whole)
    two = ind.publish(merged)
    assert [r.tables for r in one] == [r.tables for r in two]


def test_protected_tables(ind: bn.Indicators, table: pa.Table) -> None:
    results = ind.compute(table)
    assert [r.id for r in results] == ind.ids
    t = results[0].table
    assert t.id == "uebergangsquote" and results[0].title
    at = pa.table(t)
    assert at.column_names == ["kommune", "transition_schulform", "margin", "count", "denominator", "rate",
                               "status"]
    statuses = set(at.column("status").to_pylist())
    assert statuses <= {"published", "primary", "secondary"}
    counts = at.column("count").to_pylist()
    for c, s in zip(counts, at.column("status").to_pylist()):
        assert (c is None) == (s in ("primary", "secondary"))
    assert t.suppressed == counts.count(None)
    csv = t.to_csv()
    assert csv.splitlines()[0] == "kommune,transition_schulform,count,denominator,rate,margin"
    assert (",.," in csv) == (t.suppressed > 0)
    assert isinstance(t.to_pandas(), pd.DataFrame) and t.to_polars().height == t.num_rows
    assert t.cell_status() == at.column("status").to_pylist()
    total = t.value([None, None])
    assert total == sum(1 for r in table.to_pylist() if r["grade"] == 4)
    assert pickle.loads(pickle.dumps(t)) == t
    again = pickle.loads(pickle.dumps(results[0]))
    assert again.tables == results[0].tables and "# uebergangsquote" in again.to_csv()
    with pytest.raises(KeyError):
        t.value(["nowhere", "x"])


def test_small_cells_suppressed(ind: bn.Indicators) -> None:
    recs = [
        {"school_year": "2024/25", "school_ags": KOMMUNEN[i % 2], "grade": 4, "transition_schulform": f}
        for i, f in enumerate(["20"] * 4 + ["15"] * 3 + ["10"] * 3 + ["04"])
    ]
    with pytest.warns(UserWarning, match="uebergang_nach_empfehlung: records not counted: 11 lost: "
                      "recommendation missing"):
        t = ind.compute(recs, allow_empty=True)[0].table
    assert t.value([None, None]) == 11
    assert t.value([KOMMUNEN[0], "04"]) is None
    with pytest.warns(UserWarning):
        rounded = ind.publish(ind.count(recs), bn.Protection.rounding(5), allow_empty=True)[0].table
    assert all(v is None or v % 5 == 0 for v in pa.table(rounded).column("count").to_pylist())
    # Suppression first (rounding alone can be undone from the margins), then rounding.
    assert set(pa.table(rounded).column("status").to_pylist()) == {"rounded", "primary", "secondary"}
    assert rounded.value([KOMMUNEN[0], "04"]) is None


def test_protection_settings() -> None:
    p = bn.Protection(min_frequency=5, dominance=(1, 85), min_interval_percent=10)
    assert (p.min_frequency, p.dominance, p.method) == (5, (1, 85), "suppression")
    assert bn.Protection.rounding(5).rounding_base == 5
    assert bn.Protection.magnitude().dominance == (1, 85)
    assert pickle.loads(pickle.dumps(p)) == p
    with pytest.raises(bn.InputError):
        bn.Protection(dominance=(4, 50))
    with pytest.raises(bn.InputError):
        bn.Protection.rounding(0)
    with pytest.raises(bn.InputError):
        bn.Protection(strategy="fast")  # type: ignore[arg-type]


def test_block_wise_protection_publishes_the_same_values(ind: bn.Indicators) -> None:
    counts = ind.count(records(400))  # few enough for small cells
    blocks = bn.Protection(strategy="blocks")
    assert blocks.strategy == "blocks" and pickle.loads(pickle.dumps(blocks)) == blocks
    suppressed = 0
    for w, b in zip(ind.publish(counts, bn.Protection(strategy="whole")), ind.publish(counts, blocks)):
        whole, split = pa.table(w.table), pa.table(b.table)
        assert whole.num_rows == split.num_rows
        for x, y in zip(whole.column("count").to_pylist(), split.column("count").to_pylist()):
            assert x is None or y is None or x == y
        suppressed += split.column("count").null_count
    assert suppressed > 0


def test_bad_inputs(ind: bn.Indicators, table: pa.Table) -> None:
    with pytest.raises(bn.ColumnError) as e:
        ind.count(table.append_column("name", pa.array(["x"] * table.num_rows)))
    assert e.value.column == "name"
    with pytest.raises(bn.MissingColumnError) as e:
        ind.count(table.drop(["school_year"]))
    assert e.value.column == "school_year"
    with pytest.raises(bn.ColumnTypeError) as e:
        ind.count(table.set_column(table.schema.get_field_index("grade"), "grade", pa.array(["4"] * table.num_rows)))
    assert e.value.column == "grade"
    sy = table.schema.get_field_index("school_year")
    with pytest.raises(bn.NullValueError) as nn:
        ind.count(table.set_column(sy, "school_year", pa.array(["2024/25"] * 9 + [None] + ["2024/25"] * (table.num_rows - 10))))
    assert (nn.value.column, nn.value.row) == ("school_year", 9)
    ags = table.schema.get_field_index("school_ags")
    bad = table.column("school_ags").to_pylist()
    bad[5] = "05999999"  # no Kommune of the set: counted under its reason (test_uncounted_records)
    assert ind.count(table.set_column(ags, "school_ags", pa.array(bad))) != ind.count(table)
    bad[5] = "5334002"
    with pytest.raises(bn.ColumnError) as e:
        ind.count(table.set_column(ags, "school_ags", pa.array(bad)))
    assert (e.value.column, e.value.row) == ("school_ags", 5) and "5334002" not in str(e.value)
    with pytest.raises(bn.ColumnError) as e:
        ind.count(pa.table({"school_year": ["2024/25"], "recommendation": ["Gymnasium"]}))
    assert e.value.column == "recommendation" and "Gymnasium" not in str(e.value)
    with pytest.raises(bn.RecordError) as rr:
        ind.count_jsonl(b'{"school_year":"2024/25"}\n{"school_year":"2024/25","grade":"x7"}\n')
    assert (rr.value.field, rr.value.line) == ("grade", 2) and "x7" not in str(rr.value)
    with pytest.raises(bn.RecordError) as rr:
        ind.count([{"school_year": "2024/25"}, {"school_year": "2024/25", "name": "Anna"}])
    assert (rr.value.field, rr.value.row) == ("name", 1) and "Anna" not in str(rr.value)
    with pytest.raises(bn.RecordError) as rr:
        ind.count_csv("school_year,repeater\n2024/25,vielleicht\n")
    assert (rr.value.field, rr.value.line) == ("repeater", 2)
    with pytest.raises(TypeError):
        ind.count(42)
    other = bn.Indicators("2024/25", KOMMUNEN, ids=["abschluesse"])
    with pytest.raises(bn.InputError):
        ind.count(table).merge(other.count(table))
    with pytest.raises(bn.InputError):
        bn.Indicators("2024/25", ["5334002"])
    with pytest.raises(bn.InputError):
        bn.Indicators("2024/25", KOMMUNEN, ids=["gluecksquote"])
    with pytest.raises(bn.InputError):
        bn.Indicators("2024/25", KOMMUNEN, convention="mars")


def test_specs_and_pickle(ind: bn.Indicators, table: pa.Table) -> None:
    copy = pickle.loads(pickle.dumps(ind))
    assert copy.ids == ind.ids and copy.count(table) == ind.count(table)
    custom = bn.Indicators.from_specs(ind.specs[:1], KOMMUNEN)
    assert custom.ids == ["uebergangsquote"]
    with pytest.raises(bn.InputError):
        bn.Indicators.from_specs([{"id": "x"}], KOMMUNEN)


def test_directory_tables_aachen() -> None:
    t = bn.directory_tables(ROOT / "tests" / "data" / "nrw-schulverzeichnis-2024-25.csv", "05334")
    assert t.schools_without_pupils == 0
    pupils = pa.table(t.pupils_by_schulform)
    assert pupils.column_names[:4] == ["kommune", "schulform", "margin", "pupils"]
    assert all(k is None or k.startswith("05334") for k in pupils.column("kommune").to_pylist())
    schools = t.schools.to_pandas()
    assert (schools["status"] == "published").all()
    assert t.pupils_by_sozialindex.suppressed > 0
    with pytest.raises(bn.InputError):
        bn.directory_tables(ROOT / "tests" / "data" / "nrw-schulverzeichnis-2024-25.csv", "09")
    with pytest.raises(OSError):
        bn.directory_tables(ROOT / "nope.csv", "05")


# ---------------------------------------------------------------------------------------------
# Issue 17: readers that never lose a row, strict inputs, bounded reads.

STRAY_QUOTE = (
    "Schulnummer,Schulform,Amtliche Bezeichnung 1,Amtlicher Gemeindeschlüssel,Anzahl,"
    "Startchancen-Schule\n"
    "100020,Grundschule,Schule A,5111000,220,0\n"
    '100061,Grundschule,Schule B,5111000,305,"0\n'
    "100062,Grundschule,Schule C,5111000,100,0\n"
    "100063,Grundschule,Schule D,5111000,100,0\n"
    "100064,Grundschule,Schule E,5111000,100,0\n"
)


def test_r02_a_stray_quote_loses_no_row() -> None:
    """Reproducer r02: one unbalanced quote used to swallow every following row, silently."""
    none = bn.Protection(min_frequency=1, min_interval_width=0)
    for source in (STRAY_QUOTE.encode(), STRAY_QUOTE, io.BytesIO(STRAY_QUOTE.encode())):
        t = bn.directory_tables(source, "05", none)
        assert t.schools.value([None, None]) == 4
        assert (t.rows, t.rejected) == (5, 1)
        assert [p.split(":")[0] for p in t.problems if "error" in p] == ["line 3"]
        assert "malformed_quote" in t.problems[-1]
    ind = bn.Indicators("2024/25", ["05334002"], ids=["wiederholerquote"])
    rows = ["school_year,school_ags,schulform,grade,repeater,id"]
    rows += [f"2024/25,05334002,20,7,false,p{i}" for i in range(10)]
    assert ind.count_csv(("\n".join(rows) + "\n").encode()) == ind.count_csv("\r".join(rows))
    rows[3] = rows[3].replace(",p2", ',"p2')
    with pytest.raises(bn.RecordError) as e:
        ind.count_csv(("\n".join(rows) + "\n").encode())
    assert e.value.line == 4 and "unbalanced quote" in str(e.value)


def test_r05_text_is_never_a_path_and_messages_hold_no_values() -> None:
    """Reproducer r05: record text taken for a file name put a child's name into
    FileNotFoundError; a headerless CSV's first row became a field name; a date out of range
    did not say which field."""
    ind = bn.Indicators("2024/25", ["05334002"])
    name = "Mia Schmidt"
    recs = [{"school_year": "2024/25", "school_ags": "05334002", "id": f"{name}, geb. 09.03.2014",
             "grade": 4}]
    with pytest.raises(bn.RecordError) as e:
        ind.count_jsonl(json.dumps(recs))
    assert e.value.line == 1 and name not in str(e.value)
    assert ind.count_jsonl("\ufeff" + json.dumps(recs[0]) + "\n") == ind.count(recs)
    cr = ind.count_csv(f"school_year,id\r2024/25,{name} geb. 09.03.2014\r")
    assert cr == ind.count([{"school_year": "2024/25", "id": name}])
    with pytest.raises(bn.RecordError) as e:
        ind.count_csv(f"{name},2024/25,05334002\n".encode())
    assert str(e.value) == "record at line 1: column 1 of the header is not a field name"
    with pytest.raises(bn.InputError) as date_error:
        bn.RuleBook().evaluate("school_entry", {"birth_date": dt.date(1777, 3, 14), "land": "NW"},
                               "2025-08-01")
    assert "field birth_date" in str(date_error.value) and "1777" not in str(date_error.value)
    # A str that names an existing file is still the text, never opened.
    path = ROOT / "tests" / "data" / "nrw-schulverzeichnis-2024-25.csv"
    with pytest.raises(bn.InputError):
        bn.directory_tables(str(path), "05")


def test_settings_and_specs_refuse_unknown_fields(ind: bn.Indicators) -> None:
    spec = dict(ind.specs[0])
    spec["titel"] = "typo"
    with pytest.raises(bn.InputError) as e:
        bn.Indicators.from_specs([spec], KOMMUNEN)
    assert str(e.value).startswith("specs[0].titel: unknown field; known fields: id, title,")
    assert "typo" not in str(e.value)
    with pytest.raises(bn.InputError) as e:
        bn.Indicators.from_specs(json.dumps([spec]), KOMMUNEN)
    assert "titel: unknown field; known fields: id, title, school_year," in str(e.value)
    nested = dict(ind.specs[0])
    nested["denominator"] = {"population": {"grade": 4, "requires": "recommendation", "x": 1}}
    with pytest.raises(bn.InputError) as e:
        bn.Indicators.from_specs([nested], KOMMUNEN)
    assert str(e.value).startswith("specs[0].denominator.x: unknown field")
    state = json.loads(bn.Protection().__reduce__()[1][0])
    state["dominance"] = {"n": 1, "k_percent": 85, "k": 90}
    with pytest.raises(bn.InputError) as e:
        bn.Protection._from_state(json.dumps(state))
    assert "dominance.k: unknown field; known fields: n, k_percent" in str(e.value)
    state = json.loads(bn.Protection().__reduce__()[1][0])
    state["min_frequncy"] = 10
    with pytest.raises(bn.InputError) as e:
        bn.Protection._from_state(json.dumps(state))
    assert "min_frequncy: unknown field; known fields: method, min_frequency," in str(e.value)
    partials_state = json.loads(ind.empty().__reduce__()[1][0])
    partials_state["cubes"][0]["extra"] = []
    with pytest.raises(bn.InputError):
        bn.Partials._from_state(json.dumps(partials_state))
    specs_state, kommunen = ind.__reduce__()[1]
    broken = json.loads(specs_state)
    broken[0]["x"] = 1
    with pytest.raises(bn.InputError):
        bn.Indicators._restore(json.dumps(broken), kommunen)


class _Endless(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        buf[:] = b"x" * len(buf)
        return len(buf)


def test_r07_reads_are_bounded_while_reading(tmp_path: Path) -> None:
    """Reproducer r07 in Python: endless inputs are refused at the C library's limits."""
    header = (ROOT / "ffi" / "include" / "bildungsnetz.h").read_text()
    for name in ("DIRECTORY", "RECORDS", "SETTINGS", "LAW", "CASE_FILE"):
        define = next(line for line in header.splitlines()
                      if line.startswith(f"#define BILDUNGSNETZ_MAX_{name}_BYTES "))
        expr = define.split(" ", 2)[2].strip("()")
        assert getattr(_native, f"MAX_{name}_BYTES") == eval(expr), name
    assert _native.MAX_DOCUMENT_BYTES == _native.MAX_DIRECTORY_BYTES
    with pytest.raises(bn.InputError) as e:
        bn.directory_tables(Path("/dev/zero"), "05")
    assert "larger than the limit" in str(e.value)
    with pytest.raises(bn.InputError):
        bn.directory_tables(io.BufferedReader(_Endless()), "05")
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with open(fifo, "wb", buffering=0) as f:
                while True:
                    f.write(b"x" * 65536)
        except OSError:  # BrokenPipeError once the reader stops at the limit
            pass

    writer = threading.Thread(target=write)
    writer.start()
    with pytest.raises(bn.InputError):
        bn.directory_tables(fifo, "05")
    writer.join()


# ---------------------------------------------------------------------------------------------
# Issue 16: monitoring that cannot be misread.


def transitions(year: str, form: str, n: int) -> list[dict[str, Any]]:
    return [{"school_year": year, "school_ags": KOMMUNEN[i % 2], "grade": 4, "recommendation": "GY",
             "transition_schulform": form} for i in range(n)]


def test_uncounted_records(ind: bn.Indicators) -> None:
    two = bn.Indicators("2024/25", KOMMUNEN, ids=["uebergangsquote", "abschluesse"])
    recs = (transitions("2024/25", "20", 12) + transitions("2023/24", "20", 5)
            + transitions("2024/25", "Gymnasium", 2)  # a name: read as its key
            + transitions("2024/25", "Gymnasim", 4)  # misspelt: no known code
            + [{"school_year": "2024/25", "school_ags": "05999999", "grade": 4, "transition_schulform": "20"}])
    with pytest.warns(UserWarning, match="uebergangsquote: records not counted: 4 lost: "
                      "transition_schulform is no known code") as caught:
        quote, leavers = two.compute(recs, allow_empty=True)  # no leaver among them
    assert not any("Gymnasim" in str(w.message) or "05999999" in str(w.message) for w in caught)
    assert quote.counted == 14
    assert quote.uncounted == [
        {"reason": "other_school_year", "field": "school_year", "records": 5, "lost": False},
        {"reason": "kommune_not_in_set", "field": "school_ags", "records": 1, "lost": False},
        {"reason": "unknown_code", "field": "transition_schulform", "records": 4, "lost": True},
    ]
    assert leavers.counted == 0
    assert sum(u["records"] for u in leavers.uncounted) == len(recs) == 24
    frame = pd.DataFrame(quote.uncounted)
    assert frame.loc[frame["lost"], "records"].sum() == 4
    again = pickle.loads(pickle.dumps(quote))
    assert (again.counted, again.uncounted) == (quote.counted, quote.uncounted)
    # The counts survive merging partials as Dask or Spark workers send them.
    parts = [pickle.loads(pickle.dumps(two.count(recs[i:i + 5]))) for i in range(0, len(recs), 5)]
    with pytest.warns(UserWarning):
        merged = two.publish(bn.Partials.merge_all(reversed(parts)), allow_empty=True)
    assert [r.uncounted for r in merged] == [quote.uncounted, leavers.uncounted]


def test_empty_publication_needs_allow_empty() -> None:
    one = bn.Indicators("2024/25", KOMMUNEN, ids=["uebergangsquote"])
    last_year = one.count(transitions("2023/24", "20", 9))
    with pytest.raises(bn.InputError, match=r"indicator uebergangsquote counted no record "
                       r"\(9 of another school year\); .*allow_empty"):
        one.publish(last_year)
    (empty,) = one.publish(last_year, allow_empty=True)
    assert empty.counted == 0
    assert all(v in (0, None) for v in pa.table(empty.table).column("count").to_pylist())
    with pytest.raises(bn.InputError, match="lost: transition_schulform is no known code"):
        one.compute(transitions("2024/25", "Gymnasim", 9))


def test_margins_are_a_column(ind: bn.Indicators, table: pa.Table) -> None:
    t = ind.compute(table)[3].table  # rueckstellungsquote: Kommune x school entry
    df = t.to_pandas()
    inner = df[df["margin"].isna()]
    assert inner["kommune"].isin(KOMMUNEN).all() and inner["school_entry"].isin(["on_time", "deferred"]).all()
    assert set(df["margin"].dropna()) == {"kommune", "school_entry", "kommune+school_entry"}
    for _, row in df[df["margin"].notna()].iterrows():
        summed = [d for d in t.dimensions if pd.isna(row[d])]
        assert row["margin"] == "+".join(summed)
    grand = df[df["margin"] == "kommune+school_entry"]
    assert len(grand) == 1 and t.value([None, None]) == grand["count"].iloc[0]
    # Inner cells add up to the margins where all are shown.
    for k in KOMMUNEN:
        cells = inner[inner["kommune"] == k]["count"]
        total = t.value([k, None])
        if total is not None and cells.notna().all():
            assert cells.sum() == total
    assert t.to_dict()["columns"]["kommune"][t.find([None, "deferred"])] is None
    csv = t.to_csv().splitlines()
    assert csv[0].endswith(",margin") and any(line.startswith("Insgesamt,Insgesamt,") for line in csv)


def test_status_is_for_the_producer() -> None:
    one = bn.Indicators("2024/25", KOMMUNEN, ids=["uebergangsquote"])
    t = one.compute(transitions("2024/25", "20", 10) + transitions("2024/25", "04", 1))[0].table
    status = pa.table(t).column("status").to_pylist()
    assert status[t.find([KOMMUNEN[0], "04"])] == "primary" and "secondary" in status
    assert t.to_dict()["columns"]["status"] == status
    csv = t.to_csv()
    assert "primary" not in csv and "secondary" not in csv and "status" not in csv
    assert f"\n{KOMMUNEN[0]},04,.," in csv


@pytest.mark.parametrize(("settings", "name"), [
    ({"min_frequency": 0}, "min_frequency"),
    ({"min_frequency": -1}, "min_frequency"),
    ({"min_frequency": 2.5}, "min_frequency"),
    ({"dominance": (1, -5)}, "dominance k"),
    ({"dominance": (1, float("nan"))}, "dominance k"),
    ({"dominance": (1, 120)}, "dominance"),
    ({"dominance": (0, 85)}, "dominance"),
    ({"dominance": "1,85"}, "dominance"),
    ({"rounding_base": 0}, "rounding base"),
    ({"min_interval_width": -3}, "min_interval_width"),
    ({"min_interval_percent": True}, "min_interval_percent"),
])
def test_meaningless_protection_is_refused(settings: dict[str, Any], name: str) -> None:
    with pytest.raises(bn.InputError, match=name):
        bn.Protection(**settings)


def test_protection_checked_on_every_path() -> None:
    with pytest.raises(bn.InputError, match="rounding"):
        bn.Protection.rounding(0)
    with pytest.raises(bn.InputError, match="rounding_base"):
        bn.Protection.rounding(-5)
    assert bn.Protection.rounding().rounding_base == 5
    # A pickled state edited to protect nothing is refused when unpickled.
    reduce = bn.Protection().__reduce__()
    state = json.loads(reduce[1][0])
    state["min_frequency"] = 0
    with pytest.raises(bn.InputError, match="min_frequency"):
        reduce[0](json.dumps(state))


_record = st.fixed_dictionaries(
    {"school_year": st.sampled_from(["2024/25", "2023/24"])},
    optional={
        "school_ags": st.sampled_from([*KOMMUNEN, "05999999"]),
        "grade": st.integers(1, 13),
        "schulform": st.sampled_from(["02", "20", "08", "33", "Gymnasium"]),
        "transition_schulform": st.sampled_from(["20", "15", "99", "Realschule"]),
        "recommendation": st.sampled_from(["GY", "R"]),
        "qualification": st.sampled_from(["MSA", "AHR"]),
        "repeater": st.booleans(),
    },
)


@given(recs=st.lists(_record, max_size=40), cut=st.integers(0, 40))
def test_every_record_is_counted_or_has_one_reason(recs: list[dict[str, Any]], cut: int) -> None:
    ind = bn.Indicators("2024/25", KOMMUNEN)
    whole = ind.count(recs)
    assert ind.count(recs[:cut]) + ind.count(recs[cut:]) == whole
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        results = ind.publish(whole, allow_empty=True)
    for r in results:
        assert r.counted + sum(u["records"] for u in r.uncounted) == len(recs)
        assert all(u["lost"] == (u["reason"] in ("missing_value", "unknown_code")) for u in r.uncounted)
