//! The one error type of this crate, [`IoError`].
//!
//! Every variant carries the facts (sizes, offsets, shapes, names) and its message says
//! what was found, why it is refused and what would fix it. Readers of a path wrap the
//! error in [`IoError::InFile`]; [`IoError::innermost`] unwraps that to match on the
//! cause:
//!
//! ```
//! use ndplay_io::{npy, IoError};
//!
//! let err = npy::read_bytes(b"PK\x03\x04 not an npy").unwrap_err();
//! assert!(matches!(err.innermost(), IoError::NotNpy { .. }));
//! assert!(err.to_string().contains("\\x93NUMPY"));
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::Format;

/// Everything that can go wrong reading or writing a tensor file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IoError {
    /// An error while handling the file at `path`; `inner` says what.
    #[error("{}: {inner}", .path.display())]
    InFile {
        /// The file being read or written.
        path: PathBuf,
        /// What went wrong.
        inner: Box<IoError>,
    },

    /// An error in one member of an `.npz` archive; `inner` says what.
    #[error(".npz member {member:?}: {inner}")]
    InMember {
        /// The member's name in the archive.
        member: String,
        /// What went wrong.
        inner: Box<IoError>,
    },

    /// The operating system refused an operation (open, map, read, write).
    #[error("could not {action}: {cause}")]
    Os {
        /// What was being done, e.g. "open the file for reading".
        action: &'static str,
        /// The operating system's error.
        cause: std::io::Error,
    },

    /// The path names something other than a regular file (a FIFO, a device, a
    /// directory): refused from its metadata, before it is opened for reading.
    #[error(
        "this is {kind}, not a regular file: ndplay reads tensor files only, and refuses \
         anything else before opening it (a FIFO could block forever, a device such as \
         /dev/zero never ends); save the data to a file and inspect that"
    )]
    NotRegularFile {
        /// What it is, with its article: "a directory", "a FIFO (named pipe)", ...
        kind: &'static str,
    },

    /// A file lists more tensors than the reader's limit allows.
    #[error(
        "the {format} file lists {found} {}, over the limit of {limit} \
         (ReadOptions::max_tensors), so it was refused before reading them: many tiny \
         tensors can cost gigabytes of memory; raise the limit if you trust this file",
        tensor_noun(.format)
    )]
    TooManyTensors {
        /// The format being read.
        format: Format,
        /// Tensors (or `.npz` members) the file lists.
        found: u64,
        /// The most allowed.
        limit: usize,
    },

    /// An archive's deflated members declare more bytes than the inflation budget.
    #[error(
        "the .npz's {members} deflated members declare {declared} bytes once inflated, \
         over the limit of {limit} bytes (ReadOptions::max_inflated_bytes), so nothing was \
         inflated: a small archive can inflate to gigabytes; raise the limit if you trust \
         this file"
    )]
    InflateBudget {
        /// Bytes the zip directory declares for all deflated members together.
        declared: u64,
        /// How many deflated members there are.
        members: usize,
        /// The most allowed.
        limit: u64,
    },

    /// Neither the extension nor the first bytes identify a supported format.
    #[error(
        "cannot tell which tensor format this is: the extension is not .npy, .npz, \
         .safetensors, .csv or .tsv, and the first bytes {} match no known signature \
         (.npy starts with \\x93NUMPY, .npz with PK); rename the file with the right \
         extension",
        show_bytes(.head)
    )]
    UnknownFormat {
        /// Up to the first 16 bytes of the file.
        head: Vec<u8>,
    },

    // ----- .npy -----
    /// The data does not start with the `.npy` magic string.
    #[error(
        "not an .npy file: it should start with the magic bytes \\x93NUMPY but starts \
         with {}; if it is an .npz (starts with PK) or another format, read it as that",
        show_bytes(.found)
    )]
    NotNpy {
        /// Up to the first 8 bytes found.
        found: Vec<u8>,
    },

    /// An `.npy` format version this crate does not know.
    #[error(
        ".npy format version {major}.{minor} is not supported: NumPy writes only 1.0, \
         2.0 and 3.0, which ndplay reads; re-save the array with np.save"
    )]
    UnsupportedNpyVersion {
        /// Major version byte.
        major: u8,
        /// Minor version byte.
        minor: u8,
    },

    /// The file ends before its header does.
    #[error(
        "the {format} header needs {needed} bytes but only {available} are there: the \
         file is truncated (an interrupted download or copy?); re-create or re-download it"
    )]
    TruncatedHeader {
        /// The format being read.
        format: Format,
        /// Bytes the header needs.
        needed: u64,
        /// Bytes actually present.
        available: u64,
    },

    /// The header length field is larger than the reader accepts.
    #[error(
        "the {format} header claims to be {declared} bytes long, over the {limit}-byte \
         limit (NumPy's own np.load refuses headers over 10000 bytes for safety); the \
         file is corrupt or hostile"
    )]
    HeaderTooLarge {
        /// The format being read.
        format: Format,
        /// Header length the file declares.
        declared: u64,
        /// The largest header accepted.
        limit: u64,
    },

    /// The `.npy` header dictionary is not what NumPy writes.
    #[error(
        "the .npy header {header:?} is malformed: {reason}; NumPy writes a dict like \
         {{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }}; re-save with np.save"
    )]
    BadHeader {
        /// The header text (cut to 200 characters).
        header: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A valid dtype that has no ndplay equivalent, or a typestr that is not valid.
    #[error("dtype {descr:?} is not supported: {reason}")]
    UnsupportedDtype {
        /// The dtype as the file spells it.
        descr: String,
        /// Why, and what to do instead.
        reason: &'static str,
    },

    /// An object array, which only pickle can read.
    #[error(
        "dtype {descr:?} is an object array, and object arrays need pickle, which ndplay \
         refuses as np.load(allow_pickle=False) does (unpickling can run arbitrary code); \
         re-save with a numeric dtype (arr.astype(np.float64)) or fixed-width strings \
         (arr.astype(str))"
    )]
    ObjectArray {
        /// The dtype as the file spells it (`|O`).
        descr: String,
    },

    /// More dimensions than NumPy allows.
    #[error(
        "the shape has {ndim} dimensions, more than the {max} NumPy allows; the header is \
         corrupt or hostile"
    )]
    TooManyDims {
        /// Dimensions found.
        ndim: usize,
        /// The most allowed.
        max: usize,
    },

    /// An axis or the byte count of a shape passes `isize::MAX` (or overflows `u64`).
    #[error(
        "shape {} of {itemsize}-byte elements is larger than any array can be (an axis or \
         the byte count passes 2^63 - 1, the limit of NumPy's signed sizes): the header is \
         corrupt or hostile, and it was refused before allocating",
        show_shape(.shape)
    )]
    ShapeOverflow {
        /// The shape claimed.
        shape: Vec<u64>,
        /// Bytes per element.
        itemsize: u64,
    },

    /// The header promises more data than the file holds.
    #[error(
        "the {format} header promises shape {} of {dtype} = {expected} data bytes, but \
         only {available} bytes are there: the file is truncated or its header is wrong; \
         re-create or re-download it",
        show_shape(.shape)
    )]
    TruncatedData {
        /// The format being read.
        format: Format,
        /// The shape claimed.
        shape: Vec<u64>,
        /// The dtype name.
        dtype: String,
        /// Data bytes the header promises.
        expected: u64,
        /// Data bytes actually present.
        available: u64,
    },

    // ----- .npz (zip) -----
    /// The zip container of an `.npz` is malformed.
    #[error(
        "not a valid .npz (zip) archive{}: {reason}; np.savez and np.savez_compressed \
         write valid ones",
        show_member(.member)
    )]
    BadZip {
        /// The member concerned, when the problem is in one.
        member: Option<String>,
        /// What is wrong.
        reason: String,
    },

    /// A zip member compressed with a method other than stored or deflated.
    #[error(
        ".npz member {member:?} uses zip compression method {method}; .npz members are \
         stored (method 0, np.savez) or deflated (method 8, np.savez_compressed): \
         re-save with one of those"
    )]
    UnsupportedCompression {
        /// Member name.
        member: String,
        /// The zip method number.
        method: u16,
    },

    /// An encrypted zip member.
    #[error(
        ".npz member {member:?} is encrypted, which NumPy never writes and ndplay cannot \
         read; re-save it without a password"
    )]
    EncryptedMember {
        /// Member name.
        member: String,
    },

    /// The zip directory and the member's `.npy` header disagree about its size.
    #[error(
        ".npz member {member:?}: the zip directory says it inflates to {zip_declared} \
         bytes but its .npy header promises {npy_promised}; a member that inflates to \
         more than its header describes is how zip bombs work, so it is refused before \
         decompressing the data"
    )]
    MemberSizeMismatch {
        /// Member name.
        member: String,
        /// Uncompressed size in the zip directory.
        zip_declared: u64,
        /// Size the `.npy` header implies (header + data).
        npy_promised: u64,
    },

    /// A deflated member would inflate past the configured limit.
    #[error(
        ".npz member {member:?} would inflate to {size} bytes, over the limit of {limit} \
         bytes still allowed (ReadOptions::max_inflated_bytes), so it was refused before \
         allocating; raise the limit if you trust this file"
    )]
    MemberTooLarge {
        /// Member name.
        member: String,
        /// Bytes it would inflate to.
        size: u64,
        /// The bytes the limit still allowed.
        limit: u64,
    },

    /// A deflate stream produced more bytes than promised.
    #[error(
        ".npz member {member:?} inflates to more than the {promised} bytes its headers \
         promise: a zip bomb or a corrupt file; decompression was stopped at the promised \
         size"
    )]
    MemberOverflow {
        /// Member name.
        member: String,
        /// Bytes promised by the zip directory and `.npy` header.
        promised: u64,
    },

    /// A member's CRC-32 does not match its content.
    #[error(
        ".npz member {member:?} is corrupt: its CRC-32 is {actual:#010x} but the zip \
         directory records {expected:#010x}; re-create or re-download the file"
    )]
    CrcMismatch {
        /// Member name.
        member: String,
        /// CRC-32 in the zip directory.
        expected: u32,
        /// CRC-32 of the content.
        actual: u32,
    },

    // ----- .safetensors -----
    /// The safetensors header length field is absurd.
    #[error(
        "the .safetensors header length field says {declared} bytes, but the file has \
         only {available} bytes after it (and headers over {limit} bytes are refused): \
         the file is truncated, corrupt, or not safetensors"
    )]
    SafetensorsHeaderTooLarge {
        /// Header length the file declares.
        declared: u64,
        /// Bytes after the 8-byte length field.
        available: u64,
        /// The largest header accepted.
        limit: u64,
    },

    /// The safetensors JSON header is not valid.
    #[error(
        "the .safetensors header is not valid: {reason}; it must be a JSON object mapping \
         each tensor name to {{\"dtype\", \"shape\", \"data_offsets\"}}"
    )]
    SafetensorsBadHeader {
        /// What is wrong.
        reason: String,
    },

    /// One tensor's entry in the safetensors header is not valid.
    #[error("the .safetensors entry for tensor {name:?} is not valid: {reason}")]
    SafetensorsBadEntry {
        /// Tensor name.
        name: String,
        /// What is wrong.
        reason: String,
    },

    /// A safetensors dtype this crate does not read.
    #[error(
        "tensor {name:?} has safetensors dtype {dtype:?}, which ndplay does not read; it \
         reads BOOL, U8-U64, I8-I64, F16, BF16, F32, F64 and C64: convert the tensor to \
         one of those before saving"
    )]
    SafetensorsUnsupportedDtype {
        /// Tensor name.
        name: String,
        /// The dtype as the header spells it.
        dtype: String,
    },

    /// A tensor's data offsets fall outside the data buffer or are reversed.
    #[error(
        "tensor {name:?} has data_offsets [{begin}, {end}] but the data buffer is {data_len} \
         bytes long: {reason}; the file is truncated or corrupt"
    )]
    SafetensorsOffsets {
        /// Tensor name.
        name: String,
        /// Start offset claimed.
        begin: u64,
        /// End offset claimed.
        end: u64,
        /// Length of the data buffer.
        data_len: u64,
        /// What is wrong.
        reason: &'static str,
    },

    /// Two tensors claim overlapping bytes.
    #[error(
        "tensors {first:?} (bytes up to {first_end}) and {second:?} (from byte {second_begin}) \
         overlap in the data buffer: a safetensors file gives each tensor its own bytes; \
         the file is corrupt or hostile"
    )]
    SafetensorsOverlap {
        /// The tensor that starts first.
        first: String,
        /// Where it ends.
        first_end: u64,
        /// The tensor that starts inside it.
        second: String,
        /// Where that one starts.
        second_begin: u64,
    },

    /// Bytes of the data buffer that no tensor covers.
    #[error(
        "bytes {start}..{end} of the .safetensors data buffer belong to no tensor: the format \
         packs tensors with no holes and nothing after the last; the file is corrupt or was \
         not written by a safetensors writer"
    )]
    SafetensorsHole {
        /// First uncovered byte.
        start: u64,
        /// One past the last uncovered byte.
        end: u64,
    },

    /// A tensor's byte range does not match its shape and dtype.
    #[error(
        "tensor {name:?} has shape {} of {dtype} = {expected} bytes, but its data_offsets \
         span {actual} bytes; the header is corrupt",
        show_shape(.shape)
    )]
    SafetensorsSizeMismatch {
        /// Tensor name.
        name: String,
        /// Safetensors dtype.
        dtype: String,
        /// The shape claimed.
        shape: Vec<u64>,
        /// Bytes the shape implies.
        expected: u64,
        /// Bytes the offsets span.
        actual: u64,
    },

    // ----- .csv -----
    /// A CSV that holds a NUL byte near its start: binary data, not text.
    #[error(
        "this is not a text file: byte {offset} is NUL (0x00), which CSV text never holds; \
         it is binary data (or UTF-16 text, which has a NUL in every other byte: save it \
         as UTF-8, which spreadsheet programs call 'CSV UTF-8')"
    )]
    CsvNotText {
        /// Byte offset of the first NUL.
        offset: usize,
    },

    /// The CSV text is not UTF-8.
    #[error(
        "the CSV is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8 \
         (most spreadsheet programs offer 'CSV UTF-8')"
    )]
    CsvNotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },

    /// A cell that is not a number.
    #[error(
        "CSV row {row}, column {column}{}: {text:?} is not a number; cells must be numbers \
         (inf and -inf allowed), or empty, nan, NaN, NA or N/A for a missing value",
        show_column(.column_name)
    )]
    CsvBadCell {
        /// 1-based line number, counting the header row, as a spreadsheet does.
        row: usize,
        /// 1-based column number.
        column: usize,
        /// The header name of the column, when there is a header.
        column_name: Option<String>,
        /// The cell text.
        text: String,
    },

    /// A row with a different number of cells than the first.
    #[error(
        "CSV row {row} has {found} cells but row {first_row} has {expected}: every row \
         needs the same number of cells (leave a cell empty for a missing value)"
    )]
    CsvRaggedRow {
        /// 1-based line number of the offending row.
        row: usize,
        /// Cells in that row.
        found: usize,
        /// Cells in the first row.
        expected: usize,
        /// 1-based line number of the first row.
        first_row: usize,
    },

    /// A quoted cell that never closes.
    #[error("CSV row {row}: a quoted cell opens with \" but never closes; add the closing quote")]
    CsvUnterminatedQuote {
        /// 1-based line number where the quote opens.
        row: usize,
    },

    // ----- writing -----
    /// The tensor cannot be written in the requested format.
    #[error("cannot write a {dtype} tensor as {format}: {reason}")]
    Unwritable {
        /// The target format.
        format: Format,
        /// The tensor's dtype name.
        dtype: String,
        /// Why, and what to do instead.
        reason: &'static str,
    },

    /// The tensor's data length does not match its shape and dtype.
    #[error(
        "the tensor is inconsistent: shape {} of {dtype} needs {} bytes but it holds \
         {actual}",
        show_shape(.shape),
        show_expected(.expected)
    )]
    DataLengthMismatch {
        /// The shape.
        shape: Vec<u64>,
        /// The dtype name.
        dtype: String,
        /// Bytes the shape needs (`None` when that overflows).
        expected: Option<u64>,
        /// Bytes held.
        actual: u64,
    },

    /// A name that cannot be used for an `.npz` member.
    #[error("cannot use {name:?} as an .npz array name: {reason}")]
    BadMemberName {
        /// The name.
        name: String,
        /// Why.
        reason: &'static str,
    },
}

impl IoError {
    /// The cause, with any [`IoError::InFile`] and [`IoError::InMember`] wrappers
    /// removed.
    pub fn innermost(&self) -> &IoError {
        let mut e = self;
        while let IoError::InFile { inner, .. } | IoError::InMember { inner, .. } = e {
            e = inner;
        }
        e
    }

    /// Wraps this error with the path of the file it concerns (unless already wrapped).
    pub fn in_file(self, path: impl Into<PathBuf>) -> IoError {
        match self {
            e @ IoError::InFile { .. } => e,
            e => IoError::InFile {
                path: path.into(),
                inner: Box::new(e),
            },
        }
    }

    pub(crate) fn os(action: &'static str, cause: std::io::Error) -> IoError {
        IoError::Os { action, cause }
    }
}

/// Python's tuple spelling of a shape: `()`, `(3,)`, `(2, 3)`.
pub(crate) fn show_shape<T: std::fmt::Display>(shape: &[T]) -> String {
    let mut s = String::from("(");
    for (i, d) in shape.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{d}");
    }
    if shape.len() == 1 {
        s.push(',');
    }
    s.push(')');
    s
}

pub(crate) fn show_bytes(bytes: &[u8]) -> String {
    let mut s = String::from("b'");
    for &b in bytes {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'\'' => s.push_str("\\'"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s.push('\'');
    s
}

/// What a file's tensors are called when counting them: an `.npz` counts its members.
fn tensor_noun(format: &Format) -> &'static str {
    match format {
        Format::Npz => "members",
        _ => "tensors",
    }
}

fn show_member(member: &Option<String>) -> String {
    match member {
        Some(m) => format!(" (member {m:?})"),
        None => String::new(),
    }
}

fn show_column(name: &Option<String>) -> String {
    match name {
        Some(n) => format!(" ({n:?})"),
        None => String::new(),
    }
}

fn show_expected(expected: &Option<u64>) -> String {
    match expected {
        Some(n) => n.to_string(),
        None => "more than 2^64".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_print_as_python_tuples() {
        assert_eq!(show_shape::<u64>(&[]), "()");
        assert_eq!(show_shape(&[3u64]), "(3,)");
        assert_eq!(show_shape(&[2u64, 3]), "(2, 3)");
    }

    #[test]
    fn bytes_print_as_python_bytes() {
        assert_eq!(show_bytes(b"\x93NUMPY\x01"), "b'\\x93NUMPY\\x01'");
    }

    #[test]
    fn innermost_unwraps_paths() {
        let e = IoError::ObjectArray { descr: "|O".into() }
            .in_file("a.npy")
            .in_file("b.npy");
        assert!(matches!(e.innermost(), IoError::ObjectArray { .. }));
        assert!(e.to_string().starts_with("a.npy: "));
    }
}
