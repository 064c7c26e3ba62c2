"""Network documents: loading from every kind of source, validation reports, exceptions."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest

import bildungsnetz as bn


def test_version_and_exports() -> None:
    assert bn.__version__
    assert set(bn.__all__) <= set(dir(bn))


def test_exception_hierarchy() -> None:
    assert issubclass(bn.ValidationError, bn.BildungsnetzError)
    assert issubclass(bn.ValidationError, ValueError)
    assert issubclass(bn.InputError, ValueError)
    for cls in (bn.MissingColumnError, bn.ColumnTypeError, bn.NullValueError):
        assert issubclass(cls, bn.ColumnError)
        assert issubclass(cls, bn.InputError)
        assert issubclass(cls, bn.BildungsnetzError)
    assert issubclass(bn.ColumnTypeError, TypeError)
    assert issubclass(bn.RuleError, bn.BildungsnetzError)


@pytest.mark.parametrize("name", ["hagen", "koblenz", "pulheim", "staedteregion-aachen"])
def test_samples_are_valid(data_dir: Path, name: str) -> None:
    path = data_dir / f"{name}.json"
    report = bn.validate(path)
    assert report.ok, str(report)
    network = bn.load_network(path)
    assert network.id
    assert network.land in ("NW", "RP")


def test_sources_agree(data_dir: Path) -> None:
    path = data_dir / "hagen.json"
    text = path.read_text(encoding="utf-8")
    from_path = bn.load_network(path)
    from_text = bn.load_network(text)
    from_bytes = bn.load_network(text.encode())
    from_bytearray = bn.load_network(bytearray(text.encode()))
    from_dict = bn.load_network(json.loads(text))
    with path.open("rb") as fh:
        from_file = bn.load_network(fh)
    from_textio = bn.load_network(io.StringIO(text))
    for other in (from_text, from_bytes, from_bytearray, from_dict, from_file, from_textio):
        assert other == from_path
    assert bn.Network.from_json(from_path.to_json()) == from_path
    assert bn.Network.from_dict(from_path.to_dict()) == from_path
    assert bn.load_network(from_path) == from_path


def test_broken_document_reports_everything(data_dir: Path) -> None:
    report = bn.validate(data_dir / "broken.json")
    assert not report.ok
    assert len(report) == len(report.problems) == len(list(report))
    assert len(report.errors) + len(report.warnings) == len(report)
    assert report.has("duplicate_id")
    assert "duplicate_id" in report.codes
    first = report[0]
    assert first == report.problems[0] and report[-1] == report.problems[-1]
    for p in report:
        assert p.code and p.severity in ("error", "warning")
        assert p.path == "" or p.path.startswith("/")
        assert p.message
    as_dict = report.to_dict()
    assert as_dict["ok"] is False
    assert json.loads(report.to_json()) == as_dict
    with pytest.raises(bn.ValidationError):
        report.raise_for_errors()


def test_validation_error_carries_problems(data_dir: Path) -> None:
    with pytest.raises(bn.ValidationError) as info:
        bn.load_network(data_dir / "broken.json")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.problems and all(isinstance(p, bn.Problem) for p in err.problems)
    assert err.report.problems == err.problems
    assert "errors" in str(err)
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is bn.ValidationError
    assert clone.problems == err.problems


def test_without_domain_validation(data_dir: Path) -> None:
    network = bn.load_network(data_dir / "broken.json", validate=False)
    assert network.id == "broken"


def test_malformed_json() -> None:
    report = bn.validate('{"schema_version": 1')
    assert not report.ok
    (problem,) = report.problems
    assert problem.code == "json_syntax"
    assert problem.line == 1 and problem.column is not None
    with pytest.raises(bn.ValidationError) as info:
        bn.Network.from_json(b'{"schema_version": 1,')
    assert info.value.problems[0].code == "json_syntax"


def test_structure_errors_name_the_field() -> None:
    doc = {"schema_version": 1, "id": "n", "name": "N", "land": "NW",
           "territory": "kreisfreie_stadt", "gemeindeschluessel": "05914000",
           "kommunen": [{"id": "k", "name": "K", "gemeindeschluessel": 5914000}]}
    report = bn.validate(doc)
    assert [p.code for p in report] == ["invalid_structure"]
    assert report[0].path == "/kommunen/0/gemeindeschluessel"
    assert bn.validate({"schema_version": 7}).codes == ["unsupported_schema_version"]


def test_bad_sources() -> None:
    with pytest.raises(FileNotFoundError) as info:
        bn.load_network(Path("does/not/exist.json"))
    assert info.value.filename == "does/not/exist.json"
    # A str is the document, never a file name (issue 17): not JSON, so a report, no OSError.
    with pytest.raises(bn.ValidationError) as bad:
        bn.load_network("does/not/exist.json")
    assert "does/not" not in str(bad.value)
    assert bn.validate("does/not/exist.json").codes == ["json_syntax"]
    with pytest.raises(TypeError):
        bn.validate(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bn.Network.from_dict([1, 2])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bn.validate({"schema_version": 1, "x": object()})
    with pytest.raises(bn.InputError):
        bn.validate({"schema_version": float("nan")})


def test_validator_options_and_pickle(data_dir: Path) -> None:
    v = bn.Validator(school_year="2021/22", max_bytes=10)
    assert v.school_year == "2021/22" and v.max_bytes == 10
    assert v.validate(data_dir / "hagen.json").codes == ["document_too_large"]
    clone = pickle.loads(pickle.dumps(v))
    assert repr(clone) == repr(v)
    with pytest.raises(bn.InputError):
        bn.Validator(school_year="2021")


def test_objects_pickle(data_dir: Path) -> None:
    report = bn.validate(data_dir / "broken.json")
    assert pickle.loads(pickle.dumps(report)) == report
    network = bn.load_network(data_dir / "koblenz.json")
    assert pickle.loads(pickle.dumps(network)) == network
    p = report[0]
    assert pickle.loads(pickle.dumps(p)) == p
    assert hash(p) == hash(pickle.loads(pickle.dumps(p)))


def test_report_from_problems() -> None:
    p = bn.Problem("duplicate_id", "error", "/x", "dup", hint="rename", line=3, column=4)
    r = bn.Report([p])
    assert not r.ok and r[0] == p and r[0].line == 3
    assert bn.Report().ok and len(bn.Report()) == 0
    with pytest.raises(bn.InputError):
        bn.Problem("no_such_code", "error", "", "")
    with pytest.raises(TypeError):
        bn.Report([1])
