"""Runs the README's "First steps in C" exactly as written (`make test-readme-c`).

The section's blocks, in order: a ```sh block run in the clone (the install), the ```c program
saved as first.c in an empty project directory, a ```sh block run there (pkg-config, compile,
run), and, when a cmake is given, the ```cmake block saved as CMakeLists.txt beside it and the
last ```sh block run there (configure, build, run). HOME is a temporary directory, so
`$HOME/.local` is one too; CARGO_HOME and RUSTUP_HOME keep their real places. PKG_CONFIG_PATH
and LD_LIBRARY_PATH from outside are dropped: the README must say what is needed. The make
target sets C_PROFILE=dev in the environment, so the install takes the debug build the other
tests made (the installed paths are the same as a release install's).

Usage: python3 tests/c/readme_steps.py <clone> [<cmake>]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SECTION = "## First steps in C"


def blocks(readme: str) -> list[tuple[str, str]]:
    """The fenced blocks of the section: (language, text)."""
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    section = readme[start : end if end >= 0 else None]
    return [(m.group(1), m.group(2)) for m in re.finditer(r"```(\w+)\n(.*?)```", section, re.S)]


def run(script: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"readme-c: this step failed ({result.returncode}):\n{script}")
    return result.stdout


def main() -> int:
    clone = Path(sys.argv[1]).resolve()
    cmake = sys.argv[2] if len(sys.argv) > 2 else ""
    found = blocks((clone / "README.md").read_text(encoding="utf-8"))
    shells = [text for lang, text in found if lang == "sh"]
    programs = [text for lang, text in found if lang == "c"]
    cmake_lists = [text for lang, text in found if lang == "cmake"]
    assert len(shells) == 3 and len(programs) == 1 and len(cmake_lists) == 1, [
        lang for lang, _ in found
    ]
    install, with_pkg_config, with_cmake = shells

    passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        project = Path(tmp) / "project"
        home.mkdir()
        project.mkdir()
        env = {k: v for k, v in os.environ.items() if k not in ("PKG_CONFIG_PATH", "LD_LIBRARY_PATH")}
        real_home = Path(os.environ.get("HOME", str(Path.home())))
        env.setdefault("CARGO_HOME", str(real_home / ".cargo"))
        env.setdefault("RUSTUP_HOME", str(real_home / ".rustup"))
        env["HOME"] = str(home)
        env["MAKEFLAGS"] = ""  # a fresh make, as a user types it

        print("== README: make install into $HOME/.local")
        run(install, clone, env)
        installed = home / ".local"
        for f in ("include/bildungsnetz.h", "lib/pkgconfig/bildungsnetz.pc", "bin/bildungsnetz",
                  "lib/cmake/bildungsnetz/bildungsnetzConfig.cmake"):
            assert (installed / f).exists(), f"make install did not install {f}"
        passed += 1

        print("== README: first.c with pkg-config")
        (project / "first.c").write_text(programs[0], encoding="utf-8")
        out = run(with_pkg_config, project, env)
        assert "schulpflichtig" in out, f"first printed {out!r}"
        passed += 1

        if cmake:
            print("== README: first.c with CMake")
            (project / "CMakeLists.txt").write_text(cmake_lists[0], encoding="utf-8")
            env_cmake = dict(env, PATH=f"{Path(cmake).parent}{os.pathsep}{env.get('PATH', '')}")
            out_cmake = run(with_cmake, project, env_cmake)
            assert out_cmake.endswith(out), "the CMake build printed something else"
            passed += 1
        else:
            print("readme-c: the CMake step is skipped: no cmake")
        shutil.rmtree(home, ignore_errors=True)
    print(f"readme-c: {passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
