"""bildungsnetz — Germany's regional education networks in Python.

Network documents and their validation, the transition law (school entry, Kita claim,
Seiteneinstieg, end of full-time schooling) with dated rules and explained decisions, the Sek-I
qualifications (APO-S I), the Bildungsbüro's daily work (recommendations, offers, referrals,
events, programmes) and Bildungsmonitoring with disclosure control. Every rule lives in the Rust
core; this package is a thin, typed layer over it.

>>> import bildungsnetz as bn
>>> book = bn.RuleBook()
>>> d = book.evaluate("school_entry", {"birth_date": "2019-09-30", "land": "NW"}, "2025-08-01")
>>> d.outcome, d.effective_date.isoformat(), d.rule_ids
('eligible', '2025-08-01', ['nrw.einschulung.stichtag'])
"""

# Private aliases only: `dir(bildungsnetz)` shows the public API and nothing else (no `os`, no
# `typing` names, no `__future__` feature).
import os as _os
import typing as _typing
from collections.abc import Mapping as _Mapping

from bildungsnetz._native import (
    BatchResult,
    BildungsnetzError,
    canonical_code,
    CaseResult,
    Check,
    code_aliases,
    code_name_de,
    codes,
    ColumnError,
    ColumnTypeError,
    Decision,
    DecisionTrace,
    directory_tables,
    DirectoryTables,
    EventRegistry,
    Forwarded,
    Gap,
    german_name,
    IndicatorResult,
    Indicators,
    InputError,
    MeasureTrace,
    MissingColumnError,
    Network,
    NextStep,
    NullValueError,
    Offer,
    Office,
    Partials,
    Participation,
    Problem,
    ProtectedTable,
    Protection,
    QualificationCode,
    QualificationResult,
    RecommendationReport,
    RecommendationTrace,
    RecordError,
    Referral,
    ReferralError,
    Register,
    Registration,
    RegistrationError,
    Report,
    Route,
    RouteStep,
    RuleBook,
    RuleError,
    SchoolEntryResult,
    Sek1Qualifications,
    Sek1Result,
    ValidationError,
    Validator,
    __version__,)
from bildungsnetz import facts
from bildungsnetz.facts import (
    EfSheet,
    EfSubject,
    GostFacts,
    GradeSheet,
    LearnerFacts,
    Orientierungsstufe,
    QCourse,
    Sek1Facts,
    SubjectGrade,
)

__all__ = [
    "BatchResult",
    "BildungsnetzError",
    "canonical_code",
    "CaseResult",
    "Check",
    "code_aliases",
    "code_name_de",
    "codes",
    "ColumnError",
    "ColumnTypeError",
    "Decision",
    "DecisionTrace",
    "directory_tables",
    "DirectoryTables",
    "EfSheet",
    "EfSubject",
    "EventRegistry",
    "facts",
    "Forwarded",
    "Gap",
    "german_name",
    "GostFacts",
    "GradeSheet",
    "IndicatorResult",
    "Indicators",
    "InputError",
    "LearnerFacts",
    "load_network",
    "MeasureTrace",
    "MissingColumnError",
    "Network",
    "NextStep",
    "NullValueError",
    "Offer",
    "Office",
    "Orientierungsstufe",
    "Partials",
    "Participation",
    "Problem",
    "ProtectedTable",
    "Protection",
    "QCourse",
    "QualificationCode",
    "QualificationResult",
    "RecommendationReport",
    "RecommendationTrace",
    "RecordError",
    "Referral",
    "ReferralError",
    "Register",
    "Registration",
    "RegistrationError",
    "Report",
    "Route",
    "RouteStep",
    "RuleBook",
    "RuleError",
    "SchoolEntryResult",
    "Sek1Facts",
    "Sek1Qualifications",
    "Sek1Result",
    "Source",
    "SubjectGrade",
    "validate",
    "ValidationError",
    "Validator",
    "__version__",
]

Source = _typing.Union[
    str,
    "_os.PathLike[str]",
    bytes,
    bytearray,
    memoryview,
    _Mapping[str, _typing.Any],
    _typing.IO[bytes],
    _typing.IO[str],
    Network,
]
"""A network document: its JSON text (a ``str`` is always the text, never taken for a file
name) or bytes, a file to read (``os.PathLike``, e.g. ``pathlib.Path``), a dict, an open file,
or a ``Network``."""


def validate(source: Source, *, school_year: str | None = None) -> Report:
    """Validates a network document and returns a :class:`Report` of every problem.

    Never raises for an invalid document (the report says what is wrong); raises ``OSError``
    when a file cannot be read and ``TypeError`` for an object that is no document.
    """
    return Validator(school_year=school_year).validate(source)


def load_network(
    source: Source, *, validate: bool = True, school_year: str | None = None
) -> Network:
    """Reads a network document.

    Raises :class:`ValidationError` (a ``ValueError``) carrying the problems when the document
    is malformed or, with ``validate=True`` (the default), breaks a rule of the domain.
    """
    if validate:
        return Validator(school_year=school_year).load(source)
    if isinstance(source, Network):
        return source
    if isinstance(source, (bytes, bytearray, memoryview)):
        return Network.from_json(bytes(source))
    if isinstance(source, str):
        return Network.from_json(source)
    if isinstance(source, _os.PathLike):
        return Network.from_path(source)
    if isinstance(source, _Mapping):
        return Network.from_dict(dict(source))
    # An open file: read in bounded chunks by the native layer.
    return Network.from_json(source)
