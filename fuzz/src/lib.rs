//! The properties the fuzz targets (`fuzz_targets/*.rs`) check on every input.
//!
//! A parser may refuse an input, but it must never panic, and whatever it accepts must
//! be self-consistent and bounded by the input: a tensor holds exactly the bytes its
//! shape and element type need, those bytes came from the file (or, for deflated `.npz`
//! members, from at most what deflate can honestly expand them to), and the tensor's
//! data can be converted and iterated. A refusal's message is rendered too, since
//! that is also code hostile input reaches.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use ndplay_io::{ElemType, IoError, RawTensor, csv, npy, safetensors};

/// The system allocator, counting the bytes live and the most ever live at once, so a
/// target can check what one parse cost. (libFuzzer's own `-malloc_limit_mb` needs a
/// sanitizer's malloc hooks, and `-rss_limit_mb` sees only memory that was touched; an
/// untouched `Vec::with_capacity(claimed)` passes both.)
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every method forwards to the system allocator with the caller's arguments
// unchanged; the only additions are atomic counter updates, which cannot allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Memory any parse may use whatever its input: a header's text and parsed form, error
/// messages, small tables.
pub const FLOOR: usize = 1 << 20;

/// Runs `parse` on `input` and checks that the most memory live at once during it
/// (beyond what was live before) is at most `FLOOR + per_byte * input.len()`: memory
/// follows the bytes a file has, never the sizes it claims.
pub fn bounded<T>(input: &[u8], per_byte: usize, parse: impl FnOnce(&[u8]) -> T) -> T {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = parse(input);
    let used = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let limit = input.len().saturating_mul(per_byte).saturating_add(FLOOR);
    assert!(
        used <= limit,
        "parsing {} bytes had {used} bytes live at once (limit {limit})",
        input.len()
    );
    out
}

/// Deflate cannot expand data by more than about 1032:1 (the bound `npz` reserves by).
pub const MAX_DEFLATE_RATIO: usize = 1032;

/// How many bytes each parser may have live at once per input byte, beyond [`FLOOR`].
pub mod per_byte {
    /// `.npy`: the data is copied out of the input once.
    pub const NPY: usize = 2;
    /// `.npy` header: only the header is read, so nothing grows with the input.
    pub const NPY_HEADER: usize = 0;
    /// `.npz`: the archive is copied once; a deflated member inflates to at most what
    /// deflate can honestly expand its bytes to, and a growing buffer may briefly hold
    /// that twice over while it is moved into shared bytes.
    pub const NPZ: usize = 4 * super::MAX_DEFLATE_RATIO;
    /// `.safetensors`: the file is copied once, and its JSON header becomes a tree of
    /// values (tens of bytes for a one-byte `0,` in a list).
    pub const SAFETENSORS: usize = 64;
    /// CSV: eight bytes of float64 per cell, at most one cell per input byte (plus
    /// one), in a buffer that grows by doubling; plus the cells of one row.
    pub const CSV: usize = 64;

    /// An HTTP upload: parsed as the most expensive format (`.npz`), then its first
    /// tensor copied once into a writeable array (at most the inflated bytes again).
    pub const UPLOAD: usize = 2 * NPZ;
}

/// Renders a refusal's message; it must not panic and must say something.
pub fn refused(err: &IoError) {
    assert!(!err.to_string().is_empty(), "an empty error message");
}

/// Checks an accepted tensor whose data may be at most `max_data` bytes, and walks its
/// data through the public conversion: the C-order little-endian bytes, then each
/// element (as the number it is, for the numeric types).
pub fn tensor(t: &RawTensor, max_data: usize) {
    t.check()
        .expect("an accepted tensor holds exactly its shape's bytes");
    let count = t
        .element_count()
        .expect("an accepted shape cannot overflow");
    assert_eq!(count.checked_mul(t.elem.itemsize()), Some(t.data.len()));
    assert!(
        t.data.len() <= max_data,
        "{} data bytes from at most {max_data}",
        t.data.len()
    );
    assert!(
        t.shape.len() <= npy::MAX_DIMS,
        "{} dimensions",
        t.shape.len()
    );

    let le = t
        .to_c_order_le_bytes()
        .expect("an accepted tensor converts");
    assert_eq!(le.len(), t.data.len());
    walk(t.elem, &le);
}

/// Reads every element of C-order little-endian data and folds it into a value the
/// optimiser cannot drop.
fn walk(elem: ElemType, le: &[u8]) {
    let item = elem.itemsize();
    if item == 0 {
        assert!(le.is_empty());
        return;
    }
    assert_eq!(le.len() % item, 0);
    let mut acc = 0u64;
    for e in le.chunks_exact(item) {
        let bits = match elem {
            ElemType::F16 => half::f16::from_le_bytes([e[0], e[1]]).to_f64().to_bits(),
            ElemType::BF16 => half::bf16::from_le_bytes([e[0], e[1]]).to_f64().to_bits(),
            ElemType::F32 => f64::from(f32::from_le_bytes([e[0], e[1], e[2], e[3]])).to_bits(),
            ElemType::Unicode(_) => e
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .map(|u| char::from_u32(u).map_or(u64::MAX, u64::from))
                .fold(0, u64::wrapping_add),
            _ => e.iter().fold(0u64, |h, &b| h.rotate_left(8) ^ u64::from(b)),
        };
        acc = acc.wrapping_add(bits);
    }
    std::hint::black_box(acc);
}

/// An accepted `.npy` file: its header agrees with the tensor, its data came from the
/// input, and writing it back gives the same array.
pub fn npy_accepted(input: &[u8], t: &RawTensor) {
    let h = npy::parse_header(input).expect("the header of an accepted file parses");
    assert_eq!(
        (h.elem, h.byte_order, &h.shape, h.fortran_order),
        (t.elem, t.byte_order, &t.shape, t.fortran_order)
    );
    assert!(h.data_offset + h.data_len <= input.len());
    assert_eq!(t.data.as_bytes(), &input[h.data_offset..][..h.data_len]);
    tensor(t, input.len() - h.data_offset);
    let (elem, order) = ElemType::from_typestr(&t.typestr()).expect("its typestr parses");
    assert_eq!((elem, order), (t.elem, t.byte_order));
    // Writing it back (as `np.save` would) reads back as the same array. The memory
    // order flag may change: NumPy writes `fortran_order: False` for an array that is
    // both C- and Fortran-contiguous, such as one of shape (1, 3) or with no elements.
    let again = npy::to_bytes(t).expect("an accepted .npy tensor is writable");
    let back = ndplay_io::parse_npy_bytes(&again).expect("a written .npy reads back");
    assert_eq!(
        (back.elem, back.byte_order, &back.shape),
        (t.elem, t.byte_order, &t.shape)
    );
    assert_eq!(
        back.to_c_order_le_bytes().ok(),
        t.to_c_order_le_bytes().ok()
    );
}

/// A parsed `.npy` header: sizes bounded and overflow-free, and the whole-file parser
/// agrees with it about whether the data is there.
pub fn npy_header(input: &[u8], h: &npy::NpyHeader) {
    assert!(h.data_offset <= input.len());
    assert!(h.data_offset <= 12 + npy::MAX_HEADER_LEN);
    assert!(h.shape.len() <= npy::MAX_DIMS);
    let count = h.shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    assert_eq!(
        count.and_then(|n| n.checked_mul(h.elem.itemsize())),
        Some(h.data_len)
    );
    assert!(h.data_len <= isize::MAX as usize);
    let whole = ndplay_io::parse_npy_bytes(input);
    if input.len() - h.data_offset >= h.data_len {
        whole.expect("the data is all there");
    } else {
        let err = whole.expect_err("the data is short");
        assert!(matches!(err, IoError::TruncatedData { .. }), "{err}");
    }
}

/// Accepted `.npz` members: each a consistent tensor, no more of them than central
/// directory entries fit in the input, and all their data together no more than the
/// input's bytes could hold stored or honestly inflate to.
pub fn npz_accepted(input: &[u8], ts: &[RawTensor]) {
    const CENTRAL_ENTRY_LEN: usize = 46;
    assert!(ts.len() <= input.len() / CENTRAL_ENTRY_LEN);
    let bound = input.len().saturating_mul(MAX_DEFLATE_RATIO);
    let mut total = 0usize;
    for t in ts {
        assert!(t.name.is_some(), "an .npz member without a name");
        tensor(t, bound);
        total += t.data.len();
    }
    assert!(
        total <= bound,
        "{total} bytes of members from a {}-byte archive",
        input.len()
    );
}

/// An accepted `.safetensors` file: every tensor named, sorted by name, little-endian C
/// order, and the tensors tile the data buffer exactly.
pub fn safetensors_accepted(input: &[u8], st: &safetensors::Safetensors) {
    let header_len = u64::from_le_bytes(input[..8].try_into().expect("8 bytes")) as usize;
    let data_len = input.len() - 8 - header_len;
    let mut total = 0usize;
    for t in &st.tensors {
        assert!(t.name.is_some(), "a safetensors tensor without a name");
        assert!(!t.fortran_order);
        tensor(t, data_len);
        total += t.data.len();
    }
    assert_eq!(total, data_len, "the tensors do not tile the data buffer");
    assert!(st.tensors.windows(2).all(|w| w[0].name <= w[1].name));
}

/// An accepted CSV: a float64 `(rows, columns)` table of at most one cell per input
/// byte (plus one), whose values write back as CSV and read back the same.
pub fn csv_accepted(input: &[u8], table: &csv::CsvTable) {
    let t = &table.tensor;
    assert_eq!(t.elem, ElemType::F64);
    let [rows, cols] = t.shape[..] else {
        panic!("a CSV table of shape {:?}", t.shape)
    };
    tensor(t, 8 * (input.len() + 1));
    let values = table.values();
    assert_eq!(values.len(), rows * cols);
    assert!(values.len() <= input.len() + 1);
    if let Some(names) = &table.columns {
        assert_eq!(names.len(), cols);
    }
    assert!(matches!(table.delimiter, b',' | b';' | b'\t'));
    if rows == 0 {
        return;
    }
    let text = csv::to_string(t, &csv::CsvWriteOptions::default()).expect("a table writes");
    let back = csv::read_str(&text).expect("a written table reads back");
    assert_eq!(back.tensor.shape, t.shape, "{text:?}");
    for (a, b) in values.iter().zip(back.values()) {
        assert!(
            a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            "{a} became {b}"
        );
    }
}
