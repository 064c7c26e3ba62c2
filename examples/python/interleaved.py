"""Interleaved timing for the benchmark scripts: each round runs every implementation once, in
order, so that a change of machine load falls on all of them alike; per run the wall-clock and
CPU time (the process's, all threads) are kept, and the last output of each."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def run_rounds(runs: dict[str, Callable[[], Any]], rounds: int) -> tuple[
        dict[str, list[float]], dict[str, list[float]], dict[str, Any]]:
    """Wall seconds, CPU seconds (per name, one per round) and the last output of each run."""
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    outputs: dict[str, Any] = {}
    for _ in range(rounds):
        for name, fn in runs.items():
            gc.collect()
            c0, t0 = time.process_time(), time.perf_counter()
            outputs[name] = fn()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    return wall, cpu, outputs
