"""Type stubs of the native module (hand-written; checked by mypy.stubtest)."""

import datetime
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol, TypedDict, final, overload

from typing_extensions import Self

from bildungsnetz.facts import GradeSheet, LearnerFacts

if TYPE_CHECKING:
    # Only named in annotations: the result types of to_pyarrow / to_pandas / to_polars.
    import pandas
    import polars
    import pyarrow

__version__: str
__all__ = [
    "__version__",
    "MAX_CASE_FILE_BYTES",
    "MAX_DIRECTORY_BYTES",
    "MAX_DOCUMENT_BYTES",
    "MAX_LAW_BYTES",
    "MAX_RECORDS_BYTES",
    "MAX_SETTINGS_BYTES",
    "BildungsnetzError",
    "ValidationError",
    "InputError",
    "ColumnError",
    "MissingColumnError",
    "ColumnTypeError",
    "NullValueError",
    "RuleError",
    "Problem",
    "Report",
    "Network",
    "Validator",
    "Check",
    "Decision",
    "CaseResult",
    "RuleBook",
    "SchoolEntryResult",
    "BatchResult",
    "RecordError",
    "ReferralError",
    "RegistrationError",
    "QualificationCode",
    "QualificationResult",
    "Sek1Qualifications",
    "Sek1Result",
    "Office",
    "RecommendationReport",
    "RecommendationTrace",
    "DecisionTrace",
    "MeasureTrace",
    "Offer",
    "Gap",
    "Referral",
    "Participation",
    "Forwarded",
    "Register",
    "Registration",
    "EventRegistry",
    "Protection",
    "ProtectedTable",
    "IndicatorResult",
    "Partials",
    "Indicators",
    "DirectoryTables",
    "directory_tables",
    "german_name",
    "canonical_code",
    "codes",
    "code_aliases",
    "code_name_de",
    "NextStep",
    "RouteStep",
    "Route",
]

# Input size limits in bytes, the same as the C library's BILDUNGSNETZ_MAX_*_BYTES: files are
# read as a stream and refused (InputError) beyond them; documents report document_too_large.
MAX_DOCUMENT_BYTES: int
MAX_DIRECTORY_BYTES: int
MAX_RECORDS_BYTES: int
MAX_SETTINGS_BYTES: int
MAX_LAW_BYTES: int
MAX_CASE_FILE_BYTES: int

_Outcome = Literal["eligible", "not_eligible", "discretionary", "undetermined"]
_Severity = Literal["error", "warning"]
_GermanNameKind = Literal[
    "transition", "outcome", "check_result", "schulform", "abschluss", "land", "severity", "fact"
]
_CodeKind = Literal["qualification", "schulform", "bildungsgang", "kommune", "land"]
_DateLike = datetime.date | str
# An input: its contents (a str is always the text itself, never a file name; bytes; a dict;
# an open file) or a file to read (os.PathLike, e.g. pathlib.Path), or a Network.
class _Uncounted(TypedDict):
    reason: Literal[
        "other_school_year",
        "grade_outside",
        "excluded_schulform",
        "without_fact",
        "other_code",
        "kommune_not_in_set",
        "missing_value",
        "unknown_code",
    ]
    field: str
    records: int
    lost: bool

_DocSource = (
    str
    | os.PathLike[str]
    | bytes
    | bytearray
    | memoryview
    | Mapping[str, Any]
    | IO[bytes]
    | IO[str]
    | Network
)

class BildungsnetzError(Exception):
    """Base class of every error raised by bildungsnetz."""

class ValidationError(BildungsnetzError, ValueError):
    """A document is invalid where a valid one is required.

    Attributes: report (Report), problems (tuple of Problem).
    """
    report: Report
    problems: tuple[Problem, ...]

class InputError(BildungsnetzError, ValueError):
    """An argument is unusable: malformed facts, an unknown transition, an unsupported date."""
    code: str

class ColumnError(InputError):
    """A column of a batch is unusable. Attributes: column (str), row (int or None)."""
    column: str
    row: int | None

class MissingColumnError(ColumnError, LookupError):
    """A column the evaluation needs is not in the table."""
class ColumnTypeError(ColumnError, TypeError):
    """A column has a type the evaluation cannot read."""
class NullValueError(ColumnError):
    """A required column has a null; `row` is its index in the whole input."""

class RuleError(BildungsnetzError):
    """A rule book could not be loaded or a rule could not be evaluated."""
    code: str

class RecordError(InputError):
    """A record (a grade sheet, an application, a monitoring record) is unusable. Attributes: field (str or None), row (int or None: the 0-based record of a batch), line (int or None: the 1-based line of a file), code (str)."""
    field: str | None
    row: int | None
    line: int | None

class ReferralError(InputError):
    """A referral request cannot be answered (e.g. its Kommune is outside the network). Attributes: field (str), code (str)."""
    field: str

class RegistrationError(BildungsnetzError):
    """An event registration or cancellation was refused. Attributes: event (str), code ('full', 'already_registered' or 'not_registered')."""
    code: Literal["full", "already_registered", "not_registered"]
    event: str

@final
class Problem:
    """One problem found in a document."""
    def __new__(
        cls,
        code: str,
        severity: _Severity,
        path: str,
        message: str,
        hint: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> Self: ...
    @property
    def code(self) -> str:
        """Stable code, e.g. ``"duplicate_id"``."""
    @property
    def severity(self) -> _Severity:
        """``"error"`` or ``"warning"``."""
    @property
    def path(self) -> str:
        """JSON pointer into the document (``""`` for the whole document)."""
    @property
    def message(self) -> str:
        """What is wrong, in English."""
    @property
    def hint(self) -> str | None:
        """How to fix it, if there is something specific to say."""
    @property
    def message_de(self) -> str:
        """What is wrong, in German: the code's German sentence followed by the values of the
        document that the English message quotes, e.g. ``"Der Verweis nennt kein Objekt der
        erwarteten Art in diesem Dokument: „k-achen“."``.
        """
    @property
    def hint_de(self) -> str:
        """How to fix it, in German: the English hint's suggestion (``"Meinten Sie „k-aachen“?"``),
        else the code's general German hint. Never empty, unlike :attr:`hint`.
        """
    @property
    def line(self) -> int | None:
        """Line in the source text (syntax errors)."""
    @property
    def column(self) -> int | None:
        """Column in the source text (syntax errors)."""
    @property
    def is_error(self) -> bool:
        """True for errors, false for warnings."""
    def to_dict(self) -> dict[str, Any]:
        """The problem as a dict, with the German texts as ``message_de`` and ``hint_de``."""
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Report:
    """All problems found in a document. Iterate over it for the problems; `ok` is true when none
    is an error.
    """
    def __new__(cls, problems: Any = None) -> Self: ...
    @property
    def ok(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
    @property
    def problems(self) -> tuple[Problem, ...]:
        """All problems, in a deterministic order."""
    @property
    def errors(self) -> tuple[Problem, ...]:
        """The errors only."""
    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warnings only."""
    @property
    def codes(self) -> list[str]:
        """The distinct codes of the problems, in order of first appearance."""
    def has(self, code: str) -> bool:
        """Whether any problem carries `code`."""
    def raise_for_errors(self) -> None:
        """Raises `ValidationError` when the report has errors."""
    def to_json(self) -> str:
        """``{"ok": bool, "problems": [...]}`` as JSON text (the format of the C and Rust APIs)."""
    def to_dict(self) -> dict[str, Any]:
        """``{"ok": bool, "problems": [dict, ...]}``."""
    def __iter__(self) -> Iterator[Problem]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int, /) -> Problem: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Report: ...

@final
class Network:
    """A regional education network, read from a document."""
    @classmethod
    def from_json(
        cls, data: str | bytes | bytearray | memoryview | IO[bytes] | IO[str]
    ) -> Network:
        """Reads a network from JSON text or bytes, or an open file's contents (a str is the text,
        never a file name: use `from_path` for files). Raises ValidationError if the document is
        malformed (the domain's rules are checked by `validate`).
        """
    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> Network:
        """Reads a network from a JSON file."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Network:
        """Reads a network from Python data (dicts, lists, str, numbers; dates as datetime.date)."""
    @property
    def id(self) -> str:
        """Identifier of the network."""
    @property
    def name(self) -> str:
        """Its name."""
    @property
    def land(self) -> str:
        """The Land whose law applies, e.g. ``"NW"``."""
    @property
    def territory(self) -> str:
        """The kind of territory, e.g. ``"kreisfreie_stadt"``."""
    @property
    def gemeindeschluessel(self) -> str:
        """Gemeindeschlüssel of the territory."""
    @property
    def institution_ids(self) -> list[str]:
        """The ids of the partner institutions."""
    def to_json(self) -> str:
        """The document as pretty-printed JSON text."""
    def to_dict(self) -> dict[str, Any]:
        """The document as Python data."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Validator:
    """Checks network documents against the rules of the domain. Immutable; build once, use for
    many documents, share between threads, pickle to workers.
    """
    def __new__(cls, *, school_year: str | None = None, max_bytes: int | None = None) -> Self: ...
    @property
    def school_year(self) -> str | None:
        """The school year Schulform keys are checked against, if set (e.g. ``"2025/26"``)."""
    @property
    def max_bytes(self) -> int | None:
        """The size limit for documents, if set."""
    def validate(self, source: _DocSource) -> Report:
        """Validates a network document — a Network, a ``pathlib.Path``, JSON text (a str is
        always the document, never a file name) or bytes, a dict or a file object — and returns a
        Report of every problem (syntax, structure and domain rules). A file is read as a stream
        of at most ``max_bytes`` + 1 bytes. Raises OSError only when a file cannot be read.
        """
    def load(self, source: _DocSource) -> Network:
        """Reads a network and checks it; raises ValidationError when it has errors."""
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _restore(school_year: str | None, max_bytes: int | None) -> Validator: ...

@final
class Check:
    """One rule applied to the facts."""
    @property
    def rule_id(self) -> str:
        """Stable rule id, e.g. ``"nrw.einschulung.stichtag"``."""
    @property
    def citation(self) -> str:
        """Legal citation of the version applied."""
    @property
    def facts_used(self) -> list[str]:
        """The facts the check used."""
    @property
    def result(
        self,
    ) -> Literal["satisfied", "not_satisfied", "discretionary", "not_applicable", "missing_facts"]:
        """``"satisfied"``, ``"not_satisfied"``, ``"discretionary"``, ``"not_applicable"`` or
        ``"missing_facts"``.
        """
    @property
    def determining(self) -> bool:
        """Whether this check determined the outcome or the effective date."""
    @property
    def note(self) -> str:
        """A short English note."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class Decision:
    """An explained decision: outcome, effective date, the checks that decided it, the facts still
    missing and a sentence in German and English.
    """
    @property
    def transition(self) -> str:
        """The transition asked about, e.g. ``"school_entry"``."""
    @property
    def land(self) -> str | None:
        """The Land whose law was applied (``"NW"``, ``"RP"``), if any."""
    @property
    def as_of(self) -> datetime.date:
        """The day asked about."""
    @property
    def school_year(self) -> str | None:
        """The school year asked about (``"2025/26"``), where the question is about one."""
    @property
    def outcome(self) -> _Outcome:
        """``"eligible"``, ``"not_eligible"``, ``"discretionary"`` or ``"undetermined"``."""
    @property
    def effective_date(self) -> datetime.date | None:
        """The day the asked status begins (eligible) or would begin if granted (discretionary),
        e.g. the 1 August on which the Schulpflicht begins, as a ``datetime.date``; None when not
        eligible, undetermined, or where the law attaches no date (access rights,
        qualifications).
        """
    @property
    def eligible_from(self) -> datetime.date | None:
        """For a person who is not eligible: the later day from which the law gives the status,
        where it names one, as a ``datetime.date``; otherwise None.
        """
    @property
    def checks(self) -> tuple[Check, ...]:
        """The rules applied, in order."""
    @property
    def rule_ids(self) -> list[str]:
        """The ids of the rules that determined the outcome, sorted, without duplicates."""
    @property
    def citations(self) -> list[str]:
        """The citations of the determining checks, in order, without duplicates."""
    @property
    def missing_facts(self) -> list[str]:
        """Facts that are missing and would be needed to decide."""
    @property
    def details(self) -> dict[str, str]:
        """Further results by name, e.g. ``suggested_grade``, ``einschulungsart``."""
    @property
    def eligible(self) -> bool:
        """True when the outcome is ``"eligible"``."""
    def explain(self, lang: Literal["de", "en"] = "de") -> str:
        """A sentence for the person at the counter, in German (``"de"``) or English (``"en"``)."""
    def to_json(self) -> str:
        """The decision as JSON text (the format of the Rust and C APIs)."""
    def to_dict(self) -> dict[str, Any]:
        """The decision as Python data (dates as ISO strings, as in JSON)."""
    @classmethod
    def from_json(cls, text: str) -> Decision:
        """A decision from its JSON text (as written by `to_json`)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class CaseResult:
    """The result of one conformance case."""
    @property
    def file(self) -> str:
        """The file the case came from."""
    @property
    def id(self) -> str:
        """The case id."""
    @property
    def passed(self) -> bool:
        """Whether everything matched."""
    @property
    def failures(self) -> list[str]:
        """What did not match."""

@final
class RuleBook:
    """The law the engine applies: the embedded rule packs, optionally with override files layered
    on top ("what if NRW moved the cut-off?"). Immutable and picklable; load once, evaluate many.
    """
    def __new__(cls, overrides: _DocSource | None = None) -> Self: ...
    def with_overrides(self, overrides: _DocSource) -> RuleBook:
        """A copy with another override file layered on top."""
    @property
    def rule_ids(self) -> list[str]:
        """The ids of all rules, sorted."""
    @staticmethod
    def transitions() -> list[str]:
        """The ids of the transitions the engine decides."""
    def rule_in_force(self, rule_id: str, date: _DateLike) -> dict[str, Any] | None:
        """The version of a rule in force on a date: ``{"rule_id", "citation", "from", "until",
        "overridden"}`` or None.
        """
    def evaluate(
        self, transition: str, facts: LearnerFacts | str, as_of: _DateLike
    ) -> Decision:
        """Decides a transition for one learner as of a date. `facts` is a dict of learner facts
        (``birth_date``, ``land``, …; missing ones make the decision undetermined).
        `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
        misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
        step by step as ``LearnerFacts`` or use ``typing.cast``.
        """
    @overload
    def evaluate_batch(
        self,
        transition: str,
        learners: Sequence[Mapping[str, Any] | str] | str | bytes,
        as_of: _DateLike,
    ) -> list[Decision]:
        """Decides one transition (any of `transitions()`, e.g. ``"berufskolleg_b"`` or
        ``"studium_fachhochschule"``) for many learners as of one date, in order.

        * `learners` a list of fact dicts (or JSON texts), or JSON Lines (str or bytes; blank
          lines skipped): one Decision per learner. A bad learner raises InputError naming its
          row (list) or line (JSON Lines) and the field, never a value.
        * `learners` a table — anything with the Arrow PyCapsule interface (pyarrow Table or
          RecordBatch, polars DataFrame), a pandas DataFrame, a polars LazyFrame with
          ``collect=True`` — or a ``pathlib.Path`` (or ``path=``, str allowed there) of a CSV file
          (``.csv``) or JSON Lines (``.jsonl``, ``.ndjson``, ``.json``): a ``BatchResult``, one
          row per input row. Facts are read by column name (the names of the learner CSV; nested
          Sek-I facts as a JSON or struct column ``sek1`` or as ``sek1.<name>`` columns, e.g.
          ``sek1.grade_sheet``, JSON text or a struct). Nulls, NaN and NaT are missing facts;
          timestamps are their dates; ``"true"``/``"false"`` and 1/0 are bools; a list column
          or ``;``-separated text holds qualifications. `id_columns` names columns carried into
          the result (a pandas index level by its ``reset_index()`` name); any other column
          that is no fact raises ColumnError. A row that cannot be read or decided gets outcome
          ``"error"`` and the reason in ``error`` (column and row, never a value); the other
          rows are decided all the same. The result's columns: the id columns, ``row``,
          ``outcome``, ``rule_id`` (``";".join(Decision.rule_ids)``), ``effective_date``,
          ``eligible_from``, ``missing_facts`` (``";".join(Decision.missing_facts)``; null when
          none), ``error``.

        The GIL is released while deciding.
        """
    @overload
    def evaluate_batch(
        self,
        transition: str,
        learners: _ArrowStream | _ArrowArray | _Lazy | os.PathLike[str],
        as_of: _DateLike,
        *,
        id_columns: Sequence[str] | None = None,
        collect: bool = False,
    ) -> BatchResult:
        """Decides one transition (any of `transitions()`, e.g. ``"berufskolleg_b"`` or
        ``"studium_fachhochschule"``) for many learners as of one date, in order.

        * `learners` a list of fact dicts (or JSON texts), or JSON Lines (str or bytes; blank
          lines skipped): one Decision per learner. A bad learner raises InputError naming its
          row (list) or line (JSON Lines) and the field, never a value.
        * `learners` a table — anything with the Arrow PyCapsule interface (pyarrow Table or
          RecordBatch, polars DataFrame), a pandas DataFrame, a polars LazyFrame with
          ``collect=True`` — or a ``pathlib.Path`` (or ``path=``, str allowed there) of a CSV file
          (``.csv``) or JSON Lines (``.jsonl``, ``.ndjson``, ``.json``): a ``BatchResult``, one
          row per input row. Facts are read by column name (the names of the learner CSV; nested
          Sek-I facts as a JSON or struct column ``sek1`` or as ``sek1.<name>`` columns, e.g.
          ``sek1.grade_sheet``, JSON text or a struct). Nulls, NaN and NaT are missing facts;
          timestamps are their dates; ``"true"``/``"false"`` and 1/0 are bools; a list column
          or ``;``-separated text holds qualifications. `id_columns` names columns carried into
          the result (a pandas index level by its ``reset_index()`` name); any other column
          that is no fact raises ColumnError. A row that cannot be read or decided gets outcome
          ``"error"`` and the reason in ``error`` (column and row, never a value); the other
          rows are decided all the same. The result's columns: the id columns, ``row``,
          ``outcome``, ``rule_id`` (``";".join(Decision.rule_ids)``), ``effective_date``,
          ``eligible_from``, ``missing_facts`` (``";".join(Decision.missing_facts)``; null when
          none), ``error``.

        The GIL is released while deciding.
        """
    @overload
    def evaluate_batch(
        self,
        transition: str,
        *,
        as_of: _DateLike,
        path: str | os.PathLike[str],
        id_columns: Sequence[str] | None = None,
    ) -> BatchResult:
        """Decides one transition (any of `transitions()`, e.g. ``"berufskolleg_b"`` or
        ``"studium_fachhochschule"``) for many learners as of one date, in order.

        * `learners` a list of fact dicts (or JSON texts), or JSON Lines (str or bytes; blank
          lines skipped): one Decision per learner. A bad learner raises InputError naming its
          row (list) or line (JSON Lines) and the field, never a value.
        * `learners` a table — anything with the Arrow PyCapsule interface (pyarrow Table or
          RecordBatch, polars DataFrame), a pandas DataFrame, a polars LazyFrame with
          ``collect=True`` — or a ``pathlib.Path`` (or ``path=``, str allowed there) of a CSV file
          (``.csv``) or JSON Lines (``.jsonl``, ``.ndjson``, ``.json``): a ``BatchResult``, one
          row per input row. Facts are read by column name (the names of the learner CSV; nested
          Sek-I facts as a JSON or struct column ``sek1`` or as ``sek1.<name>`` columns, e.g.
          ``sek1.grade_sheet``, JSON text or a struct). Nulls, NaN and NaT are missing facts;
          timestamps are their dates; ``"true"``/``"false"`` and 1/0 are bools; a list column
          or ``;``-separated text holds qualifications. `id_columns` names columns carried into
          the result (a pandas index level by its ``reset_index()`` name); any other column
          that is no fact raises ColumnError. A row that cannot be read or decided gets outcome
          ``"error"`` and the reason in ``error`` (column and row, never a value); the other
          rows are decided all the same. The result's columns: the id columns, ``row``,
          ``outcome``, ``rule_id`` (``";".join(Decision.rule_ids)``), ``effective_date``,
          ``eligible_from``, ``missing_facts`` (``";".join(Decision.missing_facts)``; null when
          none), ``error``.

        The GIL is released while deciding.
        """
    def school_entry(self, facts: LearnerFacts | str, school_year: str | int) -> Decision:
        """School entry for a school year (``"2026/27"`` or 2026): `evaluate` as of 1 August.
        `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
        misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
        step by step as ``LearnerFacts`` or use ``typing.cast``.
        """
    def school_entry_batch(
        self,
        data: object,
        *,
        school_year: str | int,
        land: str | None = None,
        birth_date: str = "birth_date",
        land_column: str | None = None,
        effective_date: bool = True,
        on_null: Literal["raise", "undetermined"] = "raise",
        include: list[str] | None = None,
    ) -> SchoolEntryResult:
        """School entry for a whole table of children, over Arrow data: "schulpflichtig in
        `school_year`?" (column ``outcome``) and "from which 1 August?" (``effective_date`` when
        schulpflichtig in that year, ``eligible_from`` when not yet — the meanings of
        ``Decision``), with the determining rule (``rule_id``, ``citation``) — one row per input
        row, in order.

        `data` is anything with the Arrow PyCapsule interface (pyarrow Table/RecordBatch, polars
        or pandas DataFrame) or a bare date array. The birth dates are read from column
        `birth_date` (date32, date64 or timestamp); the Land is `land` for every row or read
        per row from `land_column`. A null raises NullValueError naming column and row unless
        ``on_null="undetermined"``. `include` names input columns to carry into the result (e.g.
        a pseudonymous id). The GIL is released while the engine works.

        Each row answers as ``evaluate("school_entry", {"birth_date": b, "land": L}, <1 August
        of school_year>)`` does. Where that call raises RuleError because the regular start
        needs a cut-off that is not encoded (NRW's are encoded from 1967/68, Rheinland-Pfalz's
        from 2004/05: children born before 1961 or 1998), the row gets outcome ``"error"`` with
        null dates, ``rule_id`` and ``citation``; so does a row whose Land has no school-entry
        rules or whose birth date lies outside 1800-2200. A school year before the encoded law
        fails no row that ``evaluate`` answers. With ``on_null="undetermined"`` a null birth date
        or Land gives ``"undetermined"`` (null ``rule_id``), or ``"error"`` where ``evaluate``
        without that fact raises (no cut-off encoded for the school year). With
        ``effective_date=False`` only the first question is answered (faster): the same
        ``outcome``, ``rule_id`` and ``citation`` in every row, without the two date columns.
        """
    def sek1_qualifications(
        self, sheet: GradeSheet | str, as_of: _DateLike
    ) -> Sek1Qualifications:
        """The APO-S I qualifications (ESA, EESA, MSA, MSA_Q) of one end-of-year grade sheet under
        the law in force on `as_of`: per qualification earned / not earned / undetermined, the
        Nachprüfung subjects, the official code by date, and an explanation. `sheet` is a dict
        (or JSON text) with ``schulform``, ``jahrgang``, ``subjects`` (``kuerzel``, ``grade``,
        ``course``, ``foreign_language``) and optionally ``gymnasium_track``, ``bildungsgang``,
        ``hauptschule_typ``, ``prior``. A bad sheet raises RecordError naming the field.
        `sheet` is typed as ``bildungsnetz.GradeSheet`` (a TypedDict, so that mypy catches a
        misspelt key); any mapping or JSON text works at run time — annotate a dict built step
        by step as ``GradeSheet`` or use ``typing.cast``.
        """
    def sek1_qualifications_batch(
        self,
        sheets: object,
        *,
        as_of: _DateLike,
        column: str = "sheet",
        on_error: Literal["raise", "null"] = "raise",
        include: list[str] | None = None,
        collect: bool = False,
    ) -> Sek1Result:
        """The qualifications of many grade sheets over the lean path, as an Arrow table (one row
        per sheet, in order): status per qualification (``esa``, ``eesa``, ``msa``, ``msa_q``),
        ``best``, the official code ``abschluss`` (``"OA"`` for none), the Prognose
        ``nachpruefung`` and the Nachprüfung subjects per qualification (``np_esa``, …), and
        ``error``.

        * `sheets` a list of dicts (or JSON texts), or JSON Lines (str or bytes).
        * `sheets` a table — anything with the Arrow PyCapsule interface (pyarrow, polars), a
          pandas DataFrame (Arrow dtypes, or an object column of lists of dicts, converted by
          pyarrow), a polars LazyFrame with ``collect=True`` — holding the sheets as columns
          ``schulform`` (text: name, key or Kürzel), ``jahrgang`` (integer), ``subjects`` (a list
          of structs ``kuerzel``, ``grade`` and optionally ``course``, ``foreign_language``,
          ``language_order``) and optionally ``gymnasium_track``, ``bildungsgang``,
          ``hauptschule_typ``, ``prior``; or as the column `column` holding a struct with those
          fields or one sheet's JSON text per row. Any string layout (also dictionary-encoded)
          and integer width is read in place; a null optional field is an absent one. `include`
          names columns to carry into the result (a pandas index level by its
          ``reset_index()`` name); any other column raises ColumnError, a column of the wrong
          type ColumnTypeError naming it, its type and what is expected.

        A bad sheet (unknown Schulform, grade outside 1–6 or null, null Kürzel, a subject
        twice, …) raises RecordError naming row and field, never a value, unless
        ``on_error="null"``: then its row is null and ``error`` says why. The GIL is released.
        """
    def gymnasium_track(
        self, class5_start_year: int, school_kept_g8: bool | None = None
    ) -> tuple[Literal["g8", "g9"], str]:
        """G8 or G9 for a pupil who entered class 5 of an NRW Gymnasium in the school year starting
        in `class5_start_year`, with the school's choice; returns ``(track, citation)``.
        """
    def next_steps(self, facts: LearnerFacts | str, as_of: _DateLike) -> list[NextStep]:
        """Every transition after Sek I (Oberstufe, Berufskolleg A–E, dual training, study,
        Weiterbildungskolleg, …) with its explained decision for this person on `as_of`: the
        counselling view "what can this person do next?".
        `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
        misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
        step by step as ``LearnerFacts`` or use ``typing.cast``.
        """
    def routes(
        self,
        facts: LearnerFacts | str,
        as_of: _DateLike,
        goal: str,
        *,
        max_steps: int = 5,
        max_routes: int = 3,
        allow_discretionary: bool = True,
    ) -> list[Route]:
        """The shortest routes (by months, then discretionary steps, then steps) from the
        person's facts on `as_of` to `goal`: ``"universitaet"``, ``"fachhochschule"``,
        ``"vocational_training"`` or a qualification code (``"ABITUR"``, ``"FHR_S"``, ``"MSA"``).
        Each step carries the facts then and its decision.
        `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
        misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
        step by step as ``LearnerFacts`` or use ``typing.cast``.
        """
    def reachable_goals(
        self,
        facts: LearnerFacts | str,
        as_of: _DateLike,
        *,
        max_steps: int = 5,
        allow_discretionary: bool = True,
    ) -> list[str]:
        """Every goal the person can reach within `max_steps` steps, as text (qualification codes,
        ``"vocational_training"``, ``"universitaet"``, ``"fachhochschule"``).
        `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
        misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
        step by step as ``LearnerFacts`` or use ``typing.cast``.
        """
    @overload
    def next_steps_batch(
        self,
        learners: _ArrowStream | _ArrowArray | _Lazy | os.PathLike[str],
        as_of: _DateLike,
        *,
        id_columns: Sequence[str] | None = None,
        collect: bool = False,
    ) -> BatchResult:
        """``next_steps`` for a table of learners: the same inputs as ``evaluate_batch`` over a
        table (pyarrow, polars — a LazyFrame with ``collect=True`` —, pandas, or a CSV / JSON
        Lines path; facts by column name; `id_columns` carried through), one ``BatchResult``
        row per learner and step, in input order and then in the order of ``next_steps``.
        Columns: the id columns, ``row``, ``transition``, ``to`` (the stages, ``;``-joined),
        ``outcome``, ``rule_id``, ``effective_date``, ``eligible_from``, ``missing_facts``,
        ``error``. A missing fact makes a step ``undetermined`` and is named in
        ``missing_facts``; a learner whose row cannot be read or decided gets one row with
        outcome ``error`` and the reason; the others are decided all the same. Steps are decided
        without their explanation. The GIL is released while deciding.
        """
    @overload
    def next_steps_batch(
        self,
        *,
        as_of: _DateLike,
        path: str | os.PathLike[str],
        id_columns: Sequence[str] | None = None,
    ) -> BatchResult:
        """``next_steps`` for a table of learners: the same inputs as ``evaluate_batch`` over a
        table (pyarrow, polars — a LazyFrame with ``collect=True`` —, pandas, or a CSV / JSON
        Lines path; facts by column name; `id_columns` carried through), one ``BatchResult``
        row per learner and step, in input order and then in the order of ``next_steps``.
        Columns: the id columns, ``row``, ``transition``, ``to`` (the stages, ``;``-joined),
        ``outcome``, ``rule_id``, ``effective_date``, ``eligible_from``, ``missing_facts``,
        ``error``. A missing fact makes a step ``undetermined`` and is named in
        ``missing_facts``; a learner whose row cannot be read or decided gets one row with
        outcome ``error`` and the reason; the others are decided all the same. Steps are decided
        without their explanation. The GIL is released while deciding.
        """
    @overload
    def reachable_goals_batch(
        self,
        learners: _ArrowStream | _ArrowArray | _Lazy | os.PathLike[str],
        as_of: _DateLike,
        *,
        id_columns: Sequence[str] | None = None,
        collect: bool = False,
        max_steps: int = 5,
        allow_discretionary: bool = True,
    ) -> BatchResult:
        """``reachable_goals`` for a table of learners (inputs as ``next_steps_batch``): one
        ``BatchResult`` row per learner and goal, in input order and then in the order of
        ``reachable_goals``. Columns: the id columns, ``row``, ``goal`` (a qualification code,
        ``"vocational_training"``, ``"universitaet"`` or ``"fachhochschule"``), ``error``. A
        learner with no goal in reach (e.g. for want of facts) has one row with ``goal`` null;
        one whose row cannot be read or decided one row with ``goal`` null and the reason in
        ``error``. The GIL is released while searching.
        """
    @overload
    def reachable_goals_batch(
        self,
        *,
        as_of: _DateLike,
        path: str | os.PathLike[str],
        id_columns: Sequence[str] | None = None,
        max_steps: int = 5,
        allow_discretionary: bool = True,
    ) -> BatchResult:
        """``reachable_goals`` for a table of learners (inputs as ``next_steps_batch``): one
        ``BatchResult`` row per learner and goal, in input order and then in the order of
        ``reachable_goals``. Columns: the id columns, ``row``, ``goal`` (a qualification code,
        ``"vocational_training"``, ``"universitaet"`` or ``"fachhochschule"``), ``error``. A
        learner with no goal in reach (e.g. for want of facts) has one row with ``goal`` null;
        one whose row cannot be read or decided one row with ``goal`` null and the reason in
        ``error``. The GIL is released while searching.
        """
    def run_conformance(self, source: str | os.PathLike[str] | bytes) -> list[CaseResult]:
        """Runs conformance cases — a case file or a directory of them (``pathlib.Path``), or a
        case file's JSON text or bytes (a str is never taken for a file name) — through the Rust
        runner with this book. Case files larger than the C library's
        ``BILDUNGSNETZ_MAX_CASE_FILE_BYTES`` are refused.
        """
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _restore(overrides: list[bytes]) -> RuleBook: ...

@final
class SchoolEntryResult:
    """The result of a batch evaluation: an Arrow table (PyCapsule interface) with one row per
    input row, in input order.
    """
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __arrow_c_schema__(self) -> object: ...
    @property
    def num_rows(self) -> int:
        """The number of rows."""
    def __len__(self) -> int: ...
    @property
    def column_names(self) -> list[str]:
        """The column names."""
    @property
    def school_year(self) -> str:
        """The school year asked about, e.g. ``"2026/27"``."""
    def outcome_counts(self) -> dict[str, int]:
        """How many rows have each outcome (every category, zeros included)."""
    def to_pyarrow(self) -> pyarrow.Table:
        """The result as a ``pyarrow.Table`` (needs pyarrow)."""
    def to_polars(self) -> polars.DataFrame:
        """The result as a ``polars.DataFrame`` (needs polars)."""
    def to_pandas(self) -> pandas.DataFrame:
        """The result as a ``pandas.DataFrame`` (needs pyarrow and pandas); outcome, rule id and
        citation become categoricals.
        """

class _ArrowStream(Protocol):
    def __arrow_c_stream__(self, requested_schema: Any = None, /) -> object: ...

class _ArrowArray(Protocol):
    def __arrow_c_array__(self, requested_schema: Any = None, /) -> object: ...

class _Lazy(Protocol):
    def collect(self) -> Any: ...

@final
class BatchResult:
    """The result of a batch over a table (`RuleBook.evaluate_batch`, `next_steps_batch`,
    `reachable_goals_batch`), in input order. The id columns asked for come first (repeated on
    each row of their learner), then `row` (int64, the learner's position in the input, from 0).

    `evaluate_batch`, one row per learner: `outcome` (dictionary: `not_eligible`, `eligible`,
    `discretionary`, `undetermined`, `error`); `rule_id` (dictionary text: the ids of the
    determining rules, sorted, joined by `;`, as `";".join(Decision.rule_ids)`; null when none);
    `effective_date` and `eligible_from` (date32, as in `Decision`); `missing_facts` (dictionary
    text: the facts still needed, joined by `;` in the decision's order; null when none is
    missing); `error` (text, null when the row was decided: why it has no answer, naming column
    and row, never a value).

    `next_steps_batch`, one row per learner and step (the steps of `RuleBook.next_steps`, in
    its order): `transition` (dictionary: the step's transition id), `to` (dictionary: the
    stages it leads to, joined by `;`), then the columns of `evaluate_batch` for the step's
    decision. A learner without an answer has one row: `transition` and `to` null, outcome
    `error` and the reason; a learner with no step (no rule pack for their Land) one row with
    `transition`, `to` and `outcome` null.

    `reachable_goals_batch`, one row per learner and goal (in the order of
    `RuleBook.reachable_goals`): `goal` (dictionary text: `universitaet`, `fachhochschule`,
    `vocational_training` or a qualification code) and `error`. A learner with no goal in reach
    has one row with `goal` null; one without an answer one row with `goal` null and the reason.
    """
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __arrow_c_schema__(self) -> object: ...
    @property
    def num_rows(self) -> int:
        """The number of rows."""
    def __len__(self) -> int: ...
    @property
    def column_names(self) -> list[str]:
        """The column names."""
    @property
    def transition(self) -> str | None:
        """The transition decided, e.g. ``"school_entry"``; ``None`` for next steps and
        reachable goals.
        """
    @property
    def operation(self) -> Literal["evaluate", "next_steps", "reachable_goals"]:
        """What the batch made: ``"evaluate"``, ``"next_steps"`` or ``"reachable_goals"``."""
    @property
    def as_of(self) -> datetime.date:
        """The day asked about."""
    def outcome_counts(self) -> dict[str, int]:
        """How many rows have each outcome (every category, ``error`` and zeros included)."""
    def to_pyarrow(self) -> pyarrow.Table:
        """The result as a ``pyarrow.Table`` (needs pyarrow)."""
    def to_polars(self) -> polars.DataFrame:
        """The result as a ``polars.DataFrame`` (needs polars)."""
    def to_pandas(self) -> pandas.DataFrame:
        """The result as a ``pandas.DataFrame`` (needs pyarrow and pandas): ``outcome``,
        ``rule_id`` and ``missing_facts`` become categoricals, the dates ``datetime.date``
        objects.
        """

_QualName = Literal["esa", "eesa", "msa", "msa_q"]
_Status = Literal["earned", "not_earned", "undetermined", "not_applicable"]

@final
class QualificationCode:
    """An official qualification code (SVWS ``SchulabschlussAllgemeinbildend``)."""
    def __new__(cls, kuerzel: str, schluessel: str, id_statistik: str, text: str) -> Self: ...
    @property
    def kuerzel(self) -> str:
        """Kürzel, e.g. ``"ESA"``, ``"HA10"``, ``"MSA_Q"``; ``"OA"`` = ohne Abschluss."""
    @property
    def schluessel(self) -> str:
        """Statistics key letter."""
    @property
    def id_statistik(self) -> str:
        """``idStatistik``."""
    @property
    def text(self) -> str:
        """The official text."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class QualificationResult:
    """What the rules found for one qualification."""
    @property
    def qualification(self) -> _QualName:
        """``"esa"``, ``"eesa"``, ``"msa"`` or ``"msa_q"``."""
    @property
    def status(self) -> _Status:
        """``"earned"``, ``"not_earned"``, ``"undetermined"`` or ``"not_applicable"``."""
    @property
    def earned(self) -> bool:
        """True when earned."""
    @property
    def nachpruefung(self) -> list[str]:
        """Subjects in which a Nachprüfung could still earn it (empty if earned or if none could)."""
    @property
    def rule_id(self) -> str:
        """The rule applied (``""`` when not applicable)."""
    @property
    def citation(self) -> str:
        """The citation of the version applied."""
    @property
    def code(self) -> QualificationCode:
        """The official code of the qualification on the day (HA9/HA10 before 1 August 2022)."""
    def to_dict(self) -> dict[str, Any]:
        """The result as a dict."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> QualificationResult: ...

@final
class Sek1Qualifications:
    """All Sek-I qualifications for one grade sheet, explained."""
    @property
    def as_of(self) -> datetime.date:
        """The day whose law was applied."""
    @property
    def results(self) -> tuple[QualificationResult, ...]:
        """One result per qualification, lowest first (ESA, EESA, MSA, MSA_Q)."""
    @property
    def best(self) -> _QualName | None:
        """The highest qualification earned now or held before (``None``: ohne Abschluss)."""
    @property
    def best_code(self) -> QualificationCode | None:
        """The official code of `best` on `as_of`, or ``None``."""
    @property
    def abschluss(self) -> str:
        """The Kürzel of the qualification reached on `as_of` (``"OA"`` for none)."""
    @property
    def nachpruefung(self) -> list[str]:
        """The Nachprüfung subjects of the next qualification above `best` (the "Prognose")."""
    @property
    def earned(self) -> list[_QualName]:
        """The names of the qualifications earned, lowest first."""
    def result(self, qualification: str) -> QualificationResult:
        """The result for one qualification (``"esa"``, ``"eesa"``, ``"msa"``, ``"msa_q"``)."""
    def explain(self, lang: Literal["de", "en"] = "de") -> str:
        """A sentence in German (``"de"``) or English (``"en"``)."""
    def to_json(self) -> str:
        """The result as JSON text (the core's format; each result also carries its `code`)."""
    def to_dict(self) -> dict[str, Any]:
        """The result as Python data (dates as ISO strings)."""
    @classmethod
    def from_json(cls, text: str) -> Sek1Qualifications:
        """A result from its JSON text (as written by `to_json`)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Sek1Result:
    """The result of a Sek-I batch: one row per grade sheet, in input order."""
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __arrow_c_schema__(self) -> object: ...
    @property
    def num_rows(self) -> int:
        """The number of rows."""
    def __len__(self) -> int: ...
    @property
    def column_names(self) -> list[str]:
        """The column names."""
    def to_pyarrow(self) -> pyarrow.Table:
        """The result as a ``pyarrow.Table`` (needs pyarrow)."""
    def to_polars(self) -> polars.DataFrame:
        """The result as a ``polars.DataFrame`` (needs polars)."""
    def to_pandas(self) -> pandas.DataFrame:
        """The result as a ``pandas.DataFrame`` (needs pyarrow and pandas)."""

@final
class MeasureTrace:
    """A measure implementing a Lenkungskreis decision."""
    @property
    def id(self) -> str:
        """The measure's id."""
    @property
    def title(self) -> str:
        """Its title."""
    @property
    def status(self) -> Literal["planned", "running", "completed", "stopped"]:
        """``"planned"``, ``"running"``, ``"completed"`` or ``"stopped"``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> MeasureTrace: ...

@final
class DecisionTrace:
    """A Lenkungskreis decision on a recommendation, with the measures that implement it."""
    @property
    def id(self) -> str:
        """The decision's id."""
    @property
    def date(self) -> datetime.date:
        """The day it was taken."""
    @property
    def status(self) -> Literal["adopted", "changed", "rejected", "deferred"]:
        """``"adopted"``, ``"changed"``, ``"rejected"`` or ``"deferred"``."""
    @property
    def priority(self) -> int | None:
        """Priority, 1 highest."""
    @property
    def measures(self) -> tuple[MeasureTrace, ...]:
        """The measures citing this decision."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> DecisionTrace: ...

@final
class RecommendationTrace:
    """One recommendation of the Bildungskonferenz and what became of it."""
    @property
    def id(self) -> str:
        """The recommendation's id."""
    @property
    def conference(self) -> str:
        """The conference that gave it."""
    @property
    def given_on(self) -> datetime.date:
        """The day of that conference."""
    @property
    def handlungsfeld(self) -> str | None:
        """The Handlungsfeld it concerns."""
    @property
    def text(self) -> str:
        """Its text."""
    @property
    def decisions(self) -> tuple[DecisionTrace, ...]:
        """The decisions on it, in the order they were taken."""
    @property
    def state(
        self,
    ) -> Literal[
        "undecided",
        "rejected",
        "deferred",
        "adopted_without_measure",
        "in_progress",
        "implemented",
        "stopped",
    ]:
        """Where it stands: ``"undecided"``, ``"rejected"``, ``"deferred"``,
        ``"adopted_without_measure"``, ``"in_progress"``, ``"implemented"`` or ``"stopped"``.
        """
    @property
    def state_de(self) -> str:
        """The state as a German label (``"in Umsetzung"``, …)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> RecommendationTrace: ...

@final
class RecommendationReport:
    """The report "what became of the conference's recommendations"."""
    @property
    def recommendations(self) -> tuple[RecommendationTrace, ...]:
        """Every recommendation, in the order of the conferences."""
    @property
    def decisions_without_recommendation(self) -> list[str]:
        """Ids of Lenkungskreis decisions that answer no recommendation."""
    def counts(self) -> dict[str, int]:
        """How many recommendations are in each state."""
    def render_de(self) -> str:
        """The report as German text for the Lenkungskreis or a Bildungsbericht."""
    def to_dict(self) -> dict[str, Any]:
        """The report as Python data (dates as ISO strings)."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[RecommendationTrace]: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> RecommendationReport: ...

@final
class Offer:
    """An offer of the network (Bildungsangebot)."""
    @property
    def id(self) -> str:
        """Its id."""
    @property
    def title(self) -> str:
        """Its title."""
    @property
    def provider(self) -> str:
        """Id of the institution that provides it."""
    @property
    def handlungsfeld(self) -> str | None:
        """Id of its Handlungsfeld."""
    @property
    def kommunen(self) -> list[str]:
        """Ids of the Kommunen where it is offered (empty: network-wide)."""
    @property
    def min_age(self) -> int | None:
        """Youngest age addressed."""
    @property
    def max_age(self) -> int | None:
        """Oldest age addressed."""
    @property
    def target_groups(self) -> list[str]:
        """Target groups."""
    @property
    def languages(self) -> list[str]:
        """Languages (ISO 639-1); empty means German."""
    @property
    def start(self) -> datetime.date | None:
        """First day."""
    @property
    def end(self) -> datetime.date | None:
        """Last day."""
    def to_dict(self) -> dict[str, Any]:
        """The offer as Python data (dates as ISO strings)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Offer: ...

@final
class Gap:
    """A Kommune, age band and Handlungsfeld with no offer."""
    @property
    def kommune(self) -> str:
        """Id of the Kommune."""
    @property
    def ages(self) -> tuple[int, int]:
        """The age band (inclusive)."""
    @property
    def handlungsfeld(self) -> str:
        """Id of the Handlungsfeld."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Gap: ...

@final
class Referral:
    """A service the person can turn to, with the reasons it was chosen — never a diagnosis."""
    @property
    def service(self) -> str:
        """Id of the service."""
    @property
    def name(self) -> str:
        """Its name."""
    @property
    def provider(self) -> str:
        """Id of the institution that provides it."""
    @property
    def score(self) -> int:
        """Ranking score; higher is a closer fit."""
    @property
    def reasons_de(self) -> list[str]:
        """Why it fits, in German."""
    @property
    def reasons_en(self) -> list[str]:
        """Why it fits, in English."""
    def reasons(self, lang: Literal["de", "en"] = "de") -> list[str]:
        """The reasons in German (``"de"``) or English (``"en"``)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Referral: ...

@final
class Participation:
    """Events and participants of one kind in one calendar year."""
    @property
    def year(self) -> int:
        """The calendar year."""
    @property
    def kind(self) -> str:
        """The event kind (e.g. ``"fachtag"``)."""
    @property
    def events(self) -> int:
        """Events held."""
    @property
    def participants(self) -> int:
        """Participants counted."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Participation: ...

@final
class Forwarded:
    """Money forwarded to one project in one calendar year."""
    @property
    def programme(self) -> str:
        """Id of the programme."""
    @property
    def application(self) -> str:
        """Id of the application."""
    @property
    def project(self) -> str:
        """The project's title."""
    @property
    def year(self) -> int:
        """The calendar year of the payments."""
    @property
    def amount_cents(self) -> int:
        """The sum paid, in euro cents."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Forwarded: ...

@final
class Registration:
    """The result of a registration: ``status`` is ``"confirmed"`` or ``"waitlisted"`` (then
    ``position`` is the place on the waiting list, 1 = next).
    """
    @property
    def status(self) -> Literal["confirmed", "waitlisted"]:
        """``"confirmed"`` or ``"waitlisted"``."""
    @property
    def position(self) -> int | None:
        """Position on the waiting list, from 1; ``None`` when confirmed."""
    @property
    def confirmed(self) -> bool:
        """True when a place is confirmed."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Registration: ...

@final
class EventRegistry:
    """Registrations for one event: confirmed places up to its capacity, then a waiting list in
    order of registration; a cancellation moves the first waiting participant up. Participants
    are opaque references chosen by the caller (e.g. a registration number). Picklable.
    """
    def __new__(
        cls, event: str, capacity: int | None = None, waitlist_places: int = 0
    ) -> Self: ...
    @property
    def event(self) -> str:
        """The event's id."""
    @property
    def capacity(self) -> int | None:
        """Its places (``None``: unlimited)."""
    @property
    def waitlist_places(self) -> int:
        """Its waiting-list places."""
    def register(self, participant: str) -> Registration:
        """Registers a participant: a place if one is free, else a waiting-list place. Raises
        RegistrationError (code ``"full"`` or ``"already_registered"``).
        """
    def cancel(self, participant: str) -> str | None:
        """Cancels a registration or a waiting-list place; returns the participant who moved up
        into the freed place, if any. Raises RegistrationError (code ``"not_registered"``).
        """
    @property
    def confirmed(self) -> list[str]:
        """Participants with a confirmed place, in order of confirmation."""
    @property
    def waiting(self) -> list[str]:
        """Participants waiting, next first."""
    def __contains__(self, participant: str, /) -> bool: ...
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _restore(
        event: str,
        capacity: int | None,
        waitlist_places: int,
        confirmed: list[str],
        waiting: list[str],
    ) -> EventRegistry: ...

@final
class Office:
    """The Bildungsbüro of a network: its recommendation report, offers and gaps, referrals,
    event registries, programmes. Immutable and picklable (it holds a copy of the network).
    """
    def __new__(cls, network: _DocSource) -> Self: ...
    @property
    def network(self) -> Network:
        """The network."""
    def recommendation_report(self) -> RecommendationReport:
        """What became of the Bildungskonferenz's recommendations (decisions, measures, state)."""
    def offers(
        self,
        *,
        age: int | None = None,
        ages: tuple[int, int] | None = None,
        stage: str | None = None,
        handlungsfeld: str | None = None,
        kommune: str | None = None,
        target_group: str | None = None,
        language: str | None = None,
        date: _DateLike | None = None,
    ) -> list[Offer]:
        """The offers matching every criterion given, in document order. `age` (an int) or `ages`
        (an inclusive range) or `stage` (``"kita"``, ``"primarstufe"``, ``"sek_i"``, …) select
        by age; `kommune` matches offers there or network-wide; `language` matches offers in it
        (offers naming none are in German); `date` selects offers running on that day.
        """
    def gaps(self, age_bands: list[tuple[int, int]] | None = None) -> list[Gap]:
        """Every Kommune × age band × Handlungsfeld of the network with no offer. `age_bands` are
        inclusive ranges (default: 0–5, 6–9, 10–15, 16–18, 19–26, 27–99).
        """
    def refer(
        self, topic: str, *, kommune: str, age: int | None = None, language: str | None = None
    ) -> list[Referral]:
        """The network's services for a counselling request, best fit first, each with its
        reasons (never a diagnosis). A Kommune outside the network raises ReferralError
        (``field == "kommune"``); an unknown topic raises InputError naming the field.
        """
    def event_registry(self, event: str, *, waitlist_places: int = 0) -> EventRegistry:
        """A registry for an event of the network, with its capacity."""
    def participation_by_year(self) -> list[Participation]:
        """Events and participants per calendar year and event kind, sorted by year and kind."""
    def check_application(
        self, programme: str, application: Mapping[str, Any] | str
    ) -> Report:
        """Checks an application against the rules of programme `programme` (its id): eligible
        applicant, maximum amount, funding period, required fields, payments. `application` is
        a dict, or the id of an application of the programme in the document. Returns a Report
        whose problems point into the application (``/amount_cents``, …).
        """
    def forwarded_by_year(self) -> list[Forwarded]:
        """The money forwarded per programme, project and calendar year, from the payments."""
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Protection:
    """How tables are protected. The default follows German official practice: cells with fewer
    than 3 contributors are suppressed (primary), secondary suppression by exact Gaussian
    elimination, and no suppressed cell derivable to an interval narrower than 3.

    Settings: `rounding_base` switches from suppression to rounding every cell to a multiple
    of the base; `dominance` is the (n, k) rule for magnitude tables. `strategy` is
    ``"auto"``, ``"whole"`` or ``"blocks"``: secondary suppression on the whole publication at
    once, or block by block along the Kommune (fast at Land scale); ``"auto"`` chooses blocks
    from 61 Kommunen, for linked indicators (published together) from 15. ``existence_protection``: a primary cell's interval must reach down to 0
    (that a child is in the cell at all is sensitive). Settings that protect nothing or mean
    nothing raise InputError naming the setting: ``min_frequency`` below 1, ``rounding_base``
    0, a ``dominance`` whose n is not 1–3 or whose k is not a whole percentage 0–100
    (negative, NaN), a negative width or percentage.
    """
    def __new__(
        cls,
        *,
        min_frequency: int = 3,
        suppress_zeros: bool = False,
        dominance: tuple[int, int] | None = None,
        min_interval_width: int = 3,
        min_interval_percent: int = 0,
        interval_protection: bool = True,
        rounding_base: int | None = None,
        strategy: Literal["auto", "whole", "blocks"] = "auto",
        existence_protection: bool = True,
    ) -> Self: ...
    @classmethod
    def magnitude(cls) -> Protection:
        """Settings for magnitude tables (pupils per school): fewer than 3 schools or the (1, 85)
        dominance rule make a cell primary; intervals at least 10 % of the value wide. No
        existence protection: that a school has pupils is public (the directory lists it).
        """
    @classmethod
    def rounding(cls, base: int = 5) -> Protection:
        """Suppression, then the published cells rounded to a base (IT.NRW: 5): rounding alone
        would let the inner cells and the rounded total pin every cell.
        """
    @property
    def method(self) -> Literal["suppression", "rounding"]:
        """``"suppression"`` or ``"rounding"``."""
    @property
    def rounding_base(self) -> int | None:
        """The rounding base, or ``None`` for suppression."""
    @property
    def min_frequency(self) -> int:
        """Cells with 1 ≤ contributors < this are primary."""
    @property
    def suppress_zeros(self) -> bool:
        """Whether empty cells are primary too."""
    @property
    def dominance(self) -> tuple[int, int] | None:
        """The (n, k) dominance rule, or ``None``."""
    @property
    def min_interval_width(self) -> int:
        """The narrowest interval an attacker may derive for a primary cell."""
    @property
    def min_interval_percent(self) -> int:
        """The narrowest interval as a percentage of the primary cell's value."""
    @property
    def interval_protection(self) -> bool:
        """Whether the interval step runs."""
    @property
    def existence_protection(self) -> bool:
        """Whether a primary cell's interval must reach down to 0."""
    @property
    def strategy(self) -> Literal["auto", "whole", "blocks"]:
        """``"auto"``, ``"whole"`` or ``"blocks"``."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Protection: ...

@final
class ProtectedTable:
    """A protected table for the producer: dimension columns (``None`` where a row sums over the
    dimension: such rows are margins), ``margin`` (the dimensions the row sums over, joined
    by ``+``: ``"kommune"``, ``"transition_schulform"``, ``"kommune+transition_schulform"``
    for the grand total; ``None`` for an inner cell), the value (``None`` where suppressed),
    optionally ``denominator`` and ``rate``, and ``status`` (``"published"``, ``"primary"``,
    ``"secondary"``, ``"rounded"``). An Arrow table through the PyCapsule interface.

    The status is for the producer's own checks, not for publication: a published
    "primary" flag discloses that a cell is small. Publish ``to_csv()``: suppressed cells as
    ``"."`` whatever the reason (as Destatis), totals labelled ``"Insgesamt"``, no status.
    Picklable.
    """
    @property
    def id(self) -> str:
        """The table's id (e.g. ``"uebergangsquote"``)."""
    @property
    def dimensions(self) -> list[str]:
        """The names of the dimension columns."""
    @property
    def value_name(self) -> str:
        """The name of the value column (``"count"``, ``"pupils"``, ``"schools"``)."""
    @property
    def num_rows(self) -> int:
        """The number of rows."""
    def __len__(self) -> int: ...
    @property
    def column_names(self) -> list[str]:
        """The column names."""
    @property
    def suppressed(self) -> int:
        """How many cells are suppressed."""
    def find(self, labels: list[str | None]) -> int | None:
        """The row with these labels (one per dimension; ``None`` for the total over a
        dimension), or ``None``.
        """
    def value(self, labels: list[str | None]) -> int | None:
        """The protected value of the row with these labels (``None`` for the total over a
        dimension; the value is ``None`` if suppressed); raises KeyError if there is no such
        row.
        """
    def cell_status(self) -> list[Literal["published", "primary", "secondary", "rounded"]]:
        """The ``status`` column as a list: ``"published"``, ``"primary"``, ``"secondary"`` or
        ``"rounded"``. Not for publication: a primary flag itself discloses that a cell is
        small.
        """
    def to_csv(self) -> str:
        """The CSV for publication, with a header: suppressed values and unavailable rates as
        ``"."``, ``"Insgesamt"`` where a row sums over a dimension, the ``margin`` column last;
        no status.
        """
    def to_json(self) -> str:
        """JSON text in columnar form for the producer: ``null`` for totals and suppressed values,
        with the ``margin`` and ``status`` columns.
        """
    def to_dict(self) -> dict[str, Any]:
        """The JSON form as Python data."""
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __arrow_c_schema__(self) -> object: ...
    def to_pyarrow(self) -> pyarrow.Table:
        """The table as a ``pyarrow.Table`` (needs pyarrow)."""
    def to_polars(self) -> polars.DataFrame:
        """The table as a ``polars.DataFrame`` (needs polars)."""
    def to_pandas(self) -> pandas.DataFrame:
        """The table as a ``pandas.DataFrame`` (needs pyarrow and pandas)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> ProtectedTable: ...

@final
class IndicatorResult:
    """One published indicator: its protected tables (the count table with margins and rates;
    for a population denominator also the protected population table), and how many records
    it counted and did not count, by reason.
    """
    @property
    def id(self) -> str:
        """The indicator's id."""
    @property
    def title(self) -> str:
        """Its title."""
    @property
    def tables(self) -> tuple[ProtectedTable, ...]:
        """Its protected tables."""
    @property
    def counted(self) -> int:
        """The records counted in the count table."""
    @property
    def uncounted(self) -> list[_Uncounted]:
        """The records not counted, one dict per reason and field: ``reason`` (outside the
        indicator by its definition: ``"other_school_year"``, ``"grade_outside"``,
        ``"excluded_schulform"``, ``"without_fact"``, ``"other_code"``,
        ``"kommune_not_in_set"``; meant for it but in no cell: ``"missing_value"``,
        ``"unknown_code"``), ``field``, ``records`` (how many) and ``lost`` (whether the reason
        is one of the last two). Counts and field names only, never a value;
        ``pandas.DataFrame(result.uncounted)`` makes a table of it.
        """
    @property
    def table(self) -> ProtectedTable:
        """The count table (the first table)."""
    def to_csv(self) -> str:
        """All tables as one CSV document (``# <id>`` before each)."""
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _restore(
        id: str, title: str, tables: list[ProtectedTable], counted: int, uncounted: str
    ) -> IndicatorResult: ...

@final
class Partials:
    """Counts of an indicator set over some records: merge partials from batches or workers,
    then publish once. Picklable (to send from Dask or Spark workers to the driver).
    """
    def merge(self, other: Partials) -> Partials:
        """The merge of this and `other` (a new object; merge order does not matter)."""
    def __add__(self, other: Partials, /) -> Partials: ...
    def __radd__(self, other: Partials, /) -> Partials: ...
    @staticmethod
    def merge_all(partials: Iterable[Partials]) -> Partials:
        """Merges any number of partials (at least one)."""
    @property
    def total(self) -> int:
        """The number of counted contributions over all indicators' numerator cubes."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Partials: ...

@final
class Indicators:
    """The standard indicators of the kommunales Bildungsmonitoring (or your own specs) over a
    fixed list of Kommunen (8-digit AGS). Count records into Partials, merge, publish protected
    tables. Immutable and picklable.
    """
    def __new__(
        cls,
        school_year: str | int,
        kommunen: list[str],
        *,
        convention: str = "nrw",
        ids: list[str] | None = None,
    ) -> Self: ...
    @classmethod
    def from_specs(
        cls, specs: Sequence[Mapping[str, Any]] | str, kommunen: list[str]
    ) -> Indicators:
        """An indicator set from declarative specifications (dicts or JSON text of the core's
        ``IndicatorSpec``: id, title, school_year, kommune, grades, exclude_schulformen,
        breakdowns, category, category_codes, groups, denominator).
        """
    @property
    def ids(self) -> list[str]:
        """The indicator ids, in order."""
    @property
    def kommunen(self) -> list[str]:
        """The Kommunen (sorted AGS)."""
    @property
    def specs(self) -> list[dict[str, Any]]:
        """The specifications as Python data."""
    def empty(self) -> Partials:
        """Empty partials (the neutral element of merging)."""
    def count(self, data: object) -> Partials:
        """Counts monitoring records into partials. `data` is Arrow data (pyarrow, polars, pandas
        via the PyCapsule interface; columns named as the record fields, ``school_year``
        required) or a list of dicts. Arrow input is read without a Python object per row and
        with the GIL released. Errors name the column (or field) and the row, never a value.
        """
    def count_jsonl(self, source: _DocSource) -> Partials:
        """Counts monitoring records from JSON Lines: the text (str or bytes — a str is always the
        records, never a file name), a ``pathlib.Path`` or a file object. Errors name the line
        and field, never a value.
        """
    def count_csv(self, source: _DocSource) -> Partials:
        """Counts monitoring records from CSV with a header of record fields: the text (str or
        bytes — a str is always the records, never a file name), a ``pathlib.Path`` or a file
        object. Empty cells are missing; lines end in LF, CRLF or CR. Errors name the line and
        field, never a value: a row with another number of fields than the header, a quote not
        closed on its line, a header cell that is no field name (by its column).
        """
    def publish(
        self,
        partials: Partials,
        protection: Protection | None = None,
        *,
        allow_empty: bool = False,
        register: Register | None = None,
        release: str | None = None,
        date: datetime.date | str | None = None,
    ) -> list[IndicatorResult]:
        """Publishes every indicator from (merged) partials, protected with `protection`
        (default: Protection()). Returns one IndicatorResult per indicator, in order, each
        with the records it counted and did not count (``uncounted``); records an indicator
        lost — meant for it but in no cell, such as a Schulform by name instead of its key —
        also raise a UserWarning. An indicator that counted no record raises InputError naming
        it and the main reasons, unless `allow_empty` is true: then its table is empty.

        With a `register` of earlier releases, the tables are protected against it — cells
        shown before stay shown with their values and are never suppressed to protect
        others, cells suppressed before stay suppressed — and this run is added to it as
        release `release` (its name) of `date` (``datetime.date`` or ``"YYYY-MM-DD"``). A
        cell shown before that is now too small or shows another value raises InputError
        naming the table, the cell's labels and the release; the register is then unchanged.
        """
    def compute(
        self,
        data: object,
        protection: Protection | None = None,
        *,
        allow_empty: bool = False,
        register: Register | None = None,
        release: str | None = None,
        date: datetime.date | str | None = None,
    ) -> list[IndicatorResult]:
        """`count` then `publish` in one call (with the same `allow_empty`, `register`, `release`,
        `date`).
        """
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _restore(specs: str, kommunen: list[str]) -> Indicators: ...

@final
class Register:
    """The register of published releases: per release its name, date and every table's cells
    (labels and the value shown, or suppressed) — aggregates only, no personal data. Pass it
    to ``Indicators.publish(..., register=, release=, date=)``: the run is protected against
    the earlier releases and added as a new one. Save it after each run, load it before the
    next. A run that leaves out an earlier table counting the same population as one of its
    indicators (e.g. ``uebergang_nach_empfehlung`` when publishing ``uebergangsquote``) raises
    MonitorError: publish linked indicators together.
    """
    def __new__(cls) -> Register: ...
    @staticmethod
    def load(source: _DocSource) -> Register:
        """Reads a register: its JSON text (str or bytes; a str is never taken for a file
        name), a ``pathlib.Path`` or a file object. Another format or version, unknown fields
        or invalid values raise InputError naming the file and the JSON pointer.
        """
    def to_json(self) -> str:
        """The register as JSON text."""
    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the register to a file (``pathlib.Path`` or str), replacing it."""
    @property
    def releases(self) -> list[tuple[str, datetime.date]]:
        """The releases, oldest first: (name, date)."""

@final
class DirectoryTables:
    """Schools and pupils per Schulform and Kommune from the school directory."""
    @property
    def schools(self) -> ProtectedTable:
        """``schulen``: schools per Kommune × Schulform (public, unprotected)."""
    @property
    def pupils_by_schulform(self) -> ProtectedTable:
        """``schueler_schulform``: pupils per Kommune × Schulform (protected)."""
    @property
    def pupils_by_sozialindex(self) -> ProtectedTable:
        """``schueler_sozialindex``: pupils per Kommune × Sozialindex (protected, linked)."""
    @property
    def schools_without_pupils(self) -> int:
        """Schools in scope without a pupil number (not in the pupil tables)."""
    @property
    def rows(self) -> int:
        """The data rows of the directory file (a quoted field over several lines counts once)."""
    @property
    def rejected(self) -> int:
        """The rows that were not imported (a broken quote, a wrong number of fields, no
        Schulnummer, …): ``rows`` = schools imported + ``rejected``; ``problems`` says why.
        """
    @property
    def problems(self) -> list[str]:
        """The import's errors and warnings, one line each, by line of the file (e.g.
        ``"line 3: error[malformed_quote]: …"``).
        """

def directory_tables(
    source: str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | IO[str],
    ags_prefix: str,
    protection: Protection | None = None,
) -> DirectoryTables:
    """The directory tables for the schools whose AGS starts with `ags_prefix` (``"05"``: all of
    NRW; ``"05334"``: StädteRegion Aachen), from an NRW school directory file — its contents
    (bytes or str; a str is never taken for a file name), a ``pathlib.Path`` or a file object,
    at most the C library's ``BILDUNGSNETZ_MAX_DIRECTORY_BYTES`` — protected with `protection`
    (default: Protection.magnitude()). Rows that cannot be imported are counted in ``rejected``
    and explained in ``problems``.
    """

def german_name(kind: _GermanNameKind, code: str) -> str | None:
    """The German name of a code, as a person at the counter reads it, or ``None`` when the kind
    has no such code.

    ``kind`` is one of ``"transition"`` (``"school_entry"`` → ``"Einschulung (Beginn der
    Schulpflicht)"``), ``"outcome"`` (``"eligible"``), ``"check_result"``
    (``"missing_facts"``), ``"schulform"`` (the rules' names such as ``"gymnasium"``, or a key of
    the official NRW list such as ``"20"``), ``"abschluss"`` (``"MSA_Q"``), ``"land"``
    (``"NW"``), ``"severity"`` (``"warning"``) or ``"fact"`` (a learner fact's field,
    ``"birth_date"`` → ``"Geburtsdatum"``); ``code`` is the code as the library writes it.
    Raises :class:`InputError` (a ``ValueError``) for any other kind.

    >>> import bildungsnetz as bn
    >>> bn.german_name("outcome", "discretionary")
    'Ermessensentscheidung'
    >>> bn.german_name("land", "XX") is None
    True
    """
def canonical_code(kind: _CodeKind, spelling: str) -> str:
    """The canonical code of a spelling: ``kind`` is ``"qualification"`` (the SVWS key:
    ``"EESA"`` → ``"HA10"``, ``"FOR-Q"`` → ``"MSA_Q"``), ``"schulform"`` (the NRW statistics
    key: ``"Gymnasium"``, ``"GY"`` → ``"20"``), ``"bildungsgang"`` (``"b06"`` → ``"B06"``),
    ``"kommune"`` (the 8-digit AGS: ``"k-05334012"`` or a 12-digit ARS → ``"05334012"``) or
    ``"land"`` (``"NRW"``, ``"nw"``, ``"Nordrhein-Westfalen"`` → ``"NW"``).

    Raises :class:`InputError` (a ``ValueError``) for another kind, or for a spelling the kind
    does not know; the message lists accepted codes and never repeats the spelling.

    >>> import bildungsnetz as bn
    >>> bn.canonical_code("land", "NRW")
    'NW'
    >>> bn.canonical_code("qualification", "FOR-Q")
    'MSA_Q'
    """
def codes(kind: _CodeKind) -> list[str]:
    """Every canonical code of a kind (see :func:`canonical_code`), in catalogue order. Kommunen
    are an open set (every AGS): their list is empty.

    >>> import bildungsnetz as bn
    >>> bn.codes("land")[:3]
    ['SH', 'HH', 'NI']
    """
def code_aliases(kind: _CodeKind) -> list[str]:
    """The spellings a kind accepts beside its codes (the 2022 qualification names, Schulform
    Kürzel and names, ``"NRW"``), as written in the vocabulary's tables; letter case is ignored
    on input.

    >>> import bildungsnetz as bn
    >>> "EESA" in bn.code_aliases("qualification")
    True
    """
def code_name_de(kind: _CodeKind, code: str) -> str | None:
    """The German name of a canonical code, or ``None`` when the kind has no such code (a Kommune
    has no name here: it is the network document's).

    >>> import bildungsnetz as bn
    >>> bn.code_name_de("schulform", "20")
    'Gymnasium'
    """

@final
class NextStep:
    """One possible next step with its explained decision."""
    @property
    def transition(self) -> str:
        """The transition's id (e.g. ``"berufskolleg_b"``)."""
    @property
    def to(self) -> list[str]:
        """The stages it leads to (``"gymnasiale_oberstufe"``, ``"berufskolleg:b"``, …)."""
    @property
    def decision(self) -> Decision:
        """The explained decision."""
    @property
    def outcome(self) -> _Outcome:
        """The decision's outcome."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> NextStep: ...

@final
class RouteStep:
    """One step of a route: the transition, when it is decided, how long it takes, what it
    awards, the facts the person has then, and the decision.
    """
    @property
    def transition(self) -> str:
        """The transition's id."""
    @property
    def bildungsgang(self) -> str | None:
        """The Berufskolleg Bildungsgang, for Berufskolleg steps."""
    @property
    def as_of(self) -> datetime.date:
        """The day the step is decided on."""
    @property
    def months(self) -> int:
        """The step's regular duration in months (0 for an access decision)."""
    @property
    def awards(self) -> list[str]:
        """What the step awards on completion (SVWS codes)."""
    @property
    def facts(self) -> LearnerFacts:
        """The facts the person has when taking the step (as a dict)."""
    @property
    def decision(self) -> Decision:
        """The decision for the step."""
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> RouteStep: ...

@final
class Route:
    """A route to a goal: its steps, total regular months and discretionary steps."""
    @property
    def steps(self) -> tuple[RouteStep, ...]:
        """The steps, in order."""
    @property
    def total_months(self) -> int:
        """The total regular duration in months."""
    @property
    def discretionary_steps(self) -> int:
        """Steps whose decision is discretionary (a school, company or Hochschule decides)."""
    @property
    def transitions(self) -> list[str]:
        """The transitions of the steps, in order."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    @staticmethod
    def _from_state(state: str) -> Route: ...
