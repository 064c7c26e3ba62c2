"""Learner facts are typed (issue 16): mypy --strict catches a misspelt fact name in a dict
literal passed to the rule book, and bildungsnetz/facts.py is what the schema generates."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import bildungsnetz as bn

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "python" / "gen_typeddicts.py"


def mypy(snippet: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The venv's mypy --strict over `snippet`, with the installed package's stub and the
    project's mypy settings (pandas and pyarrow ship no types)."""
    source = tmp_path / "snippet.py"
    source.write_text(snippet, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "python" / "pyproject.toml"),
            "--strict",
            "--no-incremental",
            str(source),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )


def test_correct_facts_pass_mypy(tmp_path: Path) -> None:
    result = mypy(
        """
import datetime
import bildungsnetz as bn

book = bn.RuleBook()
book.evaluate("school_entry", {"birth_date": "2019-09-30", "land": "NW"}, "2025-08-01")
facts: bn.LearnerFacts = {"birth_date": datetime.date(2009, 5, 1)}
facts["qualifications"] = ["MSA_Q"]
book.next_steps(facts, "2025-08-01")
book.sek1_qualifications(
    {"schulform": "realschule", "jahrgang": 10, "subjects": [{"kuerzel": "D", "grade": 3}]},
    "2025-07-01",
)
""",
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_misspelt_fact_fails_mypy_naming_it(tmp_path: Path) -> None:
    result = mypy(
        """
import bildungsnetz as bn

book = bn.RuleBook()
book.evaluate("school_entry", {"birth_dat": "2019-09-30"}, "2025-08-01")
facts: bn.LearnerFacts = {"birth_dat": "2019-09-30"}
""",
        tmp_path,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    # The literal in the call is refused (mypy names the parameter's type: with the JSON-text
    # alternative `| str` it does not name the key) ...
    assert 'snippet.py:5: error: Argument 2 to "evaluate"' in result.stdout, result.stdout
    assert '"LearnerFacts | str"' in result.stdout, result.stdout
    # ... and an annotated dict names the misspelt key.
    assert 'snippet.py:6: error: Extra key "birth_dat" for TypedDict "LearnerFacts"' in (
        result.stdout
    ), result.stdout


def test_facts_module_is_current() -> None:
    spec = importlib.util.spec_from_file_location("gen_typeddicts", GENERATOR)
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    written = Path(bn.facts.__file__).read_text(encoding="utf-8")
    assert written == generator.render(), "run python/gen_typeddicts.py: facts.py is stale"


def test_every_schema_property_is_a_typed_key() -> None:
    schema = json.loads(
        (ROOT / "core" / "schemas" / "learner-facts.schema.json").read_text(encoding="utf-8")
    )
    assert set(bn.LearnerFacts.__annotations__) == set(schema["properties"])
    assert bn.GradeSheet.__required_keys__ == set(schema["$defs"]["GradeSheet"]["required"])
    # Typing only: at run time any mapping is still taken.
    decision = bn.RuleBook().evaluate(
        "school_entry", dict(birth_date="2019-09-30", land="NW"), "2025-08-01"
    )
    assert decision.outcome == "eligible"
