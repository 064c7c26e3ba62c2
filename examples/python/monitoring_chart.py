"""Bildungsmonitoring from Python: a protected table (CSV) and a chart (PNG) per Kommune.

Generates learner-level monitoring records for the ten Kommunen of the StädteRegion Aachen (a
pyarrow table, as a Land's school statistics would deliver them), computes the standard
indicators with disclosure control, writes the protected Übergangsquote table as CSV
(suppressed cells as ".") and draws the share of transitions to the Gymnasium per Kommune,
leaving suppressed Kommunen visibly empty.

    python examples/python/monitoring_chart.py OUTPUT_DIR
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt
import pyarrow as pa

import bildungsnetz as bn

KOMMUNEN = {
    "05334002": "Aachen",
    "05334004": "Alsdorf",
    "05334008": "Baesweiler",
    "05334012": "Eschweiler",
    "05334016": "Herzogenrath",
    "05334020": "Monschau",
    "05334024": "Roetgen",
    "05334028": "Simmerath",
    "05334032": "Stolberg",
    "05334036": "Würselen",
}
# Class-4 pupils per Kommune (rough sizes; Roetgen small enough that cells get suppressed).
SIZES = [2300, 450, 250, 520, 430, 90, 8, 130, 520, 340]
FORMS = ["20", "15", "10", "04", "14"]


def records(seed: int = 2025) -> pa.Table:
    rng = random.Random(seed)
    ags: list[str] = []
    forms: list[str] = []
    for (code, _), n in zip(KOMMUNEN.items(), SIZES):
        weights = [rng.uniform(0.3, 0.5), 0.3, rng.uniform(0.1, 0.2), 0.04, 0.05]
        for _ in range(n):
            ags.append(code)
            forms.append(rng.choices(FORMS, weights)[0])
    n = len(ags)
    return pa.table(
        {
            "school_year": pa.array(["2024/25"] * n),
            "school_ags": pa.array(ags),
            "grade": pa.array([4] * n, pa.int8()),
            "transition_schulform": pa.array(forms),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory for the CSV and PNG files")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    indicators = bn.Indicators("2024/25", list(KOMMUNEN), ids=["uebergangsquote"])
    result = indicators.compute(records(), bn.Protection())[0]
    table = result.table
    csv_path = out / "uebergangsquote.csv"
    csv_path.write_text(table.to_csv(), encoding="utf-8")

    df = table.to_pandas()
    gym = df[(df["transition_schulform"] == "20") & df["margin"].isna()]  # per Kommune, no total
    names = [KOMMUNEN[k] for k in gym["kommune"]]
    shares = [0.0 if r != r else 100 * r for r in gym["rate"]]  # NaN = suppressed
    suppressed = [r != r for r in gym["rate"]]

    fig, ax = plt.subplots(figsize=(9, 4.5))
    bars = ax.bar(names, shares, color=["#bbbbbb" if s else "#2b6ca3" for s in suppressed])
    for bar, s in zip(bars, suppressed):
        if s:
            ax.annotate(".", (bar.get_x() + bar.get_width() / 2, 0), ha="center", va="bottom")
    ax.set_ylabel("Übergänge auf das Gymnasium (%)")
    ax.set_title(f"{result.title}, Schuljahr 2024/25 (geschützt; '.' = gesperrt)")
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    png_path = out / "uebergangsquote_gymnasium.png"
    fig.savefig(png_path, dpi=100)
    plt.close(fig)
    print(f"wrote {csv_path} ({table.num_rows} rows, {table.suppressed} suppressed) and {png_path}")


if __name__ == "__main__":
    main()
