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
        let head = ascii_upper(first_eight(text.as_bytes())).to_le_bytes();
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

/// The first [`SHORT`] bytes as a little-endian number, zero-padded: read as whole words where
/// the name is long enough, so that short names take no loop.
#[inline]
fn first_eight(bytes: &[u8]) -> u64 {
    let byte = |i: usize| u64::from(bytes.get(i).copied().unwrap_or(0));
    let word = |i: usize| {
        bytes
            .get(i..i + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
    };
    match bytes.len() {
        0 => 0,
        // The first, middle and last byte cover one to three bytes.
        n @ 1..=3 => byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1)),
        // Two words that overlap (with the same bytes) cover four to seven.
        n @ 4..=7 => word(0) | word(n - 4) << (8 * (n - 4)),
        _ => bytes
            .get(..SHORT)
            .and_then(|w| <[u8; SHORT]>::try_from(w).ok())
            .map_or(0, u64::from_le_bytes),
    }
}

/// `u8::to_ascii_uppercase` on each byte of `x` at once.
#[inline]
fn ascii_upper(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & !HIGH;
    // High bit of a byte set where its low seven bits are at least `a`, resp. above `z`
    // (no carry between bytes: at most 0x7f + 0x1f).
    let from_a = low + 0x1f1f_1f1f_1f1f_1f1f;
    let past_z = low + 0x0505_0505_0505_0505;
    let lower = from_a & !past_z & !x & HIGH;
    x ^ (lower >> 2)
}

/// `str::trim`, quicker where the ends are ASCII: a name that starts and ends with a visible
/// ASCII character is itself; otherwise ASCII whitespace (as `char::is_whitespace` sees it,
/// vertical tab included) is cut byte by byte; only a name that then starts or ends with a
/// non-ASCII character is left to `str::trim`.
fn trim(text: &str) -> &str {
    if let (Some(first), Some(last)) = (text.as_bytes().first(), text.as_bytes().last()) {
        if first.is_ascii_graphic() && last.is_ascii_graphic() {
            return text;
        }
    }
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

/// The names of a sheet read so far, as a set of 64 fingerprints: a name whose fingerprint is
/// new cannot be a repeat, so it need not be compared with every earlier name.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Seen(u64);

impl Seen {
    /// Adds `name`; whether a name with its fingerprint was there before (then it may be a
    /// repeat, which [`repeated`] decides).
    #[inline]
    pub(crate) fn insert(&mut self, name: &Name<'_>) -> bool {
        // The same subject has the same length and head, so the same fingerprint.
        let key = u64::from_le_bytes(name.head) ^ (name.text.len() as u64).rotate_left(59);
        let bit = 1u64 << (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58);
        let before = self.0 & bit != 0;
        self.0 |= bit;
        before
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
        for text in [
            "",
            "a",
            "bI",
            "xyz",
            "wp1z",
            "LbWaW",
            "aZ`{@[ä",
            "abcdefgh",
            "abcdefghij",
        ] {
            let mut plain = [0u8; SHORT];
            for (slot, b) in plain.iter_mut().zip(text.bytes()) {
                *slot = b.to_ascii_uppercase();
            }
            assert_eq!(
                ascii_upper(first_eight(text.as_bytes())).to_le_bytes(),
                plain,
                "{text:?}"
            );
        }
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b, 0, b, 0x61, b, 0x7a, b, 0xff]);
            let plain = x.to_le_bytes().map(|c| c.to_ascii_uppercase());
            assert_eq!(ascii_upper(x).to_le_bytes(), plain, "{b}");
        }
        assert_eq!(Name::new(" lbNw").code(), Some(code(b"LBNW")));
        assert_ne!(Name::new("LBNW\0").code(), Some(code(b"LBNW")));
    }
}
