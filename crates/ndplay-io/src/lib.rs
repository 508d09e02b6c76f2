//! Readers and writers for tensor files at the byte level: `.npy`, `.npz`,
//! `.safetensors` and `.csv`, safe against hostile input.
//!
//! The core types are [`RawTensor`] (element type, byte order, shape, memory order and
//! the bytes exactly as the file stores them), [`TensorBytes`] (those bytes: a range of a
//! memory-mapped file, or owned), [`ElemType`]/[`ByteOrder`] (NumPy's dtype) and
//! [`TensorFile`] (what [`read_path`] returns). One module per format: [`npy`], [`npz`],
//! [`safetensors`], [`csv`]. Errors are one enum, [`IoError`].
//!
//! Uncompressed data is memory-mapped and read in place. Every size a file claims is
//! checked (with overflow checks) against the file's real length before anything is
//! allocated, deflated `.npz` members are inflated under a cap, and pickled object arrays
//! are refused as `np.load(allow_pickle=False)` refuses them. No input can make a reader
//! panic. Budgets are checked before the work they bound ([`ReadOptions`]): a file's
//! tensor count, and the total an `.npz` may inflate to. Paths that are not regular files
//! (FIFOs, devices, directories) are refused before they are opened for reading.
//!
//! ```
//! use ndplay_io::{npz, read_path, ElemType, Format, RawTensor};
//!
//! let weights = RawTensor::from_vec(ElemType::U8, vec![2, 2], vec![1, 2, 3, 4])?;
//! let bias = RawTensor::from_vec(ElemType::F32, vec![2], [0.5f32, -1.0].iter().flat_map(|x| x.to_le_bytes()).collect())?;
//! let path = std::env::temp_dir().join("ndplay_io_lib_doc.npz");
//! npz::write(&path, &[("w", &weights), ("b", &bias)], false)?;
//!
//! let file = read_path(&path)?;
//! assert_eq!(file.format, Format::Npz);
//! let w = file.get("w").unwrap();
//! assert_eq!((w.elem, w.shape.as_slice()), (ElemType::U8, &[2, 2][..]));
//! assert!(w.data.is_mapped()); // stored members are read in place
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), ndplay_io::IoError>(())
//! ```
#![deny(missing_docs)]

pub mod csv;
pub mod elem;
pub mod error;
mod mmap;
pub mod npy;
pub mod npz;
mod pyliteral;
pub mod safetensors;
pub mod tensor;
mod zip;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub use elem::{ByteOrder, ElemType};
pub use error::IoError;
pub use tensor::{RawTensor, TensorBytes};

/// The most tensors one file may hold by default ([`ReadOptions::max_tensors`]).
pub const DEFAULT_MAX_TENSORS: usize = 10_000;

/// Limits for reading a file, each checked before the work it bounds, so a small hostile
/// file cannot cost gigabytes or minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The most tensors one file may hold (default [`DEFAULT_MAX_TENSORS`]): an `.npz`'s
    /// member count (from the zip directory) and a `.safetensors` header's entries are
    /// counted before any member is inflated or any tensor is listed.
    pub max_tensors: usize,
    /// The most bytes all deflated `.npz` members together may inflate to (default
    /// 4 GiB). The sizes the zip directory declares are added up before anything is
    /// inflated, and inflation stops at each member's declared size, so a member that
    /// lies cannot pass the budget. Stored members are mapped, not inflated, and do not
    /// count.
    pub max_inflated_bytes: u64,
    /// Whether to check the CRC-32 of stored `.npz` members too (default `false`: that
    /// would read every byte of data that is otherwise only mapped). Deflated members are
    /// always checked.
    pub verify_stored_crc: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_tensors: DEFAULT_MAX_TENSORS,
            max_inflated_bytes: 4 << 30,
            verify_stored_crc: false,
        }
    }
}

/// A supported file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// NumPy `.npy`: one array.
    Npy,
    /// NumPy `.npz`: a zip of `.npy` members.
    Npz,
    /// Hugging Face `.safetensors`.
    Safetensors,
    /// Comma/semicolon/tab separated numbers.
    Csv,
}

impl Format {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Npy => "npy",
            Format::Npz => "npz",
            Format::Safetensors => "safetensors",
            Format::Csv => "csv",
        }
    }

    /// Guesses the format from the first bytes of a file, if they are distinctive.
    /// CSV has no signature and is never guessed.
    pub fn sniff(head: &[u8]) -> Option<Format> {
        if head.starts_with(npy::MAGIC) {
            Some(Format::Npy)
        } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            Some(Format::Npz)
        } else if head.len() >= 9 && head[8] == b'{' && head[..8].iter().any(|&b| b != 0) {
            // An 8-byte little-endian header length, then a JSON object.
            Some(Format::Safetensors)
        } else {
            None
        }
    }

    /// The format a file name's extension names (`.tsv` and `.txt` count as CSV).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "npy" => Some(Format::Npy),
            "npz" => Some(Format::Npz),
            "safetensors" => Some(Format::Safetensors),
            "csv" | "tsv" | "txt" => Some(Format::Csv),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ".{}", self.extension())
    }
}

/// The tensors of one file.
#[derive(Clone, Debug, PartialEq)]
pub struct TensorFile {
    /// The format it was read as.
    pub format: Format,
    /// Its tensors: one for `.npy` and `.csv`; the `.npz` members in archive order;
    /// safetensors tensors sorted by name.
    pub tensors: Vec<RawTensor>,
    /// Column names of a `.csv` whose first row was detected as a header.
    pub columns: Option<Vec<String>>,
    /// The `__metadata__` of a `.safetensors` file (empty otherwise).
    pub metadata: BTreeMap<String, String>,
    /// Members of an `.npz` that are not `.npy` data and were skipped (empty for other
    /// formats); each says which member and why, for the reader to warn about.
    pub skipped: Vec<npz::SkippedMember>,
    /// For a `.csv`, how `np.loadtxt` reads the same array (`None` for other formats).
    pub csv_load: Option<csv::CsvLoad>,
}

impl TensorFile {
    fn new(format: Format, tensors: Vec<RawTensor>) -> TensorFile {
        TensorFile {
            format,
            tensors,
            columns: None,
            metadata: BTreeMap::new(),
            skipped: Vec::new(),
            csv_load: None,
        }
    }

    /// The tensor with this name, if any.
    pub fn get(&self, name: &str) -> Option<&RawTensor> {
        self.tensors
            .iter()
            .find(|t| t.name.as_deref() == Some(name))
    }
}

/// Reads a tensor file of any supported format with the default [`ReadOptions`]. The
/// first bytes decide when they are a known signature (so a mis-named file still reads);
/// otherwise the extension does.
pub fn read_path(path: impl AsRef<Path>) -> Result<TensorFile, IoError> {
    read_path_with(path, &ReadOptions::default())
}

/// [`read_path`] with explicit limits.
pub fn read_path_with(
    path: impl AsRef<Path>,
    options: &ReadOptions,
) -> Result<TensorFile, IoError> {
    let path = path.as_ref();
    let run = || -> Result<TensorFile, IoError> {
        let bytes = mmap::map_path(path)?;
        let head = &bytes.as_bytes()[..bytes.len().min(16)];
        let format = match (Format::sniff(head), Format::from_extension(path)) {
            (Some(f), _) | (None, Some(f)) => f,
            (None, None) => {
                return Err(IoError::UnknownFormat {
                    head: head.to_vec(),
                });
            }
        };
        read_shared(bytes, format, options)
    };
    run().map_err(|e| e.in_file(path))
}

/// Reads a file already in memory (or mapped) as the given format, sharing the bytes
/// where the format allows.
pub fn read_shared(
    bytes: TensorBytes,
    format: Format,
    options: &ReadOptions,
) -> Result<TensorFile, IoError> {
    match format {
        Format::Npy => Ok(TensorFile::new(Format::Npy, vec![npy::read_shared(bytes)?])),
        Format::Npz => {
            let archive = npz::read_archive(bytes, options)?;
            let mut f = TensorFile::new(Format::Npz, archive.tensors);
            f.skipped = archive.skipped;
            Ok(f)
        }
        Format::Safetensors => {
            let st = safetensors::read_shared_with(bytes, options)?;
            let mut f = TensorFile::new(Format::Safetensors, st.tensors);
            f.metadata = st.metadata;
            Ok(f)
        }
        Format::Csv => {
            let table = csv::read_bytes(bytes.as_bytes())?;
            let mut f = TensorFile::new(Format::Csv, vec![table.tensor]);
            f.columns = table.columns;
            f.csv_load = Some(table.load);
            Ok(f)
        }
    }
}

/// Fuzzing entry point: parses an `.npy` file held in memory.
pub fn parse_npy_bytes(bytes: &[u8]) -> Result<RawTensor, IoError> {
    npy::read_bytes(bytes)
}

/// Fuzzing entry point: parses an `.npz` archive held in memory, with default limits.
pub fn parse_npz_bytes(bytes: &[u8]) -> Result<Vec<RawTensor>, IoError> {
    npz::read_bytes(bytes, &ReadOptions::default())
}

/// Fuzzing entry point: parses a `.safetensors` file held in memory.
pub fn parse_safetensors_bytes(bytes: &[u8]) -> Result<safetensors::Safetensors, IoError> {
    safetensors::read_bytes(bytes)
}

/// Fuzzing entry point: parses CSV bytes.
pub fn parse_csv_bytes(bytes: &[u8]) -> Result<csv::CsvTable, IoError> {
    csv::read_bytes(bytes)
}
