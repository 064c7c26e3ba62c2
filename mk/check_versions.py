"""The minimum versions the README states are the ones the build sets, and they are true.

Rust: the README's "Rust (X or later)" equals `rust-version` in Cargo.toml, and no package in
Cargo.lock (dependencies, build and dev dependencies) asks for a later Rust. A build with that
toolchain itself is `make msrv` (it installs the toolchain with rustup, outside the clone).

Python: the README's "Python X+" equals `requires-python`, the abi3 floor of the extension
(pyo3 `abi3-pyXY`) and mypy's `python_version`; every package pinned in
python/requirements-dev.txt and installed in the interpreter running this script accepts that
version (its Requires-Python), and the interpreter is that version — so `make test` on it
tests the floor.

Usage: python mk/check_versions.py   (from the clone, with the .venv's python)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def check_rust(failures: list[str]) -> int:
    cargo_toml = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    match = re.search(r'^rust-version = "([0-9.]+)"', cargo_toml, re.M)
    assert match, "no rust-version in Cargo.toml"
    floor = match.group(1)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.findall(r"Rust \(([0-9.]+) or later\)", readme)
    if stated != [floor]:
        failures.append(f"README states Rust {stated}, Cargo.toml rust-version is {floor}")
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    checked = 0
    for package in meta["packages"]:
        needed = package.get("rust_version")
        if not needed:
            continue
        checked += 1
        if version_tuple(needed) > version_tuple(floor):
            failures.append(
                f"{package['name']} {package['version']} needs Rust {needed}, "
                f"above rust-version {floor}"
            )
    members = set(meta["workspace_members"])
    highest = max(
        (p for p in meta["packages"] if p.get("rust_version") and p["id"] not in members),
        key=lambda p: version_tuple(p["rust_version"]),
    )
    print(
        f"Rust {floor}: {checked} packages state a rust-version, the highest of a dependency is "
        f"{highest['name']} {highest['version']} ({highest['rust_version']})"
    )
    return checked


def requires_python_ok(spec: str, version: tuple[int, int]) -> bool:
    """Whether a Requires-Python specifier admits major.minor.0."""
    from packaging.specifiers import SpecifierSet  # pytest's dependency, in the .venv

    return SpecifierSet(spec).contains(f"{version[0]}.{version[1]}.0")


def check_python(failures: list[str]) -> int:
    pyproject = (ROOT / "python" / "pyproject.toml").read_text(encoding="utf-8")
    floor_text = re.search(r'^requires-python = ">=([0-9.]+)"', pyproject, re.M)
    assert floor_text, "no requires-python in python/pyproject.toml"
    floor = version_tuple(floor_text.group(1))
    floor_str = ".".join(map(str, floor))
    mypy = re.search(r'^python_version = "([0-9.]+)"', pyproject, re.M)
    if not mypy or version_tuple(mypy.group(1)) != floor:
        failures.append(f"mypy python_version is not {floor_str}")
    cargo = (ROOT / "python" / "Cargo.toml").read_text(encoding="utf-8")
    abi3 = re.search(r'"abi3-py([0-9])([0-9]+)"', cargo)
    if not abi3 or (int(abi3.group(1)), int(abi3.group(2))) != floor:
        failures.append(f"the pyo3 abi3 floor in python/Cargo.toml is not {floor_str}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = set(re.findall(r"Python ([0-9]+\.[0-9]+)\+", readme))
    if stated != {floor_str}:
        failures.append(f"README states Python {sorted(stated)}, requires-python is {floor_str}")
    checked = 0
    pins = (ROOT / "python" / "requirements-dev.txt").read_text(encoding="utf-8")
    for line in pins.splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?==", line)
        if not m:
            continue
        name = m.group(1)
        try:
            spec = metadata.metadata(name).get("Requires-Python") or ""
        except metadata.PackageNotFoundError:
            failures.append(f"{name} is pinned but not installed in {sys.executable}")
            continue
        checked += 1
        if not requires_python_ok(spec, (floor[0], floor[1])):
            failures.append(f"{name} (Requires-Python {spec!r}) does not accept {floor_str}")
    running = sys.version_info[:2]
    if running != (floor[0], floor[1]):
        print(f"note: running on Python {running[0]}.{running[1]}, not on the floor {floor_str}")
    print(
        f"Python {floor_str}: {checked} pinned dev packages accept it; "
        f"running on {running[0]}.{running[1]}"
    )
    return checked


def main() -> int:
    failures: list[str] = []
    checked = check_rust(failures) + check_python(failures)
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"check-versions: {checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
