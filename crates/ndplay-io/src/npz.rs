//! `.npz`: a zip archive of `.npy` members, as `np.savez` (stored) and
//! `np.savez_compressed` (deflated) write it.
//!
//! Stored members are read in place from the memory map, like `.npy` files. Budgets come
//! first ([`ReadOptions`]): the zip directory's member count must fit
//! [`ReadOptions::max_tensors`] and the sizes it declares for deflated members, added up,
//! [`ReadOptions::max_inflated_bytes`], before anything is inflated. Then each deflated
//! member's `.npy` header is inflated first and validated, the size it promises must equal
//! the size the zip directory declares, and inflation stops at the promised size, so a zip
//! bomb fails before anything large is allocated. Members that are not `.npy` data (as
//! `np.load` tells them: by the `.npy` magic, whatever their name) are skipped and named in
//! [`NpzArchive::skipped`], for the caller to warn about; `np.load` returns them as raw
//! bytes. Array names drop the `.npy` suffix, as `np.load(...).files` does.
//!
//! ```
//! use ndplay_io::{npz, ElemType, RawTensor};
//!
//! let zeros = RawTensor::from_vec(ElemType::F64, vec![1000], vec![0; 8000])?;
//! let path = std::env::temp_dir().join("ndplay_io_npz_doc.npz");
//! npz::write(&path, &[("zeros", &zeros)], true)?; // like np.savez_compressed
//! assert!(std::fs::metadata(&path)?.len() < 1000);
//!
//! let arrays = npz::read_path(&path)?;
//! assert_eq!(arrays[0].name.as_deref(), Some("zeros"));
//! assert_eq!(arrays[0].data, zeros.data);
//!
//! // A tight limit refuses the archive before inflating anything.
//! let tight = ndplay_io::ReadOptions { max_inflated_bytes: 4096, ..Default::default() };
//! let err = npz::read_path_with(&path, &tight).unwrap_err();
//! assert!(matches!(err.innermost(), ndplay_io::IoError::InflateBudget { declared: 8128, .. }));
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use crate::error::{IoError, show_bytes};
use crate::npy;
use crate::tensor::{RawTensor, TensorBytes};
use crate::zip::{self, Entry, ZipWriter};
use crate::{Format, ReadOptions};

/// Deflate cannot expand data by more than about 1032:1; no honest member inflates past
/// this many bytes per compressed byte, so it bounds what we reserve up front.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// A member that is not `.npy` data, skipped by the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedMember {
    /// Its name in the archive.
    pub name: String,
    /// Its first bytes (up to 8; inflated for a deflated member).
    pub head: Vec<u8>,
}

impl std::fmt::Display for SkippedMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "member {:?} was skipped: it is not .npy data (it starts with {}, not \\x93NUMPY); \
             np.load returns such a member as raw bytes, not as an array",
            self.name,
            show_bytes(&self.head)
        )
    }
}

/// The arrays of an archive, and the members that were not arrays.
#[derive(Clone, Debug, PartialEq)]
pub struct NpzArchive {
    /// The `.npy` members, in archive order.
    pub tensors: Vec<RawTensor>,
    /// The members skipped because they are not `.npy` data, in archive order.
    pub skipped: Vec<SkippedMember>,
}

/// Reads every `.npy` member of an archive whose bytes are shared (e.g. memory-mapped).
/// Members that are not `.npy` data are dropped; [`read_archive`] names them.
pub fn read_shared(bytes: TensorBytes, options: &ReadOptions) -> Result<Vec<RawTensor>, IoError> {
    read_archive(bytes, options).map(|a| a.tensors)
}

/// Reads an archive whose bytes are shared: its arrays and the members it skipped.
pub fn read_archive(bytes: TensorBytes, options: &ReadOptions) -> Result<NpzArchive, IoError> {
    let all = bytes.as_bytes();
    let mut entries = zip::central_directory(all)?;
    entries.retain(|e| !e.name.ends_with('/')); // directories hold no data
    check_budgets(&entries, options)?;
    refuse_overlaps(all, &entries)?;
    let mut budget = options.max_inflated_bytes;
    let mut tensors = Vec::new();
    let mut skipped = Vec::new();
    for e in &entries {
        let in_member = |inner: IoError| match inner {
            // Zip-level errors already name the member.
            e @ (IoError::BadZip { .. }
            | IoError::UnsupportedCompression { .. }
            | IoError::EncryptedMember { .. }
            | IoError::MemberSizeMismatch { .. }
            | IoError::MemberTooLarge { .. }
            | IoError::MemberOverflow { .. }
            | IoError::CrcMismatch { .. }) => e,
            inner => IoError::InMember {
                member: e.name.clone(),
                inner: Box::new(inner),
            },
        };
        match read_member(&bytes, e, options, &mut budget).map_err(in_member)? {
            Member::Array(mut t) => {
                let name = e.name.strip_suffix(".npy").unwrap_or(&e.name);
                t.name = Some(name.to_string());
                tensors.push(t);
            }
            Member::NotNpy(head) => skipped.push(SkippedMember {
                name: e.name.clone(),
                head,
            }),
        }
    }
    Ok(NpzArchive { tensors, skipped })
}

/// Refuses an archive whose member count or declared inflated size is over budget, from
/// the zip directory alone: nothing has been inflated yet. Every deflated member counts,
/// `.npy` or not (its declared size is all that is known before inflating it).
fn check_budgets(entries: &[Entry], options: &ReadOptions) -> Result<(), IoError> {
    if entries.len() > options.max_tensors {
        return Err(IoError::TooManyTensors {
            format: Format::Npz,
            found: entries.len() as u64,
            limit: options.max_tensors,
        });
    }
    let deflated: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.method == zip::DEFLATED)
        .collect();
    let declared = deflated
        .iter()
        .fold(0u64, |sum, e| sum.saturating_add(e.uncompressed_size));
    if declared > options.max_inflated_bytes {
        return Err(IoError::InflateBudget {
            declared,
            members: deflated.len(),
            limit: options.max_inflated_bytes,
        });
    }
    Ok(())
}

/// What a member holds.
enum Member {
    Array(RawTensor),
    /// Not `.npy` data: its first bytes.
    NotNpy(Vec<u8>),
}

/// The first bytes of a member that is not `.npy` data, as shown in its warning.
fn not_npy(head: &[u8]) -> Member {
    Member::NotNpy(head[..head.len().min(8)].to_vec())
}

/// Refuses members whose bytes (local header through data) overlap: many directory
/// entries pointing at one small deflate stream would each inflate it again, so a
/// kilobyte-sized archive could cost gigabytes within the inflation limit. Python's
/// `zipfile` (and so `np.load`) refuses such archives too ("Overlapped entries").
/// Members whose range is out of the file are left for `read_member` to report.
fn refuse_overlaps(all: &[u8], entries: &[Entry]) -> Result<(), IoError> {
    let mut spans: Vec<(usize, usize, &str)> = entries
        .iter()
        .filter(|e| !e.name.ends_with('/'))
        .filter_map(|e| {
            let data = zip::data_range(all, e).ok()?;
            Some((e.local_header_offset as usize, data.end, e.name.as_str()))
        })
        .collect();
    spans.sort_unstable();
    let mut reach: Option<(usize, &str)> = None; // the furthest end so far, and whose
    for &(start, end, name) in &spans {
        if let Some((prev_end, prev)) = reach
            && start < prev_end
        {
            return Err(IoError::BadZip {
                member: Some(name.to_string()),
                reason: format!(
                    "its bytes {start}..{end} overlap member {prev:?}'s, which run to byte \
                     {prev_end}: members that share bytes are a zip bomb's trick"
                ),
            });
        }
        if reach.is_none_or(|(prev_end, _)| end > prev_end) {
            reach = Some((end, name));
        }
    }
    Ok(())
}

/// One member as a tensor, or the first bytes of one that is not `.npy` data.
fn read_member(
    bytes: &TensorBytes,
    e: &Entry,
    options: &ReadOptions,
    budget: &mut u64,
) -> Result<Member, IoError> {
    if e.is_encrypted() {
        return Err(IoError::EncryptedMember {
            member: e.name.clone(),
        });
    }
    let all = bytes.as_bytes();
    let range = zip::data_range(all, e)?;
    match e.method {
        zip::STORED => {
            if e.compressed_size != e.uncompressed_size {
                return Err(IoError::BadZip {
                    member: Some(e.name.clone()),
                    reason: format!(
                        "it is stored (uncompressed) but the directory gives {} compressed and \
                         {} uncompressed bytes",
                        e.compressed_size, e.uncompressed_size
                    ),
                });
            }
            let member = &all[range.clone()];
            if !member.starts_with(npy::MAGIC) {
                return Ok(not_npy(member));
            }
            if options.verify_stored_crc {
                let actual = zip::crc32(&[member]);
                if actual != e.crc32 {
                    return Err(IoError::CrcMismatch {
                        member: e.name.clone(),
                        expected: e.crc32,
                        actual,
                    });
                }
            }
            let shared = bytes.slice(range).ok_or_else(|| IoError::BadZip {
                member: Some(e.name.clone()),
                reason: "data range out of bounds".into(),
            })?;
            npy::read_shared(shared).map(Member::Array)
        }
        zip::DEFLATED => inflate_member(&all[range], e, budget),
        method => Err(IoError::UnsupportedCompression {
            member: e.name.clone(),
            method,
        }),
    }
}

/// Reads from `r` until `buf` holds `want` bytes or the stream ends.
fn fill<R: Read>(r: &mut R, buf: &mut Vec<u8>, want: usize, member: &str) -> Result<(), IoError> {
    let missing = want.saturating_sub(buf.len()) as u64;
    r.take(missing)
        .read_to_end(buf)
        .map(|_| ())
        .map_err(|err| corrupt_stream(member, err))
}

fn corrupt_stream(member: &str, err: std::io::Error) -> IoError {
    IoError::BadZip {
        member: Some(member.to_string()),
        reason: format!("its deflate stream is corrupt ({err})"),
    }
}

fn inflate_member(compressed: &[u8], e: &Entry, budget: &mut u64) -> Result<Member, IoError> {
    let mut dec = DeflateDecoder::new(compressed);
    // Magic, version and the longest length field: enough to tell .npy data apart.
    let mut head = Vec::with_capacity(64);
    fill(&mut dec, &mut head, 12, &e.name)?;
    if !head.starts_with(npy::MAGIC) {
        return Ok(not_npy(&head));
    }
    let header = loop {
        match npy::parse_header(&head) {
            Ok(h) => break h,
            // parse_header refuses over-long headers before asking for them, so
            // `needed` is at most a few kilobytes here.
            Err(IoError::TruncatedHeader { needed, .. }) if needed as usize > head.len() => {
                let before = head.len();
                fill(&mut dec, &mut head, needed as usize, &e.name)?;
                if head.len() == before {
                    // The stream ended inside the header: report it as parse_header does.
                    return Err(npy::parse_header(&head).err().unwrap_or(
                        IoError::TruncatedHeader {
                            format: Format::Npz,
                            needed,
                            available: head.len() as u64,
                        },
                    ));
                }
            }
            Err(err) => return Err(err),
        }
    };
    let promised = (header.data_offset as u64) + header.data_len as u64;
    if e.uncompressed_size != promised {
        return Err(IoError::MemberSizeMismatch {
            member: e.name.clone(),
            zip_declared: e.uncompressed_size,
            npy_promised: promised,
        });
    }
    if promised > *budget {
        return Err(IoError::MemberTooLarge {
            member: e.name.clone(),
            size: promised,
            limit: *budget,
        });
    }
    let mut data = head.split_off(header.data_offset.min(head.len()));
    if data.len() > header.data_len {
        return Err(IoError::MemberOverflow {
            member: e.name.clone(),
            promised,
        });
    }
    // Reserve what the compressed bytes can honestly produce, never just what is claimed.
    let plausible = (compressed.len() as u64)
        .saturating_mul(MAX_DEFLATE_RATIO)
        .min(header.data_len as u64) as usize;
    data.reserve(plausible.saturating_sub(data.len()));
    // One byte past the promise tells an overflowing stream from an exact one.
    fill(&mut dec, &mut data, header.data_len + 1, &e.name)?;
    if data.len() > header.data_len {
        return Err(IoError::MemberOverflow {
            member: e.name.clone(),
            promised,
        });
    }
    if data.len() < header.data_len {
        return Err(IoError::TruncatedData {
            format: Format::Npz,
            shape: header.shape.iter().map(|&d| d as u64).collect(),
            dtype: header.elem.numpy_name(),
            expected: header.data_len as u64,
            available: data.len() as u64,
        });
    }
    let actual = zip::crc32(&[&head, &data]);
    if actual != e.crc32 {
        return Err(IoError::CrcMismatch {
            member: e.name.clone(),
            expected: e.crc32,
            actual,
        });
    }
    *budget -= promised;
    Ok(Member::Array(RawTensor {
        name: None,
        elem: header.elem,
        byte_order: header.byte_order,
        shape: header.shape,
        fortran_order: header.fortran_order,
        data: TensorBytes::from_vec(data),
    }))
}

/// Reads an archive held in memory (copied once into shared bytes). This is the fuzzing
/// entry point.
pub fn read_bytes(bytes: &[u8], options: &ReadOptions) -> Result<Vec<RawTensor>, IoError> {
    read_shared(TensorBytes::from_vec(bytes.to_vec()), options)
}

/// Reads the `.npz` at `path` with default limits; stored members stay memory-mapped.
pub fn read_path(path: impl AsRef<Path>) -> Result<Vec<RawTensor>, IoError> {
    read_path_with(path, &ReadOptions::default())
}

/// [`read_path`] with explicit limits.
pub fn read_path_with(
    path: impl AsRef<Path>,
    options: &ReadOptions,
) -> Result<Vec<RawTensor>, IoError> {
    let path = path.as_ref();
    crate::mmap::map_path(path)
        .and_then(|b| read_shared(b, options))
        .map_err(|e| e.in_file(path))
}

fn check_names(members: &[(&str, &RawTensor)]) -> Result<(), IoError> {
    let mut seen = HashSet::new();
    for &(name, t) in members {
        let bad = |reason| IoError::BadMemberName {
            name: name.to_string(),
            reason,
        };
        if name.is_empty() {
            return Err(bad("it is empty"));
        }
        if name.contains('\0') {
            return Err(bad("it contains a NUL character"));
        }
        if name.len() + 4 > u16::MAX as usize {
            return Err(bad("it is longer than a zip member name can be"));
        }
        if !seen.insert(name) {
            return Err(bad("two arrays have this name"));
        }
        npy::header_bytes(t, None)?; // refuses unwritable tensors before any output
    }
    Ok(())
}

/// Writes the archive to `w`: each tensor as member `name.npy`, stored or deflated.
pub fn write_to<W: Write>(
    w: W,
    members: &[(&str, &RawTensor)],
    compressed: bool,
) -> Result<W, IoError> {
    check_names(members)?;
    let os = |e| IoError::os("write the .npz archive", e);
    let mut z = ZipWriter::new(w);
    for &(name, t) in members {
        let header = npy::header_bytes(t, None)?;
        let data = t.data.as_bytes();
        let crc = zip::crc32(&[&header, data]);
        let size = (header.len() + data.len()) as u64;
        let member = format!("{name}.npy");
        if compressed {
            let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
            enc.write_all(&header).map_err(os)?;
            enc.write_all(data).map_err(os)?;
            let deflated = enc.finish().map_err(os)?;
            z.add(&member, zip::DEFLATED, crc, size, &[&deflated])
                .map_err(os)?;
        } else {
            z.add(&member, zip::STORED, crc, size, &[&header, data])
                .map_err(os)?;
        }
    }
    z.finish().map_err(os)
}

/// The whole archive in memory.
pub fn to_bytes(members: &[(&str, &RawTensor)], compressed: bool) -> Result<Vec<u8>, IoError> {
    write_to(Vec::new(), members, compressed)
}

/// Writes the archive to `path`, like `np.savez(path, **members)` (`compressed:
/// false`) or `np.savez_compressed` (`true`).
pub fn write(
    path: impl AsRef<Path>,
    members: &[(&str, &RawTensor)],
    compressed: bool,
) -> Result<(), IoError> {
    let path = path.as_ref();
    let run = || {
        check_names(members)?;
        let file = File::create(path).map_err(|e| IoError::os("create the file", e))?;
        write_to(BufWriter::new(file), members, compressed).map(drop)
    };
    run().map_err(|e| e.in_file(path))
}
