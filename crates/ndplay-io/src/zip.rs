//! The zip container under `.npz`: a small reader of the central directory (with
//! zip64) and a writer of stored or deflated members.
//!
//! Written here rather than taken from a zip crate so that every size the archive claims
//! is checked against the real byte length in one readable place, and so stored members
//! can be handed out as ranges of the memory map. Only what `.npz` needs is supported:
//! one disk, no encryption, methods 0 (stored) and 8 (deflated).

use std::io::{self, Write};
use std::ops::Range;

use crate::error::IoError;

const EOCD_SIG: &[u8; 4] = b"PK\x05\x06";
const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR_SIG: &[u8; 4] = b"PK\x06\x07";
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_EOCD_SIG: &[u8; 4] = b"PK\x06\x06";
const ZIP64_EOCD_LEN: usize = 56;
const CENTRAL_SIG: &[u8; 4] = b"PK\x01\x02";
const CENTRAL_LEN: usize = 46;
const LOCAL_SIG: &[u8; 4] = b"PK\x03\x04";
const LOCAL_LEN: usize = 30;
const ZIP64_EXTRA_ID: u16 = 0x0001;

/// Compression method numbers.
pub(crate) const STORED: u16 = 0;
pub(crate) const DEFLATED: u16 = 8;

/// One member, as the central directory describes it.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub name: String,
    pub method: u16,
    pub flags: u16,
    pub crc32: u32,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub local_header_offset: u64,
}

impl Entry {
    pub fn is_encrypted(&self) -> bool {
        self.flags & 1 != 0
    }
}

fn bad(member: Option<&str>, reason: impl Into<String>) -> IoError {
    IoError::BadZip {
        member: member.map(str::to_string),
        reason: reason.into(),
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// Position of the end-of-central-directory record: the last signature whose record
/// (with its comment) fits in the file.
fn find_eocd(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < EOCD_LEN {
        return None;
    }
    let last = bytes.len() - EOCD_LEN;
    let first = last.saturating_sub(u16::MAX as usize);
    (first..=last).rev().find(|&p| {
        &bytes[p..p + 4] == EOCD_SIG && p + EOCD_LEN + u16_at(bytes, p + 20) as usize <= bytes.len()
    })
}

/// Reads the central directory. Every offset and count is checked against `bytes.len()`
/// before use; the entry list is bounded by the directory's real size.
pub(crate) fn central_directory(bytes: &[u8]) -> Result<Vec<Entry>, IoError> {
    let eocd = find_eocd(bytes).ok_or_else(|| {
        bad(
            None,
            "no end-of-central-directory record: the file is truncated or not a zip archive",
        )
    })?;
    let mut disk = u16_at(bytes, eocd + 4) as u32;
    let mut cd_disk = u16_at(bytes, eocd + 6) as u32;
    let mut count = u16_at(bytes, eocd + 10) as u64;
    let mut cd_size = u32_at(bytes, eocd + 12) as u64;
    let mut cd_offset = u32_at(bytes, eocd + 16) as u64;
    let mut cd_limit = eocd as u64;

    if eocd >= ZIP64_LOCATOR_LEN
        && &bytes[eocd - ZIP64_LOCATOR_LEN..eocd - ZIP64_LOCATOR_LEN + 4] == ZIP64_LOCATOR_SIG
    {
        let loc = eocd - ZIP64_LOCATOR_LEN;
        let rec = u64_at(bytes, loc + 8);
        let rec_end = rec
            .checked_add(ZIP64_EOCD_LEN as u64)
            .filter(|&e| e <= loc as u64);
        let Some(_) = rec_end else {
            return Err(bad(None, "the zip64 end record lies outside the file"));
        };
        let r = rec as usize;
        if &bytes[r..r + 4] != ZIP64_EOCD_SIG {
            return Err(bad(
                None,
                "the zip64 locator does not point at a zip64 end record",
            ));
        }
        disk = u32_at(bytes, r + 16);
        cd_disk = u32_at(bytes, r + 20);
        count = u64_at(bytes, r + 32);
        cd_size = u64_at(bytes, r + 40);
        cd_offset = u64_at(bytes, r + 48);
        cd_limit = rec;
    }
    if disk != 0 || cd_disk != 0 {
        return Err(bad(None, "multi-disk (split) archives are not supported"));
    }
    let cd_end = cd_offset
        .checked_add(cd_size)
        .filter(|&e| e <= cd_limit)
        .ok_or_else(|| {
            bad(
                None,
                format!(
                    "the central directory claims bytes {cd_offset}..{cd_offset}+{cd_size}, \
                     beyond its end record at byte {cd_limit}"
                ),
            )
        })? as usize;
    let cd_start = cd_offset as usize;
    // Each entry takes at least CENTRAL_LEN bytes: a count the directory cannot hold
    // is refused instead of trusted.
    if count > (cd_size / CENTRAL_LEN as u64) {
        return Err(bad(
            None,
            format!(
                "the directory claims {count} entries but its {cd_size} bytes cannot hold them"
            ),
        ));
    }
    let mut entries = Vec::with_capacity(count as usize);
    let mut p = cd_start;
    for _ in 0..count {
        if p + CENTRAL_LEN > cd_end || &bytes[p..p + 4] != CENTRAL_SIG {
            return Err(bad(
                None,
                format!("central directory entry at byte {p} is malformed"),
            ));
        }
        let flags = u16_at(bytes, p + 8);
        let method = u16_at(bytes, p + 10);
        let crc32 = u32_at(bytes, p + 16);
        let mut compressed_size = u32_at(bytes, p + 20) as u64;
        let mut uncompressed_size = u32_at(bytes, p + 24) as u64;
        let name_len = u16_at(bytes, p + 28) as usize;
        let extra_len = u16_at(bytes, p + 30) as usize;
        let comment_len = u16_at(bytes, p + 32) as usize;
        let mut local_header_offset = u32_at(bytes, p + 42) as u64;
        let name_start = p + CENTRAL_LEN;
        let extra_start = name_start + name_len;
        let next = extra_start + extra_len + comment_len;
        if next > cd_end {
            return Err(bad(
                None,
                format!("central directory entry at byte {p} runs past the directory"),
            ));
        }
        let raw_name = &bytes[name_start..extra_start];
        let name = String::from_utf8_lossy(raw_name).into_owned();
        let extra = &bytes[extra_start..extra_start + extra_len];
        let need64 = [
            uncompressed_size == 0xFFFF_FFFF,
            compressed_size == 0xFFFF_FFFF,
            local_header_offset == 0xFFFF_FFFF,
        ];
        if need64.iter().any(|&b| b) {
            let field = zip64_extra(extra).ok_or_else(|| {
                bad(
                    Some(&name),
                    "sizes are marked zip64 but the zip64 extra field is missing",
                )
            })?;
            let mut at = 0;
            let mut take = || -> Result<u64, IoError> {
                let v = field
                    .get(at..at + 8)
                    .map(|s| u64_at(s, 0))
                    .ok_or_else(|| bad(Some(&name), "the zip64 extra field is too short"))?;
                at += 8;
                Ok(v)
            };
            if need64[0] {
                uncompressed_size = take()?;
            }
            if need64[1] {
                compressed_size = take()?;
            }
            if need64[2] {
                local_header_offset = take()?;
            }
        }
        entries.push(Entry {
            name,
            method,
            flags,
            crc32,
            compressed_size,
            uncompressed_size,
            local_header_offset,
        });
        p = next;
    }
    Ok(entries)
}

/// The data of the zip64 extended-information extra field, if present.
fn zip64_extra(extra: &[u8]) -> Option<&[u8]> {
    let mut p = 0;
    while p + 4 <= extra.len() {
        let id = u16_at(extra, p);
        let len = u16_at(extra, p + 2) as usize;
        let data = extra.get(p + 4..p + 4 + len)?;
        if id == ZIP64_EXTRA_ID {
            return Some(data);
        }
        p += 4 + len;
    }
    None
}

/// The byte range of a member's (compressed) data, checked against the file.
pub(crate) fn data_range(bytes: &[u8], e: &Entry) -> Result<Range<usize>, IoError> {
    let out_of_file = || {
        bad(
            Some(&e.name),
            format!(
                "its local header at byte {} and {} data bytes run past the end of the \
                 {}-byte file (truncated?)",
                e.local_header_offset,
                e.compressed_size,
                bytes.len()
            ),
        )
    };
    let h = usize::try_from(e.local_header_offset).map_err(|_| out_of_file())?;
    if h.checked_add(LOCAL_LEN).is_none_or(|end| end > bytes.len()) {
        return Err(out_of_file());
    }
    if &bytes[h..h + 4] != LOCAL_SIG {
        return Err(bad(
            Some(&e.name),
            format!("no local file header at byte {h}, where the directory points"),
        ));
    }
    let name_len = u16_at(bytes, h + 26) as usize;
    let extra_len = u16_at(bytes, h + 28) as usize;
    let start = h + LOCAL_LEN + name_len + extra_len;
    let end = usize::try_from(e.compressed_size)
        .ok()
        .and_then(|n| start.checked_add(n))
        .filter(|&end| end <= bytes.len())
        .ok_or_else(out_of_file)?;
    Ok(start..end)
}

/// CRC-32 (the zip polynomial) of some byte slices, in order.
pub(crate) fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = flate2::Crc::new();
    for p in parts {
        crc.update(p);
    }
    crc.sum()
}

struct Written {
    name: String,
    method: u16,
    crc32: u32,
    compressed_size: u64,
    uncompressed_size: u64,
    offset: u64,
}

/// Writes a zip archive member by member. Timestamps are fixed at 1980-01-01 so the
/// same arrays always give the same bytes.
pub(crate) struct ZipWriter<W: Write> {
    w: W,
    offset: u64,
    written: Vec<Written>,
    /// Sizes and offsets at or above this use zip64 fields (`u32::MAX` in real use;
    /// tests lower it to exercise zip64 with small data).
    zip64_threshold: u64,
}

const DOS_DATE_1980_01_01: u16 = (1 << 5) | 1;

impl<W: Write> ZipWriter<W> {
    pub fn new(w: W) -> ZipWriter<W> {
        ZipWriter {
            w,
            offset: 0,
            written: Vec::new(),
            zip64_threshold: u32::MAX as u64,
        }
    }

    #[cfg(test)]
    fn with_zip64_threshold(mut self, t: u64) -> ZipWriter<W> {
        self.zip64_threshold = t;
        self
    }

    fn put(&mut self, b: &[u8]) -> io::Result<()> {
        self.w.write_all(b)?;
        self.offset += b.len() as u64;
        Ok(())
    }

    /// Adds a member whose (already compressed, for `DEFLATED`) payload is `parts`
    /// concatenated; `crc32` and `uncompressed_size` describe the uncompressed content.
    pub fn add(
        &mut self,
        name: &str,
        method: u16,
        crc32: u32,
        uncompressed_size: u64,
        parts: &[&[u8]],
    ) -> io::Result<()> {
        let compressed_size: u64 = parts.iter().map(|p| p.len() as u64).sum();
        let offset = self.offset;
        let big =
            uncompressed_size >= self.zip64_threshold || compressed_size >= self.zip64_threshold;
        let flags: u16 = if name.is_ascii() { 0 } else { 1 << 11 };
        let mut h = Vec::with_capacity(LOCAL_LEN + name.len() + 20);
        h.extend_from_slice(LOCAL_SIG);
        h.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        h.extend_from_slice(&flags.to_le_bytes());
        h.extend_from_slice(&method.to_le_bytes());
        h.extend_from_slice(&0u16.to_le_bytes());
        h.extend_from_slice(&DOS_DATE_1980_01_01.to_le_bytes());
        h.extend_from_slice(&crc32.to_le_bytes());
        if big {
            h.extend_from_slice(&u32::MAX.to_le_bytes());
            h.extend_from_slice(&u32::MAX.to_le_bytes());
        } else {
            h.extend_from_slice(&(compressed_size as u32).to_le_bytes());
            h.extend_from_slice(&(uncompressed_size as u32).to_le_bytes());
        }
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&(if big { 20u16 } else { 0 }).to_le_bytes());
        h.extend_from_slice(name.as_bytes());
        if big {
            h.extend_from_slice(&ZIP64_EXTRA_ID.to_le_bytes());
            h.extend_from_slice(&16u16.to_le_bytes());
            h.extend_from_slice(&uncompressed_size.to_le_bytes());
            h.extend_from_slice(&compressed_size.to_le_bytes());
        }
        self.put(&h)?;
        for p in parts {
            self.put(p)?;
        }
        self.written.push(Written {
            name: name.to_string(),
            method,
            crc32,
            compressed_size,
            uncompressed_size,
            offset,
        });
        Ok(())
    }

    /// Writes the central directory and end records; returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        let cd_start = self.offset;
        let t = self.zip64_threshold;
        let written = std::mem::take(&mut self.written);
        for e in &written {
            let mut extra = Vec::new();
            let mut field32 = |v: u64| -> u32 {
                if v >= t {
                    extra.extend_from_slice(&v.to_le_bytes());
                    u32::MAX
                } else {
                    v as u32
                }
            };
            // The zip64 extra field holds the overflowing values in this fixed order.
            let usize32 = field32(e.uncompressed_size);
            let csize32 = field32(e.compressed_size);
            let off32 = field32(e.offset);
            let big = !extra.is_empty();
            let flags: u16 = if e.name.is_ascii() { 0 } else { 1 << 11 };
            let version: u16 = if big { 45 } else { 20 };
            let mut c = Vec::with_capacity(CENTRAL_LEN + e.name.len() + 28);
            c.extend_from_slice(CENTRAL_SIG);
            c.extend_from_slice(&(0x0300 | version).to_le_bytes()); // made by: Unix
            c.extend_from_slice(&version.to_le_bytes());
            c.extend_from_slice(&flags.to_le_bytes());
            c.extend_from_slice(&e.method.to_le_bytes());
            c.extend_from_slice(&0u16.to_le_bytes());
            c.extend_from_slice(&DOS_DATE_1980_01_01.to_le_bytes());
            c.extend_from_slice(&e.crc32.to_le_bytes());
            c.extend_from_slice(&csize32.to_le_bytes());
            c.extend_from_slice(&usize32.to_le_bytes());
            c.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            let extra_len = if big { 4 + extra.len() } else { 0 };
            c.extend_from_slice(&(extra_len as u16).to_le_bytes());
            c.extend_from_slice(&0u16.to_le_bytes()); // comment
            c.extend_from_slice(&0u16.to_le_bytes()); // disk
            c.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            c.extend_from_slice(&(0o100644u32 << 16).to_le_bytes()); // regular file, rw-r--r--
            c.extend_from_slice(&off32.to_le_bytes());
            c.extend_from_slice(e.name.as_bytes());
            if big {
                c.extend_from_slice(&ZIP64_EXTRA_ID.to_le_bytes());
                c.extend_from_slice(&(extra.len() as u16).to_le_bytes());
                c.extend_from_slice(&extra);
            }
            self.put(&c)?;
        }
        let cd_size = self.offset - cd_start;
        let count = written.len() as u64;
        let zip64 = count >= 0xFFFF.min(t) || cd_size >= t || cd_start >= t;
        if zip64 {
            let rec_offset = self.offset;
            let mut r = Vec::with_capacity(ZIP64_EOCD_LEN + ZIP64_LOCATOR_LEN);
            r.extend_from_slice(ZIP64_EOCD_SIG);
            r.extend_from_slice(&((ZIP64_EOCD_LEN - 12) as u64).to_le_bytes());
            r.extend_from_slice(&(0x0300u16 | 45).to_le_bytes());
            r.extend_from_slice(&45u16.to_le_bytes());
            r.extend_from_slice(&0u32.to_le_bytes());
            r.extend_from_slice(&0u32.to_le_bytes());
            r.extend_from_slice(&count.to_le_bytes());
            r.extend_from_slice(&count.to_le_bytes());
            r.extend_from_slice(&cd_size.to_le_bytes());
            r.extend_from_slice(&cd_start.to_le_bytes());
            r.extend_from_slice(ZIP64_LOCATOR_SIG);
            r.extend_from_slice(&0u32.to_le_bytes());
            r.extend_from_slice(&rec_offset.to_le_bytes());
            r.extend_from_slice(&1u32.to_le_bytes());
            self.put(&r)?;
        }
        let mut end = Vec::with_capacity(EOCD_LEN);
        end.extend_from_slice(EOCD_SIG);
        end.extend_from_slice(&0u16.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        let count16 = if zip64 { 0xFFFF } else { count as u16 };
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&(if zip64 { u32::MAX } else { cd_size as u32 }).to_le_bytes());
        end.extend_from_slice(&(if zip64 { u32::MAX } else { cd_start as u32 }).to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.put(&end)?;
        self.w.flush()?;
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(threshold: u64) -> Vec<u8> {
        let mut z = ZipWriter::new(Vec::new()).with_zip64_threshold(threshold);
        z.add("a.npy", STORED, crc32(&[b"hello"]), 5, &[b"hel", b"lo"])
            .unwrap();
        z.add("é.npy", STORED, crc32(&[b""]), 0, &[]).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn round_trip_plain_and_zip64() {
        for threshold in [u32::MAX as u64, 1] {
            let bytes = archive(threshold);
            let entries = central_directory(&bytes).unwrap();
            assert_eq!(entries.len(), 2);
            assert_eq!(entries[0].name, "a.npy");
            assert_eq!(entries[1].name, "é.npy");
            let r = data_range(&bytes, &entries[0]).unwrap();
            assert_eq!(&bytes[r], b"hello");
            assert_eq!(entries[0].crc32, crc32(&[b"hello"]));
            assert_eq!(entries[0].uncompressed_size, 5);
            let r = data_range(&bytes, &entries[1]).unwrap();
            assert!(r.is_empty());
        }
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        for threshold in [u32::MAX as u64, 1] {
            let bytes = archive(threshold);
            for cut in 0..bytes.len() {
                let b = &bytes[..cut];
                if let Ok(entries) = central_directory(b) {
                    for e in &entries {
                        let _ = data_range(b, e);
                    }
                }
            }
        }
    }
}
