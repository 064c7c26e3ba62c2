//! Subject names as the Sek-I rules compare them: without surrounding whitespace, ASCII letters
//! in either case alike (`" bi "` is `BI`). Each name is read once per sheet; comparing two
//! names is then mostly one integer comparison, so checking a sheet for repeated subjects does
//! not trim and fold every pair again.

/// The longest name kept folded in full; longer names compare their text as well.
const SHORT: usize = 8;

/// A subject name ready for comparison.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Name<'a> {
    /// The name without surrounding whitespace.
    text: &'a str,
    /// Its first [`SHORT`] bytes with ASCII letters upper-cased, zero-padded.
    head: [u8; SHORT],
}

impl<'a> Name<'a> {
    #[inline]
    pub(crate) fn new(kuerzel: &'a str) -> Name<'a> {
        let text = trim(kuerzel);
        let mut head = [0u8; SHORT];
        for (slot, b) in head.iter_mut().zip(text.bytes()) {
            *slot = b.to_ascii_uppercase();
        }
        Name { text, head }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The name upper-cased, if it is short enough to be one the rules know.
    pub(crate) fn upper(&self) -> Option<&[u8]> {
        self.head.get(..self.text.len())
    }

    /// The name upper-cased as one number ([`code`] of [`Name::upper`]), if it is at most seven
    /// bytes long (every name the rules know is): a name is matched against many known ones by
    /// one `match`.
    #[inline]
    pub(crate) fn code(&self) -> Option<u64> {
        let mut head = self.head;
        let len = u8::try_from(self.text.len()).ok().filter(|&l| l < 8)?;
        head[7] = len;
        Some(u64::from_le_bytes(head))
    }

    /// Whether two names are the same subject (`str::eq_ignore_ascii_case` of the trimmed texts).
    pub(crate) fn same(&self, other: &Name<'_>) -> bool {
        self.text.len() == other.text.len()
            && self.head == other.head
            && (self.text.len() <= SHORT || self.text.eq_ignore_ascii_case(other.text))
    }
}

/// A known name (upper-case ASCII, at most seven bytes) as [`Name::code`] gives it: the bytes,
/// and the length in the last byte (so that a name with a NUL byte is no other name).
pub(crate) const fn code(upper: &[u8]) -> u64 {
    let mut code = (upper.len() as u64) << 56;
    let mut shift = 0;
    let mut rest = upper;
    while let [first, tail @ ..] = rest {
        if shift < 56 {
            code |= (*first as u64) << shift;
        }
        shift += 8;
        rest = tail;
    }
    code
}

/// `str::trim`, quicker where the ends are ASCII: ASCII whitespace (as `char::is_whitespace`
/// sees it, vertical tab included) is cut byte by byte; only a name that then starts or ends
/// with a non-ASCII character is left to `str::trim`.
fn trim(text: &str) -> &str {
    let blank = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    let start = bytes.iter().position(|b| !blank(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |e| e + 1);
    // Cut at ASCII bytes, so both ends are character boundaries.
    let inner = text.get(start..end).unwrap_or(text);
    match (inner.as_bytes().first(), inner.as_bytes().last()) {
        (Some(first), Some(last)) if !first.is_ascii() || !last.is_ascii() => inner.trim(),
        _ => inner,
    }
}

/// Whether `name` is the same subject as one in `earlier`.
pub(crate) fn repeated(name: &Name<'_>, earlier: &[Name<'_>]) -> bool {
    earlier.iter().any(|e| e.same(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_is_trimmed_ascii_case_insensitive_equality() {
        let cases = [
            ("BI", " bi ", true),
            ("Bi", "bI\t", true),
            ("Ä", "ä", false),
            ("LBWAWXYZQ", "lbwawxyzq", true),
            ("LBWAWXYZQ", "LBWAWXYZR", false),
            ("LBWAWXYZ", "LBWAWXYZ ", true),
            ("A\0", "A", false),
            ("", " ", true),
        ];
        for (a, b, same) in cases {
            assert_eq!(Name::new(a).same(&Name::new(b)), same, "{a:?} {b:?}");
            assert_eq!(a.trim().eq_ignore_ascii_case(b.trim()), same, "{a:?} {b:?}");
        }
        assert_eq!(Name::new(" wp1 ").upper(), Some(&b"WP1"[..]));
        for text in [
            "",
            " ",
            "\u{b} D\r\n",
            "\u{a0}E\u{3000}",
            " \u{a0} ",
            "Ä ",
            " x\u{85}",
            "\u{1680}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
        assert_eq!(Name::new("Geschichte").upper(), None);
        assert_eq!(Name::new(" lbNw").code(), Some(code(b"LBNW")));
        assert_ne!(Name::new("LBNW\0").code(), Some(code(b"LBNW")));
    }
}
