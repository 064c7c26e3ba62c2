"""The Python examples run (into a temporary directory)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_monitoring_chart(tmp_path: Path) -> None:
    script = ROOT / "examples" / "python" / "monitoring_chart.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, timeout=300)
    csv = (tmp_path / "uebergangsquote.csv").read_text(encoding="utf-8")
    assert csv.startswith("kommune,transition_schulform,count,denominator,rate,margin\n")
    assert ",.," in csv  # small Roetgen cells are suppressed
    png = (tmp_path / "uebergangsquote_gymnasium.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
