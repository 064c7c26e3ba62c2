//! Delimited text (CSV) read row by row, so that no row is ever lost without a word.
//!
//! The readers of this crate (the directory importer, the learner and the monitoring CSV
//! readers) share this splitter. What it guarantees:
//!
//! * **One physical line is one row**, unless a quoted field legitimately spans lines: a record
//!   over several lines is taken only when it is well-formed and has a field count the caller
//!   accepts, and it spans at most [`MAX_RECORD_LINES`] lines.
//! * **A broken quote costs one line.** A quote that is not closed (in the last field or a
//!   middle one), or text right after a closing quote, makes its line a [`Row::BadQuote`];
//!   reading goes on with the next line, which a stray quote could otherwise swallow along with
//!   the rest of the file.
//! * **Line ends** are `\n`, `\r\n` or — decided by the first line end of the input — a lone
//!   `\r` (classic Mac OS, Excel's "CSV (Macintosh)").
//! * **Bounded**: never more than the limit is read (the rest is refused with
//!   [`Stop::TooLarge`]), so an endless line from a FIFO or `/dev/zero` cannot exhaust memory.
//! * A UTF-8 byte-order mark before the first line is skipped; blank (white-space only) lines
//!   between rows are skipped and counted as lines.
//!
//! Quoting follows RFC 4180: a field is quoted only when its first byte is `"`; inside, `""` is
//! a quote; a quote inside an unquoted field is an ordinary character; blanks between a closing
//! quote and the delimiter are allowed.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Take};

use crate::rules::RecordErrorKind;

/// The most physical lines one record may span.
pub(crate) const MAX_RECORD_LINES: usize = 32;

/// Why reading stopped before the end of the input.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The input failed while line `line` was read.
    Io {
        /// The operating system's error.
        error: std::io::Error,
        /// The physical line being read.
        line: usize,
    },
    /// The input has more bytes than the limit.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
        /// The physical line being read when the limit was reached.
        line: usize,
    },
}

/// One row of the input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Row {
    /// A well-formed record that starts on physical line `line` (1-based).
    Record { line: usize, fields: Fields },
    /// Line `line` has a quote that is not closed on it (nor by a well-formed record over the
    /// next lines), or text right after a closing quote. Only this line is given up.
    BadQuote { line: usize },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Not seen yet.
    Unknown,
    /// `\n`, with a `\r` before it dropped.
    Lf,
    /// A lone `\r`.
    Cr,
}

struct Line {
    number: usize,
    text: Vec<u8>,
}

/// Where a field's bytes are: in the record's text, or (a quoted field with `""` in it) in
/// the unescaped copies.
#[derive(Clone, Copy, Debug)]
enum Span {
    Text(usize, usize),
    Unescaped(usize, usize),
}

/// The fields of a record: its text, kept whole, and where each field lies in it — one
/// allocation per record, not one per field.
#[derive(Debug)]
pub(crate) struct Fields {
    text: Vec<u8>,
    unescaped: Vec<u8>,
    spans: Vec<Span>,
}

impl Fields {
    /// The number of fields.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The bytes of field `i`, unquoted.
    pub(crate) fn get(&self, i: usize) -> Option<&[u8]> {
        match *self.spans.get(i)? {
            Span::Text(a, b) => self.text.get(a..b),
            Span::Unescaped(a, b) => self.unescaped.get(a..b),
        }
    }

    /// The fields' bytes, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Fields {}

/// Physical lines of a bounded input.
struct Lines<R: Read> {
    input: BufReader<Take<R>>,
    limit: usize,
    read: usize,
    ending: Ending,
    /// The number of the last line handed out.
    number: usize,
    started: bool,
    /// The length of the last line: the next one is usually as long.
    width: usize,
}

impl<R: Read> Lines<R> {
    fn new(input: R, limit: usize) -> Self {
        let bound = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
        Lines {
            input: BufReader::new(input.take(bound)),
            limit,
            read: 0,
            ending: Ending::Unknown,
            number: 0,
            started: false,
            width: 0,
        }
    }

    fn consume(&mut self, n: usize) -> Result<(), Stop> {
        self.input.consume(n);
        self.read = self.read.saturating_add(n);
        if self.read > self.limit {
            return Err(Stop::TooLarge {
                limit: self.limit,
                line: self.number + 1,
            });
        }
        Ok(())
    }

    fn fill(&mut self) -> Result<&[u8], Stop> {
        // Retried on an interrupt; then the buffer is filled (or the input at its end), and the
        // second call hands it out.
        loop {
            match self.input.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => {
                    return Err(Stop::Io {
                        error,
                        line: self.number + 1,
                    });
                }
            }
        }
        let line = self.number + 1;
        self.input
            .fill_buf()
            .map_err(|error| Stop::Io { error, line })
    }

    fn next(&mut self) -> Result<Option<Line>, Stop> {
        if !self.started {
            self.started = true;
            if self.fill()?.starts_with(b"\xEF\xBB\xBF") {
                self.consume(3)?;
            }
        }
        let mut text = Vec::with_capacity(self.width);
        let mut any = false;
        loop {
            let ending = self.ending;
            let (n, terminator) = {
                let buf = self.fill()?;
                if buf.is_empty() {
                    break;
                }
                let end = buf.iter().position(|b| match ending {
                    Ending::Unknown => *b == b'\n' || *b == b'\r',
                    Ending::Lf => *b == b'\n',
                    Ending::Cr => *b == b'\r',
                });
                match end {
                    None => {
                        text.extend_from_slice(buf);
                        (buf.len(), None)
                    }
                    Some(at) => {
                        text.extend_from_slice(buf.get(..at).unwrap_or_default());
                        (at + 1, buf.get(at).copied())
                    }
                }
            };
            any = true;
            self.consume(n)?;
            let Some(terminator) = terminator else {
                continue;
            };
            if self.ending == Ending::Unknown {
                self.ending = if terminator == b'\r' {
                    if self.fill()?.first() == Some(&b'\n') {
                        self.consume(1)?;
                        Ending::Lf
                    } else {
                        Ending::Cr
                    }
                } else {
                    Ending::Lf
                };
            }
            break;
        }
        if !any {
            return Ok(None);
        }
        if self.ending == Ending::Lf && text.last() == Some(&b'\r') {
            text.pop();
        }
        self.number += 1;
        self.width = text.len();
        Ok(Some(Line {
            number: self.number,
            text,
        }))
    }
}

/// Rows of delimited text. See the module documentation.
pub(crate) struct Rows<R: Read> {
    lines: Lines<R>,
    /// Lines read ahead for a record over several lines that was given up: read again.
    pending: VecDeque<Line>,
    delimiter: u8,
}

impl<R: Read> Rows<R> {
    /// Rows of `input`, reading at most `limit` bytes, fields separated by `delimiter`.
    pub(crate) fn new(input: R, limit: usize, delimiter: u8) -> Self {
        Rows {
            lines: Lines::new(input, limit),
            pending: VecDeque::new(),
            delimiter,
        }
    }

    /// Sets the delimiter for the rows still to come.
    pub(crate) fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
    }

    fn take_line(&mut self) -> Result<Option<Line>, Stop> {
        match self.pending.pop_front() {
            Some(line) => Ok(Some(line)),
            None => self.lines.next(),
        }
    }

    /// The next physical line as it is (without its line end), not consumed: for a `sep=`
    /// line or to guess the delimiter. `None` at the end of the input.
    pub(crate) fn peek_line(&mut self) -> Result<Option<(usize, &[u8])>, Stop> {
        if self.pending.is_empty() {
            if let Some(line) = self.lines.next()? {
                self.pending.push_back(line);
            }
        }
        Ok(self.pending.front().map(|l| (l.number, l.text.as_slice())))
    }

    /// Drops the line [`Rows::peek_line`] showed.
    pub(crate) fn skip_line(&mut self) {
        self.pending.pop_front();
    }

    /// The next row, skipping blank lines; `None` at the end of the input. A record over
    /// several lines is taken only if `accept` accepts its number of fields.
    pub(crate) fn next_row(&mut self, accept: impl Fn(usize) -> bool) -> Result<Option<Row>, Stop> {
        let first = loop {
            match self.take_line()? {
                None => return Ok(None),
                Some(line) if line.text.trim_ascii().is_empty() => {}
                Some(line) => break line,
            }
        };
        // One line is one record, the common case: no copy of the text.
        let mut unescaped = Vec::new();
        match split(&first.text, self.delimiter, &mut unescaped) {
            Split::Fields(spans) => {
                return Ok(Some(Row::Record {
                    line: first.number,
                    fields: Fields {
                        text: first.text,
                        unescaped,
                        spans,
                    },
                }));
            }
            Split::Bad => return Ok(Some(Row::BadQuote { line: first.number })),
            Split::Open => {}
        }
        // A quote open at the end of the line: take the next lines while it stays open.
        let mut extra: Vec<Line> = Vec::new();
        let mut text = first.text.clone();
        while extra.len() + 1 < MAX_RECORD_LINES {
            let Some(line) = self.take_line()? else {
                break;
            };
            text.push(b'\n');
            text.extend_from_slice(&line.text);
            extra.push(line);
            unescaped.clear();
            match split(&text, self.delimiter, &mut unescaped) {
                Split::Fields(spans) if accept(spans.len()) => {
                    return Ok(Some(Row::Record {
                        line: first.number,
                        fields: Fields {
                            text,
                            unescaped,
                            spans,
                        },
                    }));
                }
                Split::Fields(_) | Split::Bad => break,
                Split::Open => {}
            }
        }
        // Give up the first line only: the lines read ahead are rows of their own.
        for line in extra.into_iter().rev() {
            self.pending.push_front(line);
        }
        Ok(Some(Row::BadQuote { line: first.number }))
    }
}

/// How a reader of named columns reports its errors: `record(line, field, kind)` for a row
/// (`field` is a header name the reader has accepted, never a value), `io(kind)` when the input
/// fails (`FileTooLarge` beyond the limit).
pub(crate) struct RecordErrors<E> {
    pub(crate) record: fn(u64, Option<&str>, RecordErrorKind) -> E,
    pub(crate) io: fn(std::io::ErrorKind) -> E,
}

/// Reads `,`-separated text whose first row names the columns, stopping at the first problem:
/// the learner and monitoring CSV readers. `header` checks the names (trimmed) and returns what
/// `row` needs; `row` gets each data row's line and its fields (UTF-8, as written). A row with
/// another number of fields than the header, a broken quote or bytes that are not UTF-8 is an
/// error naming its line. Empty input is a header without columns and no rows.
pub(crate) fn read_named<R: Read, H, E>(
    input: R,
    limit: usize,
    errors: &RecordErrors<E>,
    header: impl FnOnce(&[String]) -> Result<H, E>,
    row: impl FnMut(&H, u64, &[&str]) -> Result<(), E>,
) -> Result<(), E> {
    read_named_delimited(input, limit, b',', errors, header, row)
}

/// [`read_named`] with fields separated by `delimiter` (`;` or a tab, as Excel exports them).
pub(crate) fn read_named_delimited<R: Read, H, E>(
    input: R,
    limit: usize,
    delimiter: u8,
    errors: &RecordErrors<E>,
    header: impl FnOnce(&[String]) -> Result<H, E>,
    mut row: impl FnMut(&H, u64, &[&str]) -> Result<(), E>,
) -> Result<(), E> {
    let stop = |s: Stop| match s {
        Stop::Io { error, .. } => (errors.io)(error.kind()),
        Stop::TooLarge { .. } => (errors.io)(std::io::ErrorKind::FileTooLarge),
    };
    let at = |line: usize| u64::try_from(line).unwrap_or(u64::MAX);
    /// Field `i`'s text into `out` (cleared first) for every field; the first one that is not
    /// UTF-8 is an error naming its column.
    fn text<'a, E>(
        record: fn(u64, Option<&str>, RecordErrorKind) -> E,
        line: usize,
        fields: &'a Fields,
        names: Option<&[String]>,
        out: &mut Vec<&'a str>,
    ) -> Result<(), E> {
        out.clear();
        for (i, f) in fields.iter().enumerate() {
            out.push(std::str::from_utf8(f).map_err(|_| {
                let field = names.and_then(|n| n.get(i)).map(String::as_str);
                record(
                    u64::try_from(line).unwrap_or(u64::MAX),
                    field,
                    RecordErrorKind::Syntax,
                )
            })?);
        }
        Ok(())
    }
    /// An emptied list of field texts with its buffer kept, for the next row's borrows (the
    /// element type is the same, so collecting reuses the allocation).
    fn emptied<'b>(mut v: Vec<&str>) -> Vec<&'b str> {
        v.clear();
        v.into_iter().map(|_| "").collect()
    }
    let mut rows = Rows::new(input, limit, delimiter);
    let names: Vec<String> = match rows.next_row(|_| false).map_err(stop)? {
        None => Vec::new(),
        Some(Row::BadQuote { line }) => {
            return Err((errors.record)(at(line), None, RecordErrorKind::Quote));
        }
        Some(Row::Record { line, fields }) => {
            let mut cells = Vec::new();
            text(errors.record, line, &fields, None, &mut cells)?;
            cells.into_iter().map(|n| n.trim().to_owned()).collect()
        }
    };
    let checked = header(&names)?;
    let width = names.len();
    // One buffer of field texts for all rows: no allocation per row for it.
    let mut spare: Vec<&str> = Vec::with_capacity(width);
    while let Some(next) = rows.next_row(|n| n == width).map_err(stop)? {
        match next {
            Row::BadQuote { line } => {
                return Err((errors.record)(at(line), None, RecordErrorKind::Quote));
            }
            Row::Record { line, fields } if fields.len() != width => {
                return Err((errors.record)(at(line), None, RecordErrorKind::FieldCount));
            }
            Row::Record { line, fields } => {
                let mut values = emptied(std::mem::take(&mut spare));
                text(errors.record, line, &fields, Some(&names), &mut values)?;
                row(&checked, at(line), &values)?;
                spare = emptied(values);
            }
        }
    }
    Ok(())
}

/// The error for a header cell that names no field: its 1-based column and, where the cell is
/// within two edits of a known name (a typo, not a person's value), that name.
pub(crate) fn unknown_column(index: usize, cell: &str, known: &[&'static str]) -> RecordErrorKind {
    let suggestion = known
        .iter()
        .map(|k| (edit_distance(cell, k), *k))
        .filter(|(d, _)| *d <= 2 && cell.chars().count() > 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k);
    RecordErrorKind::UnknownColumn {
        column: index + 1,
        suggestion,
    }
}

/// Levenshtein distance, over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let replace = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.last().copied().unwrap_or(0) + 1;
            current.push(replace.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

enum Split {
    /// A complete record.
    Fields(Vec<Span>),
    /// The text ends inside a quoted field.
    Open,
    /// A closing quote followed by something other than blanks and a delimiter.
    Bad,
}

/// Splits a record's text into fields (see the module documentation for the quoting rules).
/// A quoted field with `""` in it is unescaped into `unescaped`; the others stay where they
/// are in `text`.
fn split(text: &[u8], delimiter: u8, unescaped: &mut Vec<u8>) -> Split {
    let mut spans = Vec::new();
    let mut pos = 0;
    loop {
        let rest = text.get(pos..).unwrap_or_default();
        if rest.first() == Some(&b'"') {
            let start = pos + 1;
            let mut i = start;
            let mut escaped: Option<usize> = None;
            loop {
                match text.get(i) {
                    None => return Split::Open,
                    Some(b'"') if text.get(i + 1) == Some(&b'"') => {
                        if escaped.is_none() {
                            escaped = Some(unescaped.len());
                            unescaped.extend_from_slice(text.get(start..i).unwrap_or_default());
                        }
                        unescaped.push(b'"');
                        i += 2;
                    }
                    Some(b'"') => {
                        spans.push(match escaped {
                            Some(from) => Span::Unescaped(from, unescaped.len()),
                            None => Span::Text(start, i),
                        });
                        i += 1;
                        while text
                            .get(i)
                            .is_some_and(|b| (*b == b' ' || *b == b'\t') && *b != delimiter)
                        {
                            i += 1;
                        }
                        match text.get(i) {
                            None => return Split::Fields(spans),
                            Some(b) if *b == delimiter => {
                                pos = i + 1;
                                break;
                            }
                            Some(_) => return Split::Bad,
                        }
                    }
                    Some(b) => {
                        if escaped.is_some() {
                            unescaped.push(*b);
                        }
                        i += 1;
                    }
                }
            }
        } else {
            match rest.iter().position(|b| *b == delimiter) {
                Some(at) => {
                    spans.push(Span::Text(pos, pos + at));
                    pos += at + 1;
                }
                None => {
                    spans.push(Span::Text(pos, text.len()));
                    return Split::Fields(spans);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn rows(input: &str, width: usize) -> Vec<Row> {
        let mut rows = Rows::new(input.as_bytes(), 1 << 20, b',');
        let mut out = Vec::new();
        while let Some(row) = rows.next_row(|n| n == width).unwrap() {
            out.push(row);
        }
        out
    }

    fn record(line: usize, fields: &[&str]) -> Row {
        let mut text = Vec::new();
        let mut spans = Vec::new();
        for f in fields {
            spans.push(Span::Text(text.len(), text.len() + f.len()));
            text.extend_from_slice(f.as_bytes());
        }
        Row::Record {
            line,
            fields: Fields {
                text,
                unescaped: Vec::new(),
                spans,
            },
        }
    }

    #[test]
    fn quotes_escapes_and_blank_lines() {
        assert_eq!(
            rows("a,\"b,c\",\"d\"\"e\" \n\n  \n\"\",x,\n", 3),
            [record(1, &["a", "b,c", "d\"e"]), record(4, &["", "x", ""])]
        );
        // A quote inside an unquoted field is an ordinary character.
        assert_eq!(rows("a\"b,c\n", 2), [record(1, &["a\"b", "c"])]);
    }

    #[test]
    fn a_record_over_lines_is_taken_only_whole_and_with_the_right_width() {
        assert_eq!(
            rows("a,\"b\nc\",d\ne,f,g\n", 3),
            [record(1, &["a", "b\nc", "d"]), record(3, &["e", "f", "g"])]
        );
        // The same lines, but the record would have 2 fields: line 1 is given up alone.
        assert_eq!(
            rows("a,\"b\nc\"\ne,f\n", 3),
            [
                Row::BadQuote { line: 1 },
                record(2, &["c\""]),
                record(3, &["e", "f"])
            ]
        );
    }

    #[test]
    fn a_stray_quote_costs_its_line_only() {
        // In the last field and in a middle one; unclosed to the end of the input.
        assert_eq!(
            rows("a,b,\"c\nd,e,f\ng,\"h,i\nj,k,l\n", 3),
            [
                Row::BadQuote { line: 1 },
                record(2, &["d", "e", "f"]),
                Row::BadQuote { line: 3 },
                record(4, &["j", "k", "l"])
            ]
        );
        // Text after a closing quote.
        assert_eq!(
            rows("\"a\"b,c,d\ne,f,g\n", 3),
            [Row::BadQuote { line: 1 }, record(2, &["e", "f", "g"])]
        );
    }

    #[test]
    fn line_ends_lf_crlf_and_cr_only() {
        let want = [record(1, &["a", "b"]), record(2, &["c", "d"])];
        assert_eq!(rows("a,b\nc,d", 2), want);
        assert_eq!(rows("a,b\r\nc,d\r\n", 2), want);
        assert_eq!(rows("a,b\rc,d\r", 2), want);
        assert_eq!(rows("\u{feff}a,b\rc,d\r", 2), want);
    }

    #[test]
    fn the_limit_applies_while_reading() {
        let mut rows = Rows::new(std::io::repeat(b'x'), 1000, b',');
        assert!(matches!(
            rows.next_row(|_| true),
            Err(Stop::TooLarge {
                limit: 1000,
                line: 1
            })
        ));
        let mut rows = Rows::new(&b"a\nb\n"[..], 4, b',');
        assert!(rows.next_row(|_| true).unwrap().is_some());
        assert!(rows.next_row(|_| true).unwrap().is_some());
        assert!(rows.next_row(|_| true).unwrap().is_none());
        let mut rows = Rows::new(&b"a\nb\nc"[..], 4, b',');
        rows.next_row(|_| true).unwrap();
        rows.next_row(|_| true).unwrap();
        assert!(matches!(
            rows.next_row(|_| true),
            Err(Stop::TooLarge { line: 3, .. })
        ));
    }

    #[test]
    fn long_open_quotes_are_bounded() {
        let mut text = String::from("a,\"b\n");
        for _ in 0..100 {
            text.push_str("c,d\n");
        }
        let found = rows(&text, 2);
        assert_eq!(found.len(), 101);
        assert_eq!(found[0], Row::BadQuote { line: 1 });
    }
}
