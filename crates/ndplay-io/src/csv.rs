//! `.csv`: a table of numbers read as a float64 tensor of shape `(rows, columns)`.
//!
//! - The delimiter is sniffed among `,`, `;` and tab: the one that splits the first rows
//!   into equal, numeric cells.
//! - The first row is a header when it has text cells and no numbers; its cells become
//!   the column names. A first line `# a,b,c` (as `np.savetxt(header=...)` writes it)
//!   also counts; other lines starting with `#` are comments, and blank lines are
//!   skipped, as in `np.loadtxt`.
//! - Cells parse as Python's `float()` does (`1e3`, `.5`, `1_000`, `inf`, `-Infinity`);
//!   an empty cell, `nan`, `NaN`, `NA` or `N/A` is NaN. Cells may be quoted (`"1.5"`).
//! - A file with a NUL byte near its start is binary, not text, and is refused at once,
//!   as is one that is not UTF-8.
//! - A non-numeric cell is an error naming its row and column (1-based, as a
//!   spreadsheet counts, header included) and its text; a row with a different number of
//!   cells is an error naming both counts.
//!
//! ```
//! use ndplay_io::csv;
//!
//! let table = csv::read_str("a;b\n1;2.5\nNA;-inf\n")?;
//! assert_eq!(table.columns.as_deref(), Some(&["a".to_string(), "b".to_string()][..]));
//! assert_eq!(table.tensor.shape, [2, 2]);
//! let values = table.values();
//! assert_eq!(values[1], 2.5);
//! assert!(values[2].is_nan() && values[3] == f64::NEG_INFINITY);
//!
//! let err = csv::read_str("x,y\n1,2\n3,oops\n").unwrap_err();
//! assert_eq!(err.to_string().split(':').next(), Some("CSV row 3, column 2 (\"y\")"));
//! # Ok::<(), ndplay_io::IoError>(())
//! ```

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::Format;
use crate::elem::{ByteOrder, ElemType};
use crate::error::IoError;
use crate::tensor::{RawTensor, TensorBytes};

/// A CSV read as numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvTable {
    /// Float64, little-endian, C order, shape `(rows, columns)`.
    pub tensor: RawTensor,
    /// Column names, when the first row was a header.
    pub columns: Option<Vec<String>>,
    /// The delimiter used (`b','`, `b';'` or `b'\t'`; `b','` for single-column files).
    pub delimiter: u8,
    /// How NumPy reads the same file into the same array.
    pub load: CsvLoad,
}

/// How `np.loadtxt` reads a CSV into the array ndplay read from it: the delimiter, the
/// lines before the data (up to and including a header row), and whether every cell is
/// a plain number (else missing values, `NA`, quotes or `1_000` need a converter).
///
/// ```
/// use ndplay_io::csv;
///
/// let t = csv::read_str("a;b\n1;2.5\n3;4\n")?;
/// assert_eq!(t.load.numpy_code("f.csv"), "np.loadtxt('f.csv', delimiter=';', skiprows=1, ndmin=2)");
/// let t = csv::read_str("# a,b\n1,\n\"3\",NA\n")?;
/// assert_eq!(
///     t.load.numpy_code("f.csv"),
///     "np.loadtxt('f.csv', delimiter=',', ndmin=2, quotechar='\"', converters=lambda s: \
///      np.nan if s.strip().lower() in ('', 'na', 'n/a', 'nan') else float(s))"
/// );
/// # Ok::<(), ndplay_io::IoError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvLoad {
    /// The delimiter.
    pub delimiter: u8,
    /// Lines `np.loadtxt` must skip: those up to and including a header row (a `# a,b`
    /// header is a comment, which `loadtxt` skips by itself).
    pub skiprows: usize,
    /// Every data cell is an unquoted number `float64` parses as written.
    pub plain: bool,
}

impl CsvLoad {
    /// The NumPy call that gives the same array from the file at `path`, `ndmin=2` so a
    /// single row or column keeps its 2-D shape.
    pub fn numpy_code(&self, path: &str) -> String {
        let delimiter = match self.delimiter {
            b'\t' => "'\\t'".to_string(),
            d => format!("'{}'", d as char),
        };
        let path = python_str(path);
        let skip = match self.skiprows {
            0 => String::new(),
            n => format!(", skiprows={n}"),
        };
        let cells = if self.plain {
            ""
        } else {
            ", quotechar='\"', converters=lambda s: np.nan if s.strip().lower() in \
             ('', 'na', 'n/a', 'nan') else float(s)"
        };
        format!("np.loadtxt({path}, delimiter={delimiter}{skip}, ndmin=2{cells})")
    }
}

/// A Python string literal for `s` (single-quoted, with `\\` and `'` escaped).
fn python_str(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

impl CsvTable {
    /// The values in row-major order.
    pub fn values(&self) -> Vec<f64> {
        self.tensor
            .data
            .as_bytes()
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect()
    }
}

/// What a cell holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell {
    Number(f64),
    Missing,
    Text,
}

/// Parses one cell as Python's `float()` would, with the missing-value spellings
/// (empty, `nan`, `NaN`, `NA`, `N/A`, any case) as NaN. `None` for text.
pub fn parse_cell(cell: &str) -> Option<f64> {
    match classify(cell) {
        Cell::Number(x) => Some(x),
        Cell::Missing => Some(f64::NAN),
        Cell::Text => None,
    }
}

fn classify(cell: &str) -> Cell {
    let s = cell.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("na") || s.eq_ignore_ascii_case("n/a") {
        return Cell::Missing;
    }
    let unsigned = s.trim_start_matches(['+', '-']);
    if unsigned.eq_ignore_ascii_case("nan") && s.len() - unsigned.len() <= 1 {
        return Cell::Missing;
    }
    let cleaned: Cow<str> = if s.contains('_') {
        // Python allows single underscores between digits: 1_000.5
        let b = s.as_bytes();
        let ok = b.iter().enumerate().all(|(i, &c)| {
            c != b'_'
                || (i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        });
        if !ok {
            return Cell::Text;
        }
        Cow::Owned(s.replace('_', ""))
    } else {
        Cow::Borrowed(s)
    };
    // Rust's grammar is Python's for these inputs, except that Rust also accepts a few
    // spellings Python does not (none matter here) and neither accepts hex or commas.
    match cleaned.parse::<f64>() {
        Ok(x) => Cell::Number(x),
        Err(_) => Cell::Text,
    }
}

/// A record's 1-based starting line number and its cells.
type Record<'a> = (usize, Vec<Cow<'a, str>>);

/// A header row has text cells and no numbers (empty and NA-like cells are neutral).
fn looks_like_header(cells: &[Cow<'_, str>]) -> bool {
    let kinds: Vec<Cell> = cells.iter().map(|c| classify(c)).collect();
    kinds.contains(&Cell::Text) && !kinds.iter().any(|k| matches!(k, Cell::Number(_)))
}

/// Rows of raw cells, with their 1-based starting line numbers.
struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: Option<u8>,
}

impl<'a> Records<'a> {
    fn new(text: &'a str, delimiter: Option<u8>) -> Records<'a> {
        Records {
            text,
            pos: 0,
            line: 1,
            delimiter,
        }
    }

    /// The next physical line, without its line ending, and its line number; `None` at
    /// the end. Does not interpret quotes.
    fn next_line(&mut self) -> Option<(usize, &'a str)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let end = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]);
        let no = self.line;
        self.pos += (end + 1).min(rest.len());
        self.line += 1;
        Some((no, line))
    }

    /// Skips blank lines and, unless `keep_comments`, `#` comment lines; returns the
    /// start of the next record without consuming it.
    fn skip_blank(&mut self, keep_comments: bool) -> Option<(usize, &'a str)> {
        loop {
            let save = (self.pos, self.line);
            let (no, line) = self.next_line()?;
            let t = line.trim();
            if t.is_empty() || (!keep_comments && t.starts_with('#')) {
                continue;
            }
            (self.pos, self.line) = save;
            return Some((no, line));
        }
    }

    /// The next record's cells (quotes removed) and line number.
    fn next_record(&mut self, keep_comments: bool) -> Option<Result<Record<'a>, IoError>> {
        let (start_line, _) = self.skip_blank(keep_comments)?;
        let text = self.text;
        let bytes = text.as_bytes();
        let mut cells = Vec::new();
        let mut p = self.pos;
        loop {
            // One cell starting at p.
            let lead = p + bytes[p..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t' && self.delimiter != Some(b'\t'))
                .count();
            if bytes.get(lead) == Some(&b'"') {
                let mut q = lead + 1;
                let mut owned = String::new();
                let mut seg = q;
                loop {
                    match bytes.get(q) {
                        None => {
                            return Some(Err(IoError::CsvUnterminatedQuote { row: start_line }));
                        }
                        Some(b'"') if bytes.get(q + 1) == Some(&b'"') => {
                            owned.push_str(&text[seg..q + 1]);
                            q += 2;
                            seg = q;
                        }
                        Some(b'"') => {
                            owned.push_str(&text[seg..q]);
                            q += 1;
                            break;
                        }
                        Some(b'\n') => {
                            self.line += 1;
                            q += 1;
                        }
                        Some(_) => q += 1,
                    }
                }
                // Anything between the closing quote and the delimiter is kept as text,
                // so `"1"x` is reported rather than silently read as 1.
                let tail_end = self.cell_end(q);
                let tail = &text[q..tail_end];
                if !tail.trim().is_empty() {
                    owned.push_str(tail);
                }
                cells.push(Cow::Owned(owned));
                p = tail_end;
            } else {
                let end = self.cell_end(p);
                let cell = &text[p..end];
                cells.push(Cow::Borrowed(cell.strip_suffix('\r').unwrap_or(cell)));
                p = end;
            }
            match bytes.get(p) {
                Some(&b) if Some(b) == self.delimiter => p += 1,
                Some(b'\n') => {
                    p += 1;
                    break;
                }
                _ => break,
            }
        }
        self.line += 1;
        self.pos = p.min(text.len());
        Some(Ok((start_line, cells)))
    }

    /// End of an unquoted cell starting at `p`: the next delimiter or newline.
    fn cell_end(&self, p: usize) -> usize {
        let bytes = self.text.as_bytes();
        p + bytes[p..]
            .iter()
            .position(|&b| b == b'\n' || Some(b) == self.delimiter)
            .unwrap_or(bytes.len() - p)
    }
}

/// Counts `d` outside double quotes in one line.
fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut inside = false;
    let mut n = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            inside = !inside;
        } else if b == d && !inside {
            n += 1;
        }
    }
    n
}

/// Picks the delimiter from up to the first 50 content lines.
fn sniff(text: &str) -> Option<u8> {
    let mut rec = Records::new(text, None);
    let mut sample = Vec::new();
    while sample.len() < 50 {
        if rec.skip_blank(false).is_none() {
            break;
        }
        match rec.next_line() {
            Some((_, line)) => sample.push(line),
            None => break,
        }
    }
    sample.first()?;
    // Ranked by: same count on every line, fewest non-numeric cells after the first
    // line, most columns, then `;` before tab before `,` (a `;` file often has decimal
    // commas; a `,` file rarely has semicolons).
    let mut best: Option<((bool, usize, usize, usize), u8)> = None;
    for (rank, d) in [(2, b';'), (1, b'\t'), (0, b',')] {
        let counts: Vec<usize> = sample.iter().map(|l| count_outside_quotes(l, d)).collect();
        let n = counts[0];
        if n == 0 {
            continue;
        }
        let consistent = counts.iter().all(|&c| c == n);
        let text_cells = sample[1..]
            .iter()
            .flat_map(|l| l.split(d as char))
            .filter(|c| classify(c.trim().trim_matches('"')) == Cell::Text)
            .count();
        let key = (consistent, usize::MAX - text_cells, n, rank);
        if best.is_none_or(|b| key > b.0) {
            best = Some((key, d));
        }
    }
    best.map(|b| b.1)
}

/// Reads CSV text. See the module docs for the rules.
pub fn read_str(text: &str) -> Result<CsvTable, IoError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff(text);
    let mut rec = Records::new(text, delimiter);

    // A leading `# a,b,c` line is a header candidate (np.savetxt writes headers so).
    let mut comment_header: Option<Vec<String>> = None;
    if let Some((_, line)) = rec.skip_blank(true)
        && let Some(body) = line.trim_start().strip_prefix('#')
        && let Some(Ok((_, cells))) = Records::new(body.trim(), delimiter).next_record(true)
        && looks_like_header(&cells)
    {
        comment_header = Some(cells.iter().map(|c| c.trim().to_string()).collect());
    }

    let mut columns: Option<Vec<String>> = None;
    let mut skiprows = 0usize;
    let mut plain = true;
    let mut ncols: Option<(usize, usize)> = None; // (count, first row)
    let mut rows = 0usize;
    let mut data: Vec<u8> = Vec::new();
    while let Some(r) = rec.next_record(false) {
        let (line, cells) = r?;
        if ncols.is_none() {
            if let Some(names) = comment_header.take().filter(|n| n.len() == cells.len()) {
                columns = Some(names);
            }
            let is_header = columns.is_none() && looks_like_header(&cells);
            ncols = Some((cells.len(), line));
            if is_header {
                columns = Some(cells.iter().map(|c| c.trim().to_string()).collect());
                skiprows = line;
                continue;
            }
        }
        let (expected, first_row) = ncols.unwrap_or((cells.len(), line));
        if cells.len() != expected {
            return Err(IoError::CsvRaggedRow {
                row: line,
                found: cells.len(),
                expected,
                first_row,
            });
        }
        for (i, c) in cells.iter().enumerate() {
            // Quoted cells are owned (their quotes removed); `loadtxt` reads the rest as
            // written unless they are missing values or use Python's `_` separators.
            plain &= matches!(c, Cow::Borrowed(_))
                && !c.contains('_')
                && matches!(classify(c), Cell::Number(_));
            let x = parse_cell(c).ok_or_else(|| IoError::CsvBadCell {
                row: line,
                column: i + 1,
                column_name: columns.as_ref().and_then(|n| n.get(i).cloned()),
                text: c.trim().chars().take(100).collect(),
            })?;
            data.extend_from_slice(&x.to_le_bytes());
        }
        rows += 1;
    }
    let cols = ncols.map_or(0, |n| n.0);
    let tensor = RawTensor {
        name: None,
        elem: ElemType::F64,
        byte_order: ByteOrder::Little,
        shape: vec![rows, cols],
        fortran_order: false,
        data: TensorBytes::from_vec(data),
    };
    let delimiter = delimiter.unwrap_or(b',');
    Ok(CsvTable {
        tensor,
        columns,
        delimiter,
        load: CsvLoad {
            delimiter,
            skiprows,
            plain,
        },
    })
}

/// How many leading bytes are searched for a NUL, the sign of a binary file (as git and
/// GNU grep tell binary from text: git looks at the first 8000 bytes).
pub const TEXT_SNIFF_BYTES: usize = 8192;

/// Reads CSV bytes, which must be UTF-8 (a leading byte-order mark is ignored). A NUL in
/// the first [`TEXT_SNIFF_BYTES`] bytes refuses the input as binary at once, before the
/// rest is read. This is the fuzzing entry point.
pub fn read_bytes(bytes: &[u8]) -> Result<CsvTable, IoError> {
    let head = &bytes[..bytes.len().min(TEXT_SNIFF_BYTES)];
    if let Some(offset) = head.iter().position(|&b| b == 0) {
        return Err(IoError::CsvNotText { offset });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| IoError::CsvNotUtf8 {
        offset: e.valid_up_to(),
    })?;
    read_str(text)
}

/// Reads the CSV file at `path` (memory-mapped while it is parsed).
pub fn read_path(path: impl AsRef<Path>) -> Result<CsvTable, IoError> {
    let path = path.as_ref();
    crate::mmap::map_path(path)
        .and_then(|b| read_bytes(b.as_bytes()))
        .map_err(|e| e.in_file(path))
}

/// How [`write()`] formats a CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvWriteOptions {
    /// Cell delimiter (default `b','`).
    pub delimiter: u8,
    /// Column names for a header row (default none).
    pub columns: Option<Vec<String>>,
}

impl Default for CsvWriteOptions {
    fn default() -> CsvWriteOptions {
        CsvWriteOptions {
            delimiter: b',',
            columns: None,
        }
    }
}

fn unwritable(t: &RawTensor, reason: &'static str) -> IoError {
    IoError::Unwritable {
        format: Format::Csv,
        dtype: t.elem.numpy_name(),
        reason,
    }
}

fn quote_if_needed(s: &str, delimiter: u8) -> Cow<'_, str> {
    if s.bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r')
    {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

/// The shortest decimal that reads back to the same 16-bit float (`0.1`, not
/// `0.099975586`), as NumPy prints float16 values.
fn shortest(x: f32, same: impl Fn(f32) -> bool) -> String {
    if !x.is_finite() {
        return format!("{x:?}");
    }
    for digits in 0..9 {
        let text = format!("{x:.digits$e}");
        if let Ok(y) = text.parse::<f32>()
            && same(y)
        {
            // Re-print in the plain style used for the other float types.
            return format!("{y:?}");
        }
    }
    format!("{x:?}")
}

/// Formats a 1-D (one value per line, as `np.savetxt` does) or 2-D tensor of bool, int
/// or float elements. Floats use the shortest text that reads back to the same value
/// (`0.1`, `1e-7`, `NaN`, `inf`); bools are written `1`/`0`.
pub fn write_to<W: Write>(
    mut w: W,
    tensor: &RawTensor,
    options: &CsvWriteOptions,
) -> Result<(), IoError> {
    let (rows, cols) = match tensor.shape[..] {
        [n] => (n, 1),
        [r, c] => (r, c),
        _ => {
            return Err(unwritable(
                tensor,
                "CSV holds 1-D or 2-D data (as np.savetxt does); reshape to 2-D first",
            ));
        }
    };
    if !matches!(options.delimiter, b',' | b';' | b'\t' | b' ' | b'|') {
        return Err(unwritable(
            tensor,
            "the delimiter must be one of , ; tab space |",
        ));
    }
    let item = tensor.elem.itemsize();
    let fmt: fn(&[u8]) -> String = match tensor.elem {
        ElemType::Bool => |b| if b[0] != 0 { "1" } else { "0" }.to_string(),
        ElemType::I8 => |b| (b[0] as i8).to_string(),
        ElemType::U8 => |b| b[0].to_string(),
        ElemType::I16 => |b| i16::from_le_bytes([b[0], b[1]]).to_string(),
        ElemType::U16 => |b| u16::from_le_bytes([b[0], b[1]]).to_string(),
        ElemType::I32 => |b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]).to_string(),
        ElemType::U32 => |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]).to_string(),
        ElemType::I64 => {
            |b| i64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]).to_string()
        }
        ElemType::U64 => {
            |b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]).to_string()
        }
        ElemType::F16 => |b| {
            let x = half::f16::from_le_bytes([b[0], b[1]]);
            shortest(x.to_f32(), |y| {
                half::f16::from_f32(y).to_bits() == x.to_bits()
            })
        },
        ElemType::BF16 => |b| {
            let x = half::bf16::from_le_bytes([b[0], b[1]]);
            shortest(x.to_f32(), |y| {
                half::bf16::from_f32(y).to_bits() == x.to_bits()
            })
        },
        ElemType::F32 => |b| format!("{:?}", f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        ElemType::F64 => |b| {
            format!(
                "{:?}",
                f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
            )
        },
        ElemType::C64 | ElemType::C128 | ElemType::Unicode(_) => {
            return Err(unwritable(
                tensor,
                "CSV export takes bool, integer or float data; convert first (e.g. take .real)",
            ));
        }
    };
    let bytes = tensor.to_c_order_le_bytes()?;
    let d = options.delimiter as char;
    let os = |e| IoError::os("write the CSV", e);
    if let Some(names) = &options.columns {
        if names.len() != cols {
            return Err(unwritable(
                tensor,
                "the number of column names differs from the number of columns",
            ));
        }
        let line: Vec<Cow<str>> = names
            .iter()
            .map(|n| quote_if_needed(n, options.delimiter))
            .collect();
        writeln!(w, "{}", line.join(&d.to_string())).map_err(os)?;
    }
    let mut line = String::new();
    for r in 0..rows {
        line.clear();
        for c in 0..cols {
            if c > 0 {
                line.push(d);
            }
            let at = (r * cols + c) * item;
            line.push_str(&fmt(&bytes[at..at + item]));
        }
        line.push('\n');
        w.write_all(line.as_bytes()).map_err(os)?;
    }
    w.flush().map_err(os)
}

/// [`write_to`] into a `String`.
pub fn to_string(tensor: &RawTensor, options: &CsvWriteOptions) -> Result<String, IoError> {
    let mut out = Vec::new();
    write_to(&mut out, tensor, options)?;
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// Writes the tensor as CSV to `path`.
pub fn write(
    path: impl AsRef<Path>,
    tensor: &RawTensor,
    options: &CsvWriteOptions,
) -> Result<(), IoError> {
    let path = path.as_ref();
    let run = || {
        let text = to_string(tensor, options)?; // validate before creating the file
        let file = File::create(path).map_err(|e| IoError::os("create the file", e))?;
        let mut w = BufWriter::new(file);
        w.write_all(text.as_bytes())
            .and_then(|()| w.flush())
            .map_err(|e| IoError::os("write the CSV", e))
    };
    run().map_err(|e| e.in_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_spellings() {
        for (s, x) in [
            ("1", 1.0),
            (" 2.5 ", 2.5),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("-1E-2", -0.01),
            ("1_000.5", 1000.5),
            ("+inf", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
        ] {
            assert_eq!(parse_cell(s), Some(x), "{s}");
        }
        for s in ["", "nan", "NaN", "-nan", "NA", "N/A", "n/a", "  "] {
            assert!(parse_cell(s).unwrap().is_nan(), "{s}");
        }
        for s in [
            "abc", "1_", "_1", "1__0", "0x10", "1,5", "--1", "1e", "infinit", "++nan",
        ] {
            assert_eq!(parse_cell(s), None, "{s}");
        }
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff("1,2,3\n4,5,6\n"), Some(b','));
        assert_eq!(sniff("1;2;3\n4;5;6\n"), Some(b';'));
        assert_eq!(sniff("1\t2\n3\t4\n"), Some(b'\t'));
        assert_eq!(sniff("1.5;2,5\n"), Some(b';'));
        assert_eq!(sniff("1\n2\n"), None);
        assert_eq!(sniff(""), None);
    }

    #[test]
    fn quoted_cells() {
        let t = read_str("\"a,1\",\"b\"\"\"\n\"1\",\" 2\"\n").unwrap();
        assert_eq!(t.columns, Some(vec!["a,1".to_string(), "b\"".to_string()]));
        assert_eq!(t.values(), [1.0, 2.0]);
        assert!(matches!(
            read_str("1,\"2\n"),
            Err(IoError::CsvUnterminatedQuote { row: 1 })
        ));
    }

    #[test]
    fn savetxt_style_comment_header() {
        let t = read_str("# x,y\n1,2\n3,4\n").unwrap();
        assert_eq!(t.columns, Some(vec!["x".to_string(), "y".to_string()]));
        assert_eq!(t.tensor.shape, [2, 2]);
        let t = read_str("# just a comment\n1,2\n").unwrap();
        assert_eq!(t.columns, None);
        assert_eq!(t.tensor.shape, [1, 2]);
    }

    #[test]
    fn crlf_blank_lines_and_bom() {
        let t = read_str("\u{feff}a,b\r\n\r\n1,2\r\n3,4\r\n").unwrap();
        assert_eq!(t.columns, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(t.values(), [1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn empty_inputs() {
        assert_eq!(read_str("").unwrap().tensor.shape, [0, 0]);
        let t = read_str("a,b\n").unwrap();
        assert_eq!(t.tensor.shape, [0, 2]);
    }

    #[test]
    fn errors_name_row_and_column() {
        let e = read_str("1,2\n3,x\n").unwrap_err();
        assert!(matches!(
            e,
            IoError::CsvBadCell { row: 2, column: 2, ref text, .. } if text == "x"
        ));
        let e = read_str("1,2\n\n3\n").unwrap_err();
        assert!(matches!(
            e,
            IoError::CsvRaggedRow {
                row: 3,
                found: 1,
                expected: 2,
                first_row: 1
            }
        ));
    }
}
