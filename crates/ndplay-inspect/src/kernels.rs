//! The fused pass: one read of a tensor's bytes gives its whole [`Stats`].
//!
//! Whole-tensor statistics do not depend on element order, so the kernels read the bytes
//! exactly as the file stores them: C or Fortran order, either byte order (big-endian
//! values are swapped as they are loaded, never copied whole).
//!
//! - **Typed.** The element type is matched once per tensor; every loop below is
//!   monomorphised for one Rust type, with no per-element dispatch.
//! - **Parallel and deterministic.** The bytes are cut into tasks of [`TASK`] elements
//!   that rayon spreads over the cores; the tasks' states are merged in order, so the
//!   result does not depend on the number of threads.
//! - **Vectorisable.** A task walks blocks of [`BLOCK`] elements (small enough to stay in
//!   L1). Pass one over a block keeps 16 independent lanes of finite count, `f64` sum,
//!   min and max, with non-finite values masked out by selects, which LLVM turns into
//!   SIMD; it also computes each value's histogram bin from its exponent bits and bumps
//!   one of four interleaved counter tables (four, so that runs of equal bins do not
//!   serialise on one counter). The explicit-SIMD `float32` pass counts raw keys (sign and
//!   exponent bits) instead, two elements per increment while a vector stays in a window
//!   of 32 exponents (the private `simd` module), and maps them to bins once per task. Pass two
//!   over the same, cached block sums squared deviations from the block mean, and the
//!   block's `(n, mean, M2)` joins the task state by Chan's merge. (The AVX-512 `float32`
//!   pass one also sums `x − s` and `(x − s)²` about the task's running mean `s`; when
//!   `M2 = Σd² − (Σd)²/n` loses at most one bit to cancellation, pass two is skipped.) NaN and ±Inf are told apart only in blocks that have any.
//! - **Zero-copy where possible.** Native-endian, aligned `float32`/`float64` data is
//!   viewed in place; everything else is decoded block by block into a stack buffer
//!   (`float16`/`bfloat16` widened to `float32`, complex numbers to their modulus `|z|`
//!   in `float64`, `bool` to 0/1).
//!
//! ```
//! use ndplay_inspect::kernels::stats_of_bytes;
//! use ndplay_io::{ByteOrder, ElemType};
//!
//! let bytes: Vec<u8> = [1.5f32, -2.0, f32::NAN, 0.0].iter().flat_map(|x| x.to_be_bytes()).collect();
//! let s = stats_of_bytes(ElemType::F32, ByteOrder::Big, &bytes, &|_| {});
//! assert_eq!((s.count, s.finite, s.nan, s.zeros), (4, 3, 1, 1));
//! assert_eq!(s.min.unwrap().as_f64(), -2.0);
//! ```

use half::slice::HalfFloatSliceExt;
use ndplay_io::{ByteOrder, ElemType};
use rayon::prelude::*;

use crate::simd::{self, KeyHist, Pass1, ZERO_KEY};
use crate::stats::{HIST_BINS, Stats, Value, ZERO_BIN, bin_of};

/// Elements per block: a block is read twice (sum, then squared deviations) and stays in
/// L1 between the two passes.
pub const BLOCK: usize = 2048;
/// Elements per parallel task.
pub const TASK: usize = BLOCK * 128;
/// Independent accumulator lanes of pass one.
const LANES: usize = 16;
/// Interleaved histogram counter tables.
const COPIES: usize = 4;
/// Kernel-only histogram slot for non-finite values (they are counted apart).
const NONFINITE: u8 = HIST_BINS as u8;

/// Statistics of `bytes`, the elements of a tensor of type `elem` in byte order `order`
/// (in any memory order). `progress` is called with the number of bytes done after each
/// task, from any thread. Fixed-width strings give [`Stats::non_numeric`].
pub fn stats_of_bytes(
    elem: ElemType,
    order: ByteOrder,
    bytes: &[u8],
    progress: &(dyn Fn(u64) + Sync),
) -> Stats {
    let big = elem.effective_order(order) == ByteOrder::Big;
    let native = elem.effective_order(order) == ByteOrder::NATIVE;
    let size = elem.itemsize();
    macro_rules! ints {
        ($t:ty, $n:literal) => {{
            if big {
                run(bytes, size, progress, |b| {
                    int_task::<$t>(b, $n, |s, d| decode(s, d, <$t>::from_be_bytes))
                })
            } else {
                run(bytes, size, progress, |b| {
                    int_task::<$t>(b, $n, |s, d| decode(s, d, <$t>::from_le_bytes))
                })
            }
        }};
    }
    match elem {
        ElemType::Unicode(_) => {
            let n = bytes.len().checked_div(size).unwrap_or(0);
            progress(bytes.len() as u64);
            Stats::non_numeric(n as u64)
        }
        ElemType::Bool => run(bytes, 1, progress, |b| {
            int_task::<u8>(b, 1, |s, d| {
                for (d, &x) in d.iter_mut().zip(s) {
                    *d = u8::from(x != 0);
                }
            })
        }),
        ElemType::I8 => ints!(i8, 1),
        ElemType::U8 => ints!(u8, 1),
        ElemType::I16 => ints!(i16, 2),
        ElemType::U16 => ints!(u16, 2),
        ElemType::I32 => ints!(i32, 4),
        ElemType::U32 => ints!(u32, 4),
        ElemType::I64 => ints!(i64, 8),
        ElemType::U64 => ints!(u64, 8),
        ElemType::F32 => run(bytes, 4, progress, |b| {
            if big {
                float_task::<f32>(b, false, 4, |s, d| decode(s, d, f32::from_be_bytes))
            } else {
                float_task::<f32>(b, native, 4, |s, d| decode(s, d, f32::from_le_bytes))
            }
        }),
        ElemType::F64 => run(bytes, 8, progress, |b| {
            if big {
                float_task::<f64>(b, false, 8, |s, d| decode(s, d, f64::from_be_bytes))
            } else {
                float_task::<f64>(b, native, 8, |s, d| decode(s, d, f64::from_le_bytes))
            }
        }),
        ElemType::F16 => run(bytes, 2, progress, |b| {
            float_task::<f32>(b, false, 2, |s, d| {
                let mut halves = [half::f16::ZERO; BLOCK];
                let h = &mut halves[..d.len()];
                if big {
                    decode(s, h, |x| half::f16::from_bits(u16::from_be_bytes(x)));
                } else {
                    decode(s, h, |x| half::f16::from_bits(u16::from_le_bytes(x)));
                }
                h.convert_to_f32_slice(d);
            })
        }),
        ElemType::BF16 => run(bytes, 2, progress, |b| {
            float_task::<f32>(b, false, 2, |s, d| {
                if big {
                    decode(s, d, |x| {
                        f32::from_bits(u32::from(u16::from_be_bytes(x)) << 16)
                    });
                } else {
                    decode(s, d, |x| {
                        f32::from_bits(u32::from(u16::from_le_bytes(x)) << 16)
                    });
                }
            })
        }),
        ElemType::C64 => run(bytes, 8, progress, |b| {
            float_task::<f64>(b, false, 8, |s, d| {
                decode(s, d, |x: [u8; 8]| {
                    let (re, im) = ([x[0], x[1], x[2], x[3]], [x[4], x[5], x[6], x[7]]);
                    let (re, im) = if big {
                        (f32::from_be_bytes(re), f32::from_be_bytes(im))
                    } else {
                        (f32::from_le_bytes(re), f32::from_le_bytes(im))
                    };
                    f64::from(modulus(re, im))
                })
            })
        }),
        ElemType::C128 => run(bytes, 16, progress, |b| {
            float_task::<f64>(b, false, 16, |s, d| {
                decode(s, d, |x: [u8; 16]| {
                    let mut re = [0u8; 8];
                    let mut im = [0u8; 8];
                    re.copy_from_slice(&x[..8]);
                    im.copy_from_slice(&x[8..]);
                    if big {
                        modulus(f64::from_be_bytes(re), f64::from_be_bytes(im))
                    } else {
                        modulus(f64::from_le_bytes(re), f64::from_le_bytes(im))
                    }
                })
            })
        }),
    }
}

/// A real float type, for [`modulus`].
pub(crate) trait Real: Copy {
    const NAN: Self;
    fn nan(self) -> bool;
    fn hypot(self, other: Self) -> Self;
}

macro_rules! real_impl {
    ($($t:ty),*) => {$(
        impl Real for $t {
            const NAN: $t = <$t>::NAN;
            #[inline(always)]
            fn nan(self) -> bool {
                self.is_nan()
            }
            #[inline(always)]
            fn hypot(self, other: $t) -> $t {
                <$t>::hypot(self, other)
            }
        }
    )*};
}
real_impl!(f32, f64);

/// `|z|` in the precision of its parts (complex64 in float32, as `np.abs` does), NaN
/// when either part is NaN (as `np.isnan(z)` counts it).
#[inline(always)]
pub(crate) fn modulus<T: Real>(re: T, im: T) -> T {
    if re.nan() || im.nan() {
        T::NAN
    } else {
        re.hypot(im)
    }
}

/// Decodes fixed-size elements: `dst[i] = f(src[i*N .. i*N+N])`.
#[inline(always)]
fn decode<const N: usize, O>(src: &[u8], dst: &mut [O], f: impl Fn([u8; N]) -> O) {
    let (chunks, _) = src.as_chunks::<N>();
    for (d, c) in dst.iter_mut().zip(chunks) {
        *d = f(*c);
    }
}

/// Splits `bytes` into tasks, runs them over the rayon pool and merges the states in
/// order.
fn run(
    bytes: &[u8],
    itemsize: usize,
    progress: &(dyn Fn(u64) + Sync),
    task: impl Fn(&[u8]) -> Stats + Sync,
) -> Stats {
    let usable = bytes.len() - bytes.len() % itemsize;
    let bytes = &bytes[..usable];
    let task_bytes = TASK * itemsize;
    if bytes.len() <= task_bytes {
        let s = task(bytes);
        progress(bytes.len() as u64);
        return s;
    }
    let parts: Vec<Stats> = bytes
        .par_chunks(task_bytes)
        .map(|chunk| {
            let s = task(chunk);
            progress(chunk.len() as u64);
            s
        })
        .collect();
    let mut total = Stats::new();
    for p in &parts {
        total.merge(p);
    }
    total
}

/// A float type the kernels run on.
trait Flt: Copy + PartialOrd + Send + Sync + bytemuck::Pod + 'static {
    const INF: Self;
    const NEG_INF: Self;
    const ZERO: Self;
    fn f64(self) -> f64;
    fn finite(self) -> bool;
    fn is_nan(self) -> bool;
    /// Histogram bin (kernel numbering: [`NONFINITE`] for NaN and ±Inf).
    fn bin(self) -> u8;
    /// The explicit-SIMD pass one over a prefix of `xs`, when the CPU has it.
    /// `shift` is the value the kernel may centre its sums of squares on
    /// ([`Pass1::shifted`]).
    fn fast_pass1(xs: &[Self], hist: &mut Hist, shift: f64) -> Option<Pass1<Self>>;
    /// The explicit-SIMD pass two over a prefix of `xs`: (length done, sum of squares).
    fn fast_pass2(xs: &[Self], mean: f64) -> Option<(usize, f64)>;
}

/// `Flt` for an IEEE type from its bit layout: the exponent field (mantissa bits, width,
/// bias) gives finiteness and the histogram bin without any float arithmetic.
macro_rules! flt_impl {
    ($t:ty, $bits:ty, $mant:literal, $exp_mask:literal, $bias:literal, $p1:path, $table:ident, $p2:path) => {
        impl Flt for $t {
            const INF: $t = <$t>::INFINITY;
            const NEG_INF: $t = <$t>::NEG_INFINITY;
            const ZERO: $t = 0.0;
            #[inline(always)]
            fn f64(self) -> f64 {
                f64::from(self)
            }
            #[inline(always)]
            fn finite(self) -> bool {
                (self.to_bits() >> $mant) & $exp_mask != $exp_mask
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline(always)]
            fn bin(self) -> u8 {
                let b = self.to_bits();
                let e = ((b >> $mant) & $exp_mask) as i32 - $bias;
                let bin = bin_of(b >> (<$bits>::BITS - 1) != 0, e) as u8;
                let bin = if b << 1 == 0 { ZERO_BIN as u8 } else { bin };
                if e == $bias + 1 { NONFINITE } else { bin }
            }
            #[inline(always)]
            fn fast_pass1(xs: &[$t], hist: &mut Hist, shift: f64) -> Option<Pass1<$t>> {
                $p1(xs, &mut hist.$table, shift)
            }
            #[inline(always)]
            fn fast_pass2(xs: &[$t], mean: f64) -> Option<(usize, f64)> {
                $p2(xs, mean)
            }
        }
    };
}
flt_impl!(
    f32,
    u32,
    23,
    0xff,
    127,
    simd::pass1_f32,
    keys,
    simd::pass2_f32
);
flt_impl!(
    f64,
    u64,
    52,
    0x7ff,
    1023,
    simd::pass1_f64,
    bins,
    simd::pass2_f64
);

/// Histogram counters of one task: four interleaved tables of 256 bins (so a `u8` bin
/// never needs a bounds check), and for the explicit-SIMD `float32` pass four tables of
/// raw keys ([`KeyHist`]), mapped to bins when the task ends.
pub(crate) struct Hist {
    bins: [[u32; 256]; COPIES],
    keys: Box<KeyHist>,
}

impl Hist {
    fn new() -> Hist {
        Hist {
            bins: [[0; 256]; COPIES],
            keys: Box::new(KeyHist::new()),
        }
    }

    #[inline(always)]
    fn add_lanes(&mut self, bins: &[u8; LANES]) {
        for (j, &b) in bins.iter().enumerate() {
            self.bins[j % COPIES][usize::from(b)] += 1;
        }
    }

    /// Counts per kernel bin (0..256, [`NONFINITE`] included), keys mapped to bins.
    fn merged(&self) -> [u64; 256] {
        let mut out = [0u64; 256];
        for (k, slot) in out.iter_mut().enumerate() {
            *slot = self.bins.iter().map(|t| u64::from(t[k])).sum();
        }
        let keys = self.keys.key_counts();
        for (key, &n) in keys.iter().enumerate().take(ZERO_KEY + 1) {
            if n == 0 {
                continue;
            }
            let expf = (key & 0xff) as i32;
            let bin = if key == ZERO_KEY {
                ZERO_BIN
            } else if expf == 0xff {
                usize::from(NONFINITE)
            } else {
                bin_of(key & 0x100 != 0, expf - 127)
            };
            out[bin] += n;
        }
        out
    }

    fn flush(&self, into: &mut Stats) {
        let m = self.merged();
        for (slot, &n) in into.histogram.iter_mut().zip(&m) {
            *slot += n;
        }
        into.zeros += m[ZERO_BIN];
    }
}

struct FloatAcc<F> {
    stats: Stats,
    min: F,
    max: F,
    hist: Hist,
}

impl<F: Flt> FloatAcc<F> {
    fn new() -> Self {
        FloatAcc {
            stats: Stats::new(),
            min: F::INF,
            max: F::NEG_INF,
            hist: Hist::new(),
        }
    }

    #[inline(always)]
    fn block(&mut self, xs: &[F]) {
        // The task's running mean (0 before any finite value): a kernel that can centres
        // its sums of squares on it, which are then used when the block mean is close.
        let shift = self.stats.mean;
        let fast = F::fast_pass1(xs, &mut self.hist, shift);
        let head = fast.as_ref().map_or(0, |p| p.done);
        let tail = portable_pass1(&xs[head..], &mut self.hist);
        let shifted = fast
            .as_ref()
            .and_then(|f| f.shifted)
            .map(|(mut ds, mut dq)| {
                for &x in xs[head..].iter().filter(|x| x.finite()) {
                    let d = x.f64() - shift;
                    ds += d;
                    dq += d * d;
                }
                (ds, dq)
            });
        let p = match fast {
            Some(f) => Pass1 {
                done: xs.len(),
                finite: f.finite + tail.finite,
                sum: f.sum + tail.sum,
                min: if tail.min < f.min { tail.min } else { f.min },
                max: if tail.max > f.max { tail.max } else { f.max },
                shifted: None,
            },
            None => tail,
        };
        self.stats.count += xs.len() as u64;
        if p.finite < xs.len() as u64 {
            for &x in xs.iter().filter(|x| !x.finite()) {
                if x.is_nan() {
                    self.stats.nan += 1;
                } else if x > F::ZERO {
                    self.stats.posinf += 1;
                } else {
                    self.stats.neginf += 1;
                }
            }
        }
        if p.finite == 0 {
            return;
        }
        let n = p.finite as f64;
        let mean = p.sum / n;
        let m2 = match shifted {
            // M2 = Σd² − (Σd)²/n loses at most one bit to cancellation when the
            // subtracted part is at most half of Σd²; otherwise (the shift far from the
            // block's values) pass two sums (x − mean)² over the block, still in cache.
            Some((ds, dq)) if ds * ds / n <= 0.5 * dq => dq - ds * ds / n,
            _ => {
                let (done, m2_head) = F::fast_pass2(xs, mean).unwrap_or((0, 0.0));
                m2_head + portable_pass2(&xs[done..], mean)
            }
        };
        self.stats.add_moments(p.finite, mean, m2);
        if p.min < self.min {
            self.min = p.min;
        }
        if p.max > self.max {
            self.max = p.max;
        }
    }

    fn finish(mut self) -> Stats {
        self.hist.flush(&mut self.stats);
        if self.stats.finite > 0 {
            self.stats
                .update_extremes(Value::Float(self.min.f64()), Value::Float(self.max.f64()));
        }
        self.stats
    }
}

/// Pass one of a block in portable code: 16 lanes of finite count, `f64` sum, min and
/// max, and the histogram bins.
#[inline(always)]
fn portable_pass1<F: Flt>(xs: &[F], hist: &mut Hist) -> Pass1<F> {
    let mut sum = [0f64; LANES];
    let mut fin = [0u32; LANES];
    let mut mn = [F::INF; LANES];
    let mut mx = [F::NEG_INF; LANES];
    let (chunks, rest) = xs.as_chunks::<LANES>();
    for c in chunks {
        for j in 0..LANES {
            let x = c[j];
            let ok = x.finite();
            sum[j] += if ok { x.f64() } else { 0.0 };
            fin[j] += u32::from(ok);
            let lo = if ok { x } else { F::INF };
            let hi = if ok { x } else { F::NEG_INF };
            mn[j] = if lo < mn[j] { lo } else { mn[j] };
            mx[j] = if hi > mx[j] { hi } else { mx[j] };
        }
        let bins: [u8; LANES] = std::array::from_fn(|j| c[j].bin());
        hist.add_lanes(&bins);
    }
    for &x in rest {
        let ok = x.finite();
        sum[0] += if ok { x.f64() } else { 0.0 };
        fin[0] += u32::from(ok);
        if ok && x < mn[0] {
            mn[0] = x;
        }
        if ok && x > mx[0] {
            mx[0] = x;
        }
        hist.bins[0][usize::from(x.bin())] += 1;
    }
    let pick = |v: &[F; LANES], better: fn(F, F) -> bool| {
        v.iter()
            .copied()
            .fold(v[0], |a, b| if better(b, a) { b } else { a })
    };
    Pass1 {
        done: xs.len(),
        finite: fin.iter().map(|&f| u64::from(f)).sum(),
        sum: sum.iter().sum(),
        min: pick(&mn, |a, b| a < b),
        max: pick(&mx, |a, b| a > b),
        shifted: None,
    }
}

/// Pass two of a block in portable code: the sum of `(x - mean)²` over finite values.
#[inline(always)]
fn portable_pass2<F: Flt>(xs: &[F], mean: f64) -> f64 {
    let mut sq = [0f64; LANES];
    let (chunks, rest) = xs.as_chunks::<LANES>();
    for c in chunks {
        for j in 0..LANES {
            let d = if c[j].finite() {
                c[j].f64() - mean
            } else {
                0.0
            };
            sq[j] += d * d;
        }
    }
    for &x in rest {
        let d = if x.finite() { x.f64() - mean } else { 0.0 };
        sq[0] += d * d;
    }
    sq.iter().sum()
}

/// One task of float data: viewed in place when `native` and aligned, else decoded
/// block by block from elements of `src_size` bytes.
#[inline(always)]
fn float_task<F: Flt>(
    bytes: &[u8],
    native: bool,
    src_size: usize,
    decode_block: impl Fn(&[u8], &mut [F]),
) -> Stats {
    let mut acc = FloatAcc::<F>::new();
    if native
        && src_size == size_of::<F>()
        && let Ok(values) = bytemuck::try_cast_slice::<u8, F>(bytes)
    {
        for block in values.chunks(BLOCK) {
            acc.block(block);
        }
        return acc.finish();
    }
    let mut buf = [F::ZERO; BLOCK];
    for src in bytes.chunks(BLOCK * src_size) {
        let n = src.len() / src_size;
        decode_block(src, &mut buf[..n]);
        acc.block(&buf[..n]);
    }
    acc.finish()
}

/// An integer type the kernels run on.
trait Int: Copy + Ord + Send + Sync + Default + 'static {
    const MIN: Self;
    const MAX: Self;
    fn f64(self) -> f64;
    fn value(self) -> Value;
    fn bin(self) -> u8;
}

macro_rules! int_impl {
    ($($t:ty => $signed:expr),*) => {$(
        impl Int for $t {
            const MIN: $t = <$t>::MIN;
            const MAX: $t = <$t>::MAX;
            #[inline(always)]
            fn f64(self) -> f64 {
                self as f64
            }
            #[allow(clippy::unnecessary_fallible_conversions)]
            fn value(self) -> Value {
                i64::try_from(self).map_or(Value::UInt(self as u64), Value::Int)
            }
            #[inline(always)]
            fn bin(self) -> u8 {
                #[allow(unused_comparisons)]
                let neg = $signed && self < 0;
                let mag = self.unsigned_abs() as u64;
                let e = 63 - mag.leading_zeros() as i32;
                if mag == 0 { ZERO_BIN as u8 } else { bin_of(neg, e) as u8 }
            }
        }
    )*};
}

/// `unsigned_abs` for the unsigned types too, so one macro covers all eight.
trait UnsignedAbs {
    type U;
    fn unsigned_abs(self) -> Self::U;
}
macro_rules! uabs_unsigned {
    ($($t:ty),*) => {$(
        impl UnsignedAbs for $t {
            type U = $t;
            #[inline(always)]
            fn unsigned_abs(self) -> $t {
                self
            }
        }
    )*};
}
uabs_unsigned!(u8, u16, u32, u64);

int_impl!(i8 => true, i16 => true, i32 => true, i64 => true, u8 => false, u16 => false, u32 => false, u64 => false);

/// One task of integer data, decoded block by block from elements of `src_size` bytes.
/// Integers are all finite; sums and squared deviations run in `f64`.
#[inline(always)]
fn int_task<T: Int>(
    bytes: &[u8],
    src_size: usize,
    decode_block: impl Fn(&[u8], &mut [T]),
) -> Stats {
    let mut stats = Stats::new();
    let mut hist = Hist::new();
    let (mut lo, mut hi) = (T::MAX, T::MIN);
    let mut buf = [T::default(); BLOCK];
    for src in bytes.chunks(BLOCK * src_size) {
        let n = src.len() / src_size;
        let xs = &mut buf[..n];
        decode_block(src, xs);
        let xs = &*xs;
        let mut sum = [0f64; LANES];
        let mut mn = [T::MAX; LANES];
        let mut mx = [T::MIN; LANES];
        let (chunks, rest) = xs.as_chunks::<LANES>();
        for c in chunks {
            for j in 0..LANES {
                sum[j] += c[j].f64();
                mn[j] = mn[j].min(c[j]);
                mx[j] = mx[j].max(c[j]);
            }
            let bins: [u8; LANES] = std::array::from_fn(|j| c[j].bin());
            hist.add_lanes(&bins);
        }
        for &x in rest {
            sum[0] += x.f64();
            mn[0] = mn[0].min(x);
            mx[0] = mx[0].max(x);
            hist.bins[0][usize::from(x.bin())] += 1;
        }
        stats.count += n as u64;
        if n == 0 {
            continue;
        }
        let mean = sum.iter().sum::<f64>() / n as f64;
        let mut sq = [0f64; LANES];
        for c in chunks {
            for j in 0..LANES {
                let d = c[j].f64() - mean;
                sq[j] += d * d;
            }
        }
        for &x in rest {
            let d = x.f64() - mean;
            sq[0] += d * d;
        }
        stats.add_moments(n as u64, mean, sq.iter().sum());
        lo = lo.min(mn.iter().copied().min().unwrap_or(T::MAX));
        hi = hi.max(mx.iter().copied().max().unwrap_or(T::MIN));
    }
    hist.flush(&mut stats);
    if stats.finite > 0 {
        stats.update_extremes(lo.value(), hi.value());
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_against_reference(elem: ElemType, order: ByteOrder, bytes: &[u8], values: &[f64]) {
        let fast = stats_of_bytes(elem, order, bytes, &|_| {});
        let slow = Stats::from_f64s(values);
        assert_eq!(
            (
                fast.count,
                fast.finite,
                fast.nan,
                fast.posinf,
                fast.neginf,
                fast.zeros
            ),
            (
                slow.count,
                slow.finite,
                slow.nan,
                slow.posinf,
                slow.neginf,
                slow.zeros
            ),
            "{elem:?}"
        );
        assert_eq!(fast.histogram, slow.histogram, "{elem:?}");
        assert_eq!(
            fast.min.map(Value::as_f64),
            slow.min.map(Value::as_f64),
            "{elem:?}"
        );
        assert_eq!(
            fast.max.map(Value::as_f64),
            slow.max.map(Value::as_f64),
            "{elem:?}"
        );
        let tol = 1e-12 * (1.0 + slow.mean.abs());
        assert!(
            (fast.mean - slow.mean).abs() <= tol,
            "{elem:?} {} {}",
            fast.mean,
            slow.mean
        );
        let (fs, ss) = (fast.std().unwrap_or(0.0), slow.std().unwrap_or(0.0));
        assert!((fs - ss).abs() <= 1e-10 * (1.0 + ss), "{elem:?} {fs} {ss}");
    }

    /// `float32` data over many blocks whose mean is far from 0 (the sums of squares
    /// centred on the running mean) and data that jumps by orders of magnitude between
    /// blocks (the shift far off: pass two runs), both as accurate as the reference.
    #[test]
    fn shifted_moments_stay_accurate() {
        let n = 5 * BLOCK + 37;
        let offset: Vec<f32> = (0..n)
            .map(|i| 1000.0 + ((i * 7919) % 1013) as f32 / 1013.0)
            .collect();
        let jumps: Vec<f32> = (0..n)
            .map(|i| 10f32.powi((i / BLOCK) as i32 * 3) * (1.0 + (i % 17) as f32))
            .collect();
        for v in [offset, jumps] {
            let v64: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
            let le: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
            check_against_reference(ElemType::F32, ByteOrder::Little, &le, &v64);
        }
    }

    /// Sizes around the lane, block and task edges, with specials sprinkled in.
    fn sizes() -> Vec<usize> {
        vec![
            0,
            1,
            15,
            16,
            17,
            BLOCK - 1,
            BLOCK,
            BLOCK + 17,
            TASK + 5,
            2 * TASK + BLOCK + 3,
        ]
    }

    fn f64_values(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| match i % 97 {
                3 => f64::NAN,
                5 => f64::INFINITY,
                7 => f64::NEG_INFINITY,
                11 => 0.0,
                13 => -0.0,
                17 => 1e-300,
                19 => -3e12,
                _ => ((i * 7919) % 1013) as f64 * 0.37 - 150.0,
            })
            .collect()
    }

    #[test]
    fn float_kernels_match_the_reference_at_block_edges() {
        for n in sizes() {
            let v = f64_values(n);
            let le: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
            let be: Vec<u8> = v.iter().flat_map(|x| x.to_be_bytes()).collect();
            check_against_reference(ElemType::F64, ByteOrder::Little, &le, &v);
            check_against_reference(ElemType::F64, ByteOrder::Big, &be, &v);
            // Misaligned: the decode path.
            let mut shifted = vec![0u8];
            shifted.extend_from_slice(&le);
            check_against_reference(ElemType::F64, ByteOrder::Little, &shifted[1..], &v);
            let v32: Vec<f32> = v.iter().map(|&x| x as f32).collect();
            let v32_64: Vec<f64> = v32.iter().map(|&x| f64::from(x)).collect();
            let le: Vec<u8> = v32.iter().flat_map(|x| x.to_le_bytes()).collect();
            let be: Vec<u8> = v32.iter().flat_map(|x| x.to_be_bytes()).collect();
            check_against_reference(ElemType::F32, ByteOrder::Little, &le, &v32_64);
            check_against_reference(ElemType::F32, ByteOrder::Big, &be, &v32_64);
            let h: Vec<half::f16> = v.iter().map(|&x| half::f16::from_f64(x)).collect();
            let h64: Vec<f64> = h.iter().map(|x| x.to_f64()).collect();
            let le: Vec<u8> = h.iter().flat_map(|x| x.to_le_bytes()).collect();
            check_against_reference(ElemType::F16, ByteOrder::Little, &le, &h64);
            let b: Vec<half::bf16> = v.iter().map(|&x| half::bf16::from_f64(x)).collect();
            let b64: Vec<f64> = b.iter().map(|x| x.to_f64()).collect();
            let be: Vec<u8> = b.iter().flat_map(|x| x.to_be_bytes()).collect();
            check_against_reference(ElemType::BF16, ByteOrder::Big, &be, &b64);
        }
    }

    /// The explicit-SIMD passes (when the CPU has them) and the portable ones agree
    /// exactly on counts, extremes and bins, and to rounding on sums.
    fn simd_matches_portable<F: Flt + std::fmt::Debug>(xs: &[F]) {
        let mut h_fast = Hist::new();
        let Some(fast) = F::fast_pass1(xs, &mut h_fast, 0.0) else {
            return;
        };
        let mut h_port = Hist::new();
        let port = portable_pass1(&xs[..fast.done], &mut h_port);
        assert_eq!(
            (fast.finite, fast.min, fast.max),
            (port.finite, port.min, port.max)
        );
        assert_eq!(h_fast.merged(), h_port.merged());
        // Sums may round differently (other order), within the size of the terms.
        let scale: f64 = xs
            .iter()
            .filter(|x| x.finite())
            .map(|x| x.f64().abs())
            .sum();
        assert!(
            (fast.sum - port.sum).abs() <= 1e-12 * (1.0 + scale),
            "{} vs {}",
            fast.sum,
            port.sum
        );
        let mean = port.sum / port.finite.max(1) as f64;
        let (done, m2) = F::fast_pass2(xs, mean).unwrap_or((0, 0.0));
        let want = portable_pass2(&xs[..done], mean);
        assert!((m2 - want).abs() <= 1e-12 * (1.0 + want), "{m2} vs {want}");
    }

    #[test]
    fn simd_passes_match_portable_passes() {
        for n in [0, 7, 8, 9, 31, 64, 1000, BLOCK] {
            let v = f64_values(n);
            simd_matches_portable(&v);
            let v32: Vec<f32> = v.iter().map(|&x| x as f32).collect();
            simd_matches_portable(&v32);
        }
        let specials = [
            f32::MIN_POSITIVE / 4.0,
            -0.0,
            0.0,
            f32::MAX,
            f32::MIN,
            1.0,
            -1.0,
            2.0f32.powi(40),
        ];
        simd_matches_portable(&specials);
        let specials: Vec<f64> = specials
            .iter()
            .map(|&x| f64::from(x))
            .chain([1e-310, f64::MAX])
            .collect();
        simd_matches_portable(&specials[..8]);
    }

    #[test]
    fn int_kernels_match_the_reference() {
        for n in sizes() {
            let v: Vec<i64> = (0..n as i64)
                .map(|i| (i * 2654435761) % 70001 - 35000)
                .collect();
            let f: Vec<f64> = v.iter().map(|&x| x as f64).collect();
            let le: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
            let be: Vec<u8> = v.iter().flat_map(|x| x.to_be_bytes()).collect();
            check_against_reference(ElemType::I64, ByteOrder::Little, &le, &f);
            check_against_reference(ElemType::I64, ByteOrder::Big, &be, &f);
            let v8: Vec<u8> = v.iter().map(|&x| x as u8).collect();
            let f8: Vec<f64> = v8.iter().map(|&x| f64::from(x)).collect();
            check_against_reference(ElemType::U8, ByteOrder::NotApplicable, &v8, &f8);
            let fb: Vec<f64> = v8.iter().map(|&x| f64::from(u8::from(x != 0))).collect();
            check_against_reference(ElemType::Bool, ByteOrder::NotApplicable, &v8, &fb);
        }
    }

    #[test]
    fn extreme_integers_stay_exact() {
        let v = [i64::MIN, 0, i64::MAX];
        let le: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        let s = stats_of_bytes(ElemType::I64, ByteOrder::Little, &le, &|_| {});
        assert_eq!(
            (s.min, s.max),
            (Some(Value::Int(i64::MIN)), Some(Value::Int(i64::MAX)))
        );
        let u = [u64::MAX, 3];
        let le: Vec<u8> = u.iter().flat_map(|x| x.to_le_bytes()).collect();
        let s = stats_of_bytes(ElemType::U64, ByteOrder::Little, &le, &|_| {});
        assert_eq!(
            (s.min, s.max),
            (Some(Value::Int(3)), Some(Value::UInt(u64::MAX)))
        );
    }

    #[test]
    fn complex_values_are_summarised_by_modulus() {
        let z = [
            (3.0f64, 4.0f64),
            (f64::NAN, 0.0),
            (f64::INFINITY, 1.0),
            (0.0, 0.0),
        ];
        let le: Vec<u8> = z
            .iter()
            .flat_map(|(r, i)| r.to_le_bytes().into_iter().chain(i.to_le_bytes()))
            .collect();
        let s = stats_of_bytes(ElemType::C128, ByteOrder::Little, &le, &|_| {});
        assert_eq!((s.finite, s.nan, s.posinf, s.zeros), (2, 1, 1, 1));
        assert_eq!(s.max, Some(Value::Float(5.0)));
    }

    #[test]
    fn thread_count_does_not_change_the_result() {
        let v = f64_values(3 * TASK + 77);
        let le: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let one = pool.install(|| stats_of_bytes(ElemType::F64, ByteOrder::Little, &le, &|_| {}));
        let many = stats_of_bytes(ElemType::F64, ByteOrder::Little, &le, &|_| {});
        assert_eq!(one, many);
    }
}
