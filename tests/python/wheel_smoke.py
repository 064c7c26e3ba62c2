"""Smoke test of an installed wheel (`make test-wheel`; not collected by pytest).

Run with the python of a fresh venv into which only the wheel was installed, from outside the
clone and in isolated mode (`python -I`), so that nothing but the installed package is imported.

Usage: python -I wheel_smoke.py <venv dir> <examples/data dir>
"""

from __future__ import annotations

import datetime as dt
import struct
import sys
from importlib import metadata
from pathlib import Path

passed = 0
failed = 0


def check(condition: bool, what: str) -> None:
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)


def elf_sections(path: Path) -> list[str]:
    """The section names of a 64-bit little-endian ELF file (what `readelf -S` lists)."""
    data = path.read_bytes()
    if data[:6] != b"\x7fELF\x02\x01":
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names_at = headers[shstrndx][4]
    return [
        data[names_at + h[0] : data.index(b"\0", names_at + h[0])].decode() for h in headers
    ]


def main() -> int:
    venv, data = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    import bildungsnetz as bn
    from bildungsnetz import _native

    # The installed package, not the sources: from the venv, with its stubs and marker.
    package = Path(bn.__file__).resolve().parent
    check(package.is_relative_to(venv), f"bildungsnetz imported from {package}")
    check((package / "py.typed").is_file(), "py.typed is installed")
    check((package / "_native.pyi").is_file(), "_native.pyi is installed")
    native = Path(_native.__file__ or "")
    check(native.name == "_native.abi3.so", f"the extension is abi3: {native.name}")
    sections = elf_sections(native)
    check(".text" in sections and ".symtab" in sections, "the extension keeps its symbols")
    check(not any(n.startswith(".debug_") for n in sections), "the extension carries no DWARF")
    check(bn.__version__ == metadata.version("bildungsnetz"), "version")

    # Documents, in English and German.
    report = bn.validate(data / "broken.json")
    check(not report.ok and len(report) > 10, "broken.json has problems")
    check(all(p.message_de and p.hint_de for p in report), "every problem in German")
    check(bn.validate(data / "hagen.json").ok, "hagen.json is valid")

    # The law, one decision and a batch.
    book = bn.RuleBook()
    child: bn.LearnerFacts = {"birth_date": dt.date(2019, 9, 30), "land": "NW"}
    d = book.evaluate("school_entry", child, dt.date(2025, 8, 1))
    check(d.outcome == "eligible", f"school entry: {d.outcome}")
    check("schulpflichtig" in d.explain("de"), "the decision explains itself in German")
    batch = book.evaluate_batch("school_entry", [child, child], dt.date(2025, 8, 1))
    check([b.outcome for b in batch] == ["eligible", "eligible"], "batch")
    check(bn.german_name("outcome", d.outcome) == "erfüllt", "German name of the outcome")

    print(f"wheel-smoke: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
