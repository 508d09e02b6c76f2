//! Bounded integers: [`IntDType`], [`IntArray`] and NumPy's two algorithms.
//!
//! `Generator.integers` uses Lemire's multiply-and-reject; legacy `randint` uses
//! masked rejection. Both work on the unsigned type of the output dtype, draw 8 and
//! 16-bit values from a buffered 32-bit word, draw from 32 bits whenever the range
//! fits (even for 64-bit dtypes), and special-case the full range. Which raw draws
//! are consumed, and when a value is rejected, all follow NumPy so streams match.
//!
//! ```
//! use ndplay_random::{default_rng, IntArray, IntDType};
//!
//! let mut rng = default_rng(0u64).unwrap();
//! // np.random.default_rng(0).integers(0, 10, 5, dtype=np.uint8)
//! let v = rng.integers(0, 10, &[5], IntDType::U8, false).unwrap();
//! assert_eq!(v, IntArray::U8(vec![3, 5, 7, 8, 8]));
//! ```

use crate::bit_generator::BitGenerator;
use crate::distributions::gen_mask;
use crate::error::{RandomError, Result};

/// The integer dtypes `integers` and `randint` can produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntDType {
    /// `np.bool`
    Bool,
    /// `np.int8`
    I8,
    /// `np.int16`
    I16,
    /// `np.int32`
    I32,
    /// `np.int64` (NumPy's default for `integers` and, on Linux, `randint`)
    I64,
    /// `np.uint8`
    U8,
    /// `np.uint16`
    U16,
    /// `np.uint32`
    U32,
    /// `np.uint64`
    U64,
}

impl IntDType {
    /// Bytes per element.
    pub fn itemsize(self) -> usize {
        match self {
            IntDType::Bool | IntDType::I8 | IntDType::U8 => 1,
            IntDType::I16 | IntDType::U16 => 2,
            IntDType::I32 | IntDType::U32 => 4,
            IntDType::I64 | IntDType::U64 => 8,
        }
    }

    /// Every dtype, in NumPy's order of `np.sctypes` (bool first).
    pub const ALL: [IntDType; 9] = [
        IntDType::Bool,
        IntDType::I8,
        IntDType::I16,
        IntDType::I32,
        IntDType::I64,
        IntDType::U8,
        IntDType::U16,
        IntDType::U32,
        IntDType::U64,
    ];

    /// NumPy's name (`"int8"`, `"uint64"`, `"bool"`).
    pub fn name(self) -> &'static str {
        match self {
            IntDType::Bool => "bool",
            IntDType::I8 => "int8",
            IntDType::I16 => "int16",
            IntDType::I32 => "int32",
            IntDType::I64 => "int64",
            IntDType::U8 => "uint8",
            IntDType::U16 => "uint16",
            IntDType::U32 => "uint32",
            IntDType::U64 => "uint64",
        }
    }

    /// Parse NumPy's name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Smallest representable value.
    pub fn min(self) -> i128 {
        match self {
            IntDType::I8 => i128::from(i8::MIN),
            IntDType::I16 => i128::from(i16::MIN),
            IntDType::I32 => i128::from(i32::MIN),
            IntDType::I64 => i128::from(i64::MIN),
            _ => 0,
        }
    }

    /// Largest representable value.
    pub fn max(self) -> i128 {
        match self {
            IntDType::Bool => 1,
            IntDType::I8 => i128::from(i8::MAX),
            IntDType::I16 => i128::from(i16::MAX),
            IntDType::I32 => i128::from(i32::MAX),
            IntDType::I64 => i128::from(i64::MAX),
            IntDType::U8 => i128::from(u8::MAX),
            IntDType::U16 => i128::from(u16::MAX),
            IntDType::U32 => i128::from(u32::MAX),
            IntDType::U64 => i128::from(u64::MAX),
        }
    }
}

/// A flat vector of integers of one [`IntDType`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntArray {
    /// `bool` values.
    Bool(Vec<bool>),
    /// `int8` values.
    I8(Vec<i8>),
    /// `int16` values.
    I16(Vec<i16>),
    /// `int32` values.
    I32(Vec<i32>),
    /// `int64` values.
    I64(Vec<i64>),
    /// `uint8` values.
    U8(Vec<u8>),
    /// `uint16` values.
    U16(Vec<u16>),
    /// `uint32` values.
    U32(Vec<u32>),
    /// `uint64` values.
    U64(Vec<u64>),
}

impl IntArray {
    /// The dtype of the values.
    pub fn dtype(&self) -> IntDType {
        match self {
            IntArray::Bool(_) => IntDType::Bool,
            IntArray::I8(_) => IntDType::I8,
            IntArray::I16(_) => IntDType::I16,
            IntArray::I32(_) => IntDType::I32,
            IntArray::I64(_) => IntDType::I64,
            IntArray::U8(_) => IntDType::U8,
            IntArray::U16(_) => IntDType::U16,
            IntArray::U32(_) => IntDType::U32,
            IntArray::U64(_) => IntDType::U64,
        }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            IntArray::Bool(v) => v.len(),
            IntArray::I8(v) => v.len(),
            IntArray::I16(v) => v.len(),
            IntArray::I32(v) => v.len(),
            IntArray::I64(v) => v.len(),
            IntArray::U8(v) => v.len(),
            IntArray::U16(v) => v.len(),
            IntArray::U32(v) => v.len(),
            IntArray::U64(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every value widened to `i128` (lossless for all dtypes).
    pub fn to_i128(&self) -> Vec<i128> {
        fn w<T: Copy + Into<i128>>(v: &[T]) -> Vec<i128> {
            v.iter().map(|&x| x.into()).collect()
        }
        match self {
            IntArray::Bool(v) => v.iter().map(|&b| i128::from(b)).collect(),
            IntArray::I8(v) => w(v),
            IntArray::I16(v) => w(v),
            IntArray::I32(v) => w(v),
            IntArray::I64(v) => w(v),
            IntArray::U8(v) => w(v),
            IntArray::U16(v) => w(v),
            IntArray::U32(v) => w(v),
            IntArray::U64(v) => w(v),
        }
    }
}

/// Which rejection method to use (NumPy's `use_masked`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// Lemire's method (`Generator`).
    Lemire,
    /// Masked rejection (legacy `RandomState`).
    Masked,
}

/// The interval and dtype of one `integers`/`randint` call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    pub low: i128,
    pub high: i128,
    pub dtype: IntDType,
    /// Whether `high` is inclusive.
    pub endpoint: bool,
}

/// Validate `[low, high)` (or `[low, high]`) for `dtype` and draw `cnt` values.
pub(crate) fn bounded_integers<B: BitGenerator + ?Sized>(
    bg: &mut B,
    method_name: &'static str,
    bounds: Bounds,
    cnt: usize,
    method: Method,
) -> Result<IntArray> {
    let Bounds {
        low,
        high,
        dtype,
        endpoint,
    } = bounds;
    if cnt == 0 {
        // NumPy returns an empty array before looking at the bounds.
        return Ok(empty(dtype));
    }
    let high_incl = if endpoint {
        high
    } else {
        high.saturating_sub(1)
    };
    if low < dtype.min() {
        return Err(RandomError::LowOutOfBounds {
            method: method_name,
            low,
            dtype: dtype.name(),
            min: dtype.min(),
        });
    }
    if high_incl > dtype.max() {
        return Err(RandomError::HighOutOfBounds {
            method: method_name,
            high,
            endpoint,
            dtype: dtype.name(),
            max: dtype.max(),
        });
    }
    if low > high_incl {
        let rule = match (low == 0, endpoint) {
            (true, true) => "high < 0",
            (true, false) => "high <= 0",
            (false, true) => "low > high",
            (false, false) => "low >= high",
        };
        return Err(RandomError::EmptyRange {
            method: method_name,
            rule,
            low,
            high,
            endpoint,
            fix: if endpoint { ">=" } else { ">" },
        });
    }
    // Both bounds fit the dtype, so the span fits its unsigned twin; `off` is the
    // two's-complement image of `low`.
    let rng = (high_incl - low) as u64;
    let off = low as i64 as u64;
    Ok(match dtype {
        IntDType::Bool => IntArray::Bool(fill_bool(bg, off != 0, rng != 0, cnt)),
        IntDType::I8 => IntArray::I8(
            fill_u8(bg, off as u8, rng as u8, cnt, method)
                .into_iter()
                .map(|v| v as i8)
                .collect(),
        ),
        IntDType::U8 => IntArray::U8(fill_u8(bg, off as u8, rng as u8, cnt, method)),
        IntDType::I16 => IntArray::I16(
            fill_u16(bg, off as u16, rng as u16, cnt, method)
                .into_iter()
                .map(|v| v as i16)
                .collect(),
        ),
        IntDType::U16 => IntArray::U16(fill_u16(bg, off as u16, rng as u16, cnt, method)),
        IntDType::I32 => IntArray::I32(
            fill_u32(bg, off as u32, rng as u32, cnt, method)
                .into_iter()
                .map(|v| v as i32)
                .collect(),
        ),
        IntDType::U32 => IntArray::U32(fill_u32(bg, off as u32, rng as u32, cnt, method)),
        IntDType::I64 => IntArray::I64(
            fill_u64(bg, off, rng, cnt, method)
                .into_iter()
                .map(|v| v as i64)
                .collect(),
        ),
        IntDType::U64 => IntArray::U64(fill_u64(bg, off, rng, cnt, method)),
    })
}

/// `integers`/`randint` with array bounds (NumPy's `_rand_<type>_broadcast`): one value
/// per `(lows[i], highs[i])` pair, already broadcast to the output's shape. Every bound is
/// checked before anything is drawn. Dtypes of 32 bits and fewer share one buffered word
/// across all the elements, as NumPy's loop does; 64-bit dtypes draw each value on its
/// own (`random_bounded_uint64`).
pub(crate) fn bounded_integers_each<B: BitGenerator + ?Sized>(
    bg: &mut B,
    method_name: &'static str,
    lows: &[i128],
    highs: &[i128],
    dtype: IntDType,
    endpoint: bool,
    method: Method,
) -> Result<IntArray> {
    let inclusive = |h: i128| if endpoint { h } else { h.saturating_sub(1) };
    if let Some(&low) = lows.iter().find(|&&l| l < dtype.min()) {
        return Err(RandomError::LowOutOfBounds {
            method: method_name,
            low,
            dtype: dtype.name(),
            min: dtype.min(),
        });
    }
    if let Some(&high) = highs.iter().find(|&&h| inclusive(h) > dtype.max()) {
        return Err(RandomError::HighOutOfBounds {
            method: method_name,
            high,
            endpoint,
            dtype: dtype.name(),
            max: dtype.max(),
        });
    }
    if let Some((&low, &high)) = lows.iter().zip(highs).find(|&(&l, &h)| l > inclusive(h)) {
        return Err(RandomError::EmptyRange {
            method: method_name,
            rule: if endpoint {
                "low > high"
            } else {
                "low >= high"
            },
            low,
            high,
            endpoint,
            fix: if endpoint { ">=" } else { ">" },
        });
    }
    let mut buffer = Buffer::default();
    let values: Vec<i128> = lows
        .iter()
        .zip(highs)
        .map(|(&low, &high)| {
            let rng = (inclusive(high) - low) as u64;
            let off = low as i64 as u64;
            let drawn: u64 = match dtype.itemsize() {
                8 => return i128::from(bounded_u64(bg, off, rng, method) as i64),
                _ if rng == 0 => 0,
                4 => u64::from(bounded_one(
                    &mut || bg.next_u32(),
                    rng as u32,
                    u32::MAX,
                    gen_mask(rng) as u32,
                    method,
                    lemire_u32,
                )),
                2 => u64::from(bounded_one(
                    &mut || buffer.next_u16(bg),
                    rng as u16,
                    u16::MAX,
                    gen_mask(rng) as u16,
                    method,
                    lemire_u16,
                )),
                _ if dtype == IntDType::Bool => u64::from(buffer.next_bit(bg)),
                _ => u64::from(bounded_one(
                    &mut || buffer.next_u8(bg),
                    rng as u8,
                    u8::MAX,
                    gen_mask(rng) as u8,
                    method,
                    lemire_u8,
                )),
            };
            // The offset is added in the dtype's own width, wrapping as NumPy's does.
            i128::from(off.wrapping_add(drawn) as i64)
        })
        .collect();
    Ok(from_wrapped(dtype, &values))
}

/// One value in `[0, r]` drawn through `next` (NumPy's `buffered_bounded_*` for one
/// element): the full range is a raw draw, anything narrower Lemire's method or masked
/// rejection.
fn bounded_one<T>(
    next: &mut dyn FnMut() -> T,
    r: T,
    full: T,
    mask: T,
    method: Method,
    lemire: fn(&mut dyn FnMut() -> T, T) -> T,
) -> T
where
    T: Copy + PartialOrd + std::ops::BitAnd<Output = T>,
{
    if r == full {
        return next();
    }
    match method {
        Method::Lemire => lemire(next, r),
        Method::Masked => masked(next, r, |x| x & mask),
    }
}

/// Values computed in 64-bit two's complement, narrowed to `dtype` (`as` truncates and
/// reinterprets exactly as NumPy's C casts do).
fn from_wrapped(dtype: IntDType, v: &[i128]) -> IntArray {
    match dtype {
        IntDType::Bool => IntArray::Bool(v.iter().map(|&x| x as u8 & 1 != 0).collect()),
        IntDType::I8 => IntArray::I8(v.iter().map(|&x| x as i8).collect()),
        IntDType::I16 => IntArray::I16(v.iter().map(|&x| x as i16).collect()),
        IntDType::I32 => IntArray::I32(v.iter().map(|&x| x as i32).collect()),
        IntDType::I64 => IntArray::I64(v.iter().map(|&x| x as i64).collect()),
        IntDType::U8 => IntArray::U8(v.iter().map(|&x| x as u8).collect()),
        IntDType::U16 => IntArray::U16(v.iter().map(|&x| x as u16).collect()),
        IntDType::U32 => IntArray::U32(v.iter().map(|&x| x as u32).collect()),
        IntDType::U64 => IntArray::U64(v.iter().map(|&x| x as i64 as u64).collect()),
    }
}

fn empty(dtype: IntDType) -> IntArray {
    match dtype {
        IntDType::Bool => IntArray::Bool(Vec::new()),
        IntDType::I8 => IntArray::I8(Vec::new()),
        IntDType::I16 => IntArray::I16(Vec::new()),
        IntDType::I32 => IntArray::I32(Vec::new()),
        IntDType::I64 => IntArray::I64(Vec::new()),
        IntDType::U8 => IntArray::U8(Vec::new()),
        IntDType::U16 => IntArray::U16(Vec::new()),
        IntDType::U32 => IntArray::U32(Vec::new()),
        IntDType::U64 => IntArray::U64(Vec::new()),
    }
}

/// A 32-bit word handed out 8 or 16 bits at a time, lowest bits first.
/// NumPy keeps one per fill call, never across calls.
#[derive(Default)]
struct Buffer {
    buf: u32,
    remaining: u32,
}

impl Buffer {
    fn next_u16<B: BitGenerator + ?Sized>(&mut self, bg: &mut B) -> u16 {
        if self.remaining == 0 {
            self.buf = bg.next_u32();
            self.remaining = 1;
        } else {
            self.buf >>= 16;
            self.remaining -= 1;
        }
        self.buf as u16
    }

    fn next_u8<B: BitGenerator + ?Sized>(&mut self, bg: &mut B) -> u8 {
        if self.remaining == 0 {
            self.buf = bg.next_u32();
            self.remaining = 3;
        } else {
            self.buf >>= 8;
            self.remaining -= 1;
        }
        self.buf as u8
    }

    fn next_bit<B: BitGenerator + ?Sized>(&mut self, bg: &mut B) -> bool {
        if self.remaining == 0 {
            self.buf = bg.next_u32();
            self.remaining = 31;
        } else {
            self.buf >>= 1;
            self.remaining -= 1;
        }
        self.buf & 1 != 0
    }
}

fn lemire_u64<B: BitGenerator + ?Sized>(bg: &mut B, rng: u64) -> u64 {
    let rng_excl = rng + 1;
    let mut m = u128::from(bg.next_u64()) * u128::from(rng_excl);
    let mut leftover = m as u64;
    if leftover < rng_excl {
        let threshold = (u64::MAX - rng) % rng_excl;
        while leftover < threshold {
            m = u128::from(bg.next_u64()) * u128::from(rng_excl);
            leftover = m as u64;
        }
    }
    (m >> 64) as u64
}

fn lemire_u32(next: &mut dyn FnMut() -> u32, rng: u32) -> u32 {
    let rng_excl = rng + 1;
    let mut m = u64::from(next()) * u64::from(rng_excl);
    let mut leftover = m as u32;
    if leftover < rng_excl {
        let threshold = (u32::MAX - rng) % rng_excl;
        while leftover < threshold {
            m = u64::from(next()) * u64::from(rng_excl);
            leftover = m as u32;
        }
    }
    (m >> 32) as u32
}

fn lemire_u16(next: &mut dyn FnMut() -> u16, rng: u16) -> u16 {
    let rng_excl = rng + 1;
    let mut m = u32::from(next()) * u32::from(rng_excl);
    let mut leftover = m as u16;
    if leftover < rng_excl {
        let threshold = (u16::MAX - rng) % rng_excl;
        while leftover < threshold {
            m = u32::from(next()) * u32::from(rng_excl);
            leftover = m as u16;
        }
    }
    (m >> 16) as u16
}

fn lemire_u8(next: &mut dyn FnMut() -> u8, rng: u8) -> u8 {
    let rng_excl = rng + 1;
    let mut m = u16::from(next()) * u16::from(rng_excl);
    let mut leftover = m as u8;
    if leftover < rng_excl {
        let threshold = (u8::MAX - rng) % rng_excl;
        while leftover < threshold {
            m = u16::from(next()) * u16::from(rng_excl);
            leftover = m as u8;
        }
    }
    (m >> 8) as u8
}

fn masked<T: Copy + PartialOrd>(next: &mut dyn FnMut() -> T, rng: T, and: impl Fn(T) -> T) -> T {
    loop {
        let v = and(next());
        if v <= rng {
            return v;
        }
    }
}

/// `random_bounded_uint64`: one value in `[off, off + rng]` (wrapping), no buffer
/// shared with other calls. `Generator.choice` draws its Floyd samples this way.
pub(crate) fn bounded_u64<B: BitGenerator + ?Sized>(
    bg: &mut B,
    off: u64,
    rng: u64,
    method: Method,
) -> u64 {
    let v = if rng == 0 {
        0
    } else if rng < 0xffff_ffff {
        let r = rng as u32;
        let mut next = || bg.next_u32();
        u64::from(match method {
            Method::Lemire => lemire_u32(&mut next, r),
            Method::Masked => {
                let mask = gen_mask(rng) as u32;
                masked(&mut next, r, |x| x & mask)
            }
        })
    } else if rng == 0xffff_ffff {
        u64::from(bg.next_u32())
    } else if rng == u64::MAX {
        bg.next_u64()
    } else {
        match method {
            Method::Lemire => lemire_u64(bg, rng),
            Method::Masked => {
                let mask = gen_mask(rng);
                masked(&mut || bg.next_u64(), rng, |x| x & mask)
            }
        }
    };
    off.wrapping_add(v)
}

/// `random_bounded_uint64_fill`.
pub(crate) fn fill_u64<B: BitGenerator + ?Sized>(
    bg: &mut B,
    off: u64,
    rng: u64,
    cnt: usize,
    method: Method,
) -> Vec<u64> {
    if rng == 0 {
        return vec![off; cnt];
    }
    if rng <= 0xffff_ffff {
        if rng == 0xffff_ffff {
            return (0..cnt)
                .map(|_| off.wrapping_add(u64::from(bg.next_u32())))
                .collect();
        }
        let r = rng as u32;
        let mask = gen_mask(rng) as u32;
        let mut next = || bg.next_u32();
        return (0..cnt)
            .map(|_| {
                let v = match method {
                    Method::Lemire => lemire_u32(&mut next, r),
                    Method::Masked => masked(&mut next, r, |x| x & mask),
                };
                off.wrapping_add(u64::from(v))
            })
            .collect();
    }
    if rng == u64::MAX {
        return (0..cnt).map(|_| off.wrapping_add(bg.next_u64())).collect();
    }
    let mask = gen_mask(rng);
    (0..cnt)
        .map(|_| {
            let v = match method {
                Method::Lemire => lemire_u64(bg, rng),
                Method::Masked => masked(&mut || bg.next_u64(), rng, |x| x & mask),
            };
            off.wrapping_add(v)
        })
        .collect()
}

/// `random_bounded_uint32_fill`.
fn fill_u32<B: BitGenerator + ?Sized>(
    bg: &mut B,
    off: u32,
    rng: u32,
    cnt: usize,
    method: Method,
) -> Vec<u32> {
    if rng == 0 {
        return vec![off; cnt];
    }
    if rng == u32::MAX {
        return (0..cnt).map(|_| off.wrapping_add(bg.next_u32())).collect();
    }
    let mask = gen_mask(u64::from(rng)) as u32;
    let mut next = || bg.next_u32();
    (0..cnt)
        .map(|_| {
            let v = match method {
                Method::Lemire => lemire_u32(&mut next, rng),
                Method::Masked => masked(&mut next, rng, |x| x & mask),
            };
            off.wrapping_add(v)
        })
        .collect()
}

/// `random_bounded_uint16_fill` (16-bit values from a buffered 32-bit draw).
fn fill_u16<B: BitGenerator + ?Sized>(
    bg: &mut B,
    off: u16,
    rng: u16,
    cnt: usize,
    method: Method,
) -> Vec<u16> {
    if rng == 0 {
        return vec![off; cnt];
    }
    let mut buffer = Buffer::default();
    let mut next = || buffer.next_u16(bg);
    if rng == u16::MAX {
        return (0..cnt).map(|_| off.wrapping_add(next())).collect();
    }
    let mask = gen_mask(u64::from(rng)) as u16;
    (0..cnt)
        .map(|_| {
            let v = match method {
                Method::Lemire => lemire_u16(&mut next, rng),
                Method::Masked => masked(&mut next, rng, |x| x & mask),
            };
            off.wrapping_add(v)
        })
        .collect()
}

/// `random_bounded_uint8_fill` (8-bit values from a buffered 32-bit draw).
fn fill_u8<B: BitGenerator + ?Sized>(
    bg: &mut B,
    off: u8,
    rng: u8,
    cnt: usize,
    method: Method,
) -> Vec<u8> {
    if rng == 0 {
        return vec![off; cnt];
    }
    let mut buffer = Buffer::default();
    let mut next = || buffer.next_u8(bg);
    if rng == u8::MAX {
        return (0..cnt).map(|_| off.wrapping_add(next())).collect();
    }
    let mask = gen_mask(u64::from(rng)) as u8;
    (0..cnt)
        .map(|_| {
            let v = match method {
                Method::Lemire => lemire_u8(&mut next, rng),
                Method::Masked => masked(&mut next, rng, |x| x & mask),
            };
            off.wrapping_add(v)
        })
        .collect()
}

/// `random_bounded_bool_fill`: one bit per value from a buffered 32-bit draw.
fn fill_bool<B: BitGenerator + ?Sized>(bg: &mut B, off: bool, rng: bool, cnt: usize) -> Vec<bool> {
    if !rng {
        return vec![off; cnt];
    }
    let mut buffer = Buffer::default();
    (0..cnt).map(|_| buffer.next_bit(bg)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(gen_mask(1), 1);
        assert_eq!(gen_mask(5), 7);
        assert_eq!(gen_mask(8), 15);
        assert_eq!(gen_mask(u64::MAX), u64::MAX);
    }

    /// Array bounds draw element by element, as NumPy 2.4.6 does:
    /// `np.random.default_rng(7).integers(...)` printed these.
    #[test]
    fn array_bounds_match_numpy() {
        let draw = |lows: &[i128], highs: &[i128], dt| {
            crate::default_rng(7u64)
                .unwrap()
                .integers_each(lows, highs, dt, false)
                .unwrap()
                .to_i128()
        };
        assert_eq!(draw(&[1, 5, 10], &[20; 3], IntDType::I64), [18, 14, 16]);
        assert_eq!(
            draw(&[0; 4], &[3, 300, 3000, 1 << 40], IntDType::I64),
            [2, 187, 2052, 852_875_435_924]
        );
        // uint8 shares one buffered 32-bit word across the elements, full range included.
        assert_eq!(
            draw(&[0, 3, 0, 0, 100], &[2, 9, 255, 256, 101], IntDType::U8),
            [1, 4, 228, 241, 100]
        );
        let err = crate::default_rng(7u64)
            .unwrap()
            .integers_each(&[5, 3], &[4, 8], IntDType::I64, false)
            .unwrap_err();
        assert!(err.to_string().contains("low >= high"), "{err}");
    }

    #[test]
    fn dtype_names_round_trip() {
        for d in IntDType::ALL {
            assert_eq!(IntDType::from_name(d.name()), Some(d));
        }
    }
}
