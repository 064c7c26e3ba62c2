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

from __future__ import annotations

import os
from typing import IO, Any, Mapping, Union

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
    "EventRegistry",
    "Forwarded",
    "Gap",
    "german_name",
    "IndicatorResult",
    "Indicators",
    "InputError",
    "load_network",
    "MeasureTrace",
    "MissingColumnError",
    "Network",
    "NextStep",
    "NullValueError",
    "Offer",
    "Office",
    "Partials",
    "Participation",
    "Problem",
    "ProtectedTable",
    "Protection",
    "QualificationCode",
    "QualificationResult",
    "RecommendationReport",
    "RecommendationTrace",
    "RecordError",
    "Referral",
    "ReferralError",
    "Registration",
    "RegistrationError",
    "Report",
    "Route",
    "RouteStep",
    "RuleBook",
    "RuleError",
    "SchoolEntryResult",
    "Sek1Qualifications",
    "Sek1Result",
    "Source",
    "validate",
    "ValidationError",
    "Validator",
    "__version__",
]

Source = Union[
    str,
    "os.PathLike[str]",
    bytes,
    bytearray,
    memoryview,
    Mapping[str, Any],
    IO[bytes],
    IO[str],
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
    if isinstance(source, os.PathLike):
        return Network.from_path(source)
    if isinstance(source, Mapping):
        return Network.from_dict(dict(source))
    # An open file: read in bounded chunks by the native layer.
    return Network.from_json(source)
