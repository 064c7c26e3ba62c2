//! Reading and writing: JSON documents and importers of official data files.

pub mod directory;
pub mod document;

/// Reads JSON Lines: calls `parse` with the 1-based line number and the trimmed text of each
/// non-blank line, stopping at the first error. Linear in the input.
pub(crate) fn json_lines<R: std::io::BufRead, T, E>(
    mut reader: R,
    io_error: fn(std::io::ErrorKind) -> E,
    mut parse: impl FnMut(u64, &str) -> Result<T, E>,
) -> Result<Vec<T>, E> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut line: u64 = 0;
    loop {
        buf.clear();
        if reader.read_line(&mut buf).map_err(|e| io_error(e.kind()))? == 0 {
            return Ok(out);
        }
        line += 1;
        let text = buf.trim();
        if !text.is_empty() {
            out.push(parse(line, text)?);
        }
    }
}
