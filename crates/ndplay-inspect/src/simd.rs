//! Explicit AVX2 versions of the fused pass for `float32` and `float64` blocks (and
//! AVX-512 ones for `float32`, preferred when the CPU has AVX-512F and BW), chosen at run time
//! (`is_x86_feature_detected!`), since the portable kernels in [`crate::kernels`]
//! are compiled for baseline x86-64 (SSE2) and LLVM does not vectorise their mixed-width
//! lanes well. They compute exactly what the portable kernels compute — the same finite
//! count, masked `f64` sums, min, max and histogram bins — and are tested against them.
//!
//! ```
//! // Used inside the fused pass whenever the CPU has AVX2:
//! let bytes: Vec<u8> = (0..1000).flat_map(|i| (i as f32).to_le_bytes()).collect();
//! let s = ndplay_inspect::kernels::stats_of_bytes(
//!     ndplay_io::ElemType::F32, ndplay_io::ByteOrder::Little, &bytes, &|_| {});
//! assert_eq!(s.max.unwrap().as_f64(), 999.0);
//! ```
#![allow(unsafe_code)]

/// The result of pass one over the vectorised prefix of a block.
pub(crate) struct Pass1<F> {
    /// Elements processed (a multiple of the vector width).
    pub done: usize,
    /// Finite elements among them.
    pub finite: u64,
    /// Sum of the finite ones, in `f64`.
    pub sum: f64,
    /// Smallest finite (or +Inf when none).
    pub min: F,
    /// Largest finite (or −Inf when none).
    pub max: F,
    /// When the kernel computed them: the sum of `x - shift` and of `(x - shift)²` over
    /// the finite values, so that pass two can be skipped.
    pub shifted: Option<(f64, f64)>,
}

/// Slots of the `float32` key table: a non-zero value counts under its top nine bits
/// (sign and exponent field, `bits >> 23`), zeros under [`ZERO_KEY`]; the slots are
/// mapped to histogram bins once per task ([`crate::kernels`]). Counting raw keys keeps
/// the per-element work to one shift and one increment.
pub(crate) const F32_KEYS: usize = 1024;
/// The key of `+0.0` and `-0.0`.
pub(crate) const ZERO_KEY: usize = 512;
/// Slots of a pair table: two 6-bit codes (sign, exponent within the window).
const PAIRS: usize = 4096;

/// Exponent fields in the AVX-512 pass's in-register window.
pub(crate) const WINDOW16: usize = 16;

/// 64 bytes, aligned for whole-vector loads and stores.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub(crate) struct Lanes([u8; 64]);

/// The `float32` histogram state of one task.
///
/// The AVX2 pass: most vectors have all their exponents in a window of 32 (chosen from
/// the task's first block); their elements are counted two at a time, as pairs of 6-bit
/// codes (sign, exponent − window start) in `pairs`, which halves the scattered
/// increments. Vectors with a value outside the window (zeros, subnormals, non-finite
/// values, far magnitudes) count their raw keys in `keys`.
///
/// The AVX-512 pass does no scattered increments for values in its window of 16
/// exponents: each element becomes a one-hot nibble `1 << 4·(exponent − start)` in a
/// 64-bit lane, added into nibble counters held in registers (positive and negative
/// apart); every 15 vectors the nibbles are spread into byte counters (`bytes`), and
/// those into 16-bit counters (`words`) before they can overflow. Only the elements
/// outside the window count their raw keys in `keys`.
pub(crate) struct KeyHist {
    keys: [[u32; F32_KEYS]; 4],
    pairs: [[u32; PAIRS]; 2],
    /// Whether the AVX2 pass ran, so that `pairs` may hold counts (the AVX-512 pass
    /// never uses them, and decoding the empty table would cost a 32 KB scan).
    pairs_used: bool,
    /// First exponent field of the AVX2 window (in `1..=223`), 0 until chosen.
    base: i32,
    /// First exponent field of the AVX-512 window (in `1..=239`), 0 until chosen.
    base16: i32,
    /// Byte counters: vector `2a + h` (`a`: low/high 8 lanes × positive/negative), byte
    /// `b` of 64-bit lane `l` counts exponent `base16 + 2·(b % 8) + h` among lane `l`'s
    /// elements.
    bytes: [Lanes; 8],
    /// The largest count any byte counter can hold.
    bytes_load: u32,
    /// 16-bit counters, the byte counters of neighbouring 64-bit lanes added: `u16`
    /// number `8m + b` of vector `2a + h` counts exponent `base16 + 2b + h`.
    words: [Lanes; 8],
    /// The largest count any 16-bit counter can hold.
    words_load: u32,
}

impl KeyHist {
    pub(crate) fn new() -> KeyHist {
        KeyHist {
            keys: [[0; F32_KEYS]; 4],
            pairs: [[0; PAIRS]; 2],
            pairs_used: false,
            base: 0,
            base16: 0,
            bytes: [Lanes([0; 64]); 8],
            bytes_load: 0,
            words: [Lanes([0; 64]); 8],
            words_load: 0,
        }
    }

    /// Counts per key, the pairs and the window counters decoded.
    pub(crate) fn key_counts(&self) -> Vec<u64> {
        let mut out = vec![0u64; F32_KEYS];
        for t in &self.keys {
            for (o, &n) in out.iter_mut().zip(t) {
                *o += u64::from(n);
            }
        }
        if self.pairs_used {
            let key = |c: usize| (c & 31) + self.base as usize + ((c & 32) << 3);
            for t in &self.pairs {
                for (p, &n) in t.iter().enumerate() {
                    if n > 0 {
                        out[key(p & 63)] += u64::from(n);
                        out[key(p >> 6)] += u64::from(n);
                    }
                }
            }
        }
        self.each_window_count(|key, n| out[key] += n);
        out
    }

    /// Calls `f(key, count)` for every byte and 16-bit window counter.
    fn each_window_count(&self, mut f: impl FnMut(usize, u64)) {
        if self.bytes_load + self.words_load == 0 {
            return;
        }
        // Vector 2a + h with a = 2·(high 8 lanes) + negative.
        for (v, (bytes, words)) in self.bytes.iter().zip(&self.words).enumerate() {
            let start = if (v >> 1) & 1 == 1 { 0x100 } else { 0 } + self.base16 as usize + (v & 1);
            for (i, &n) in bytes.0.iter().enumerate() {
                f(start + 2 * (i % 8), u64::from(n));
            }
            for (i, w) in words.0.chunks_exact(2).enumerate() {
                f(
                    start + 2 * (i % 8),
                    u64::from(u16::from_le_bytes([w[0], w[1]])),
                );
            }
        }
    }

    /// Moves the 16-bit window counters into the key table.
    fn drain_words(&mut self) {
        for (v, words) in self.words.iter().enumerate() {
            let start = if (v >> 1) & 1 == 1 { 0x100 } else { 0 } + self.base16 as usize + (v & 1);
            for (i, w) in words.0.chunks_exact(2).enumerate() {
                self.keys[0][start + 2 * (i % 8)] += u32::from(u16::from_le_bytes([w[0], w[1]]));
            }
        }
        self.words = [Lanes([0; 64]); 8];
        self.words_load = 0;
    }

    /// Counts pair indices (one increment per two elements).
    #[inline(always)]
    fn count_pairs(&mut self, idx: &[u64]) {
        for (j, &k) in idx.iter().enumerate() {
            self.pairs[j & 1][k as usize & (PAIRS - 1)] += 1;
        }
    }

    /// Counts raw keys.
    #[inline(always)]
    fn count_keys(&mut self, idx: &[u32]) {
        for (j, &k) in idx.iter().enumerate() {
            self.keys[j & 3][k as usize & (F32_KEYS - 1)] += 1;
        }
    }

    /// Chooses the windows from a block, once: the AVX2 one ends four exponents above
    /// the largest, the AVX-512 one two above.
    fn choose_base(&mut self, xs: &[f32]) {
        if self.base != 0 || xs.is_empty() {
            return;
        }
        let top = xs
            .iter()
            .map(|x| ((x.to_bits() >> 23) & 0xff) as i32)
            .filter(|&e| e != 0xff)
            .max()
            .unwrap_or(127);
        self.base = (top + 4 - 31).clamp(1, 223);
        self.base16 = (top + 2 - (WINDOW16 as i32 - 1)).clamp(1, 255 - WINDOW16 as i32);
    }
}

/// Whether the AVX2 kernels can run on this CPU.
#[inline]
pub(crate) fn have_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the AVX-512 `float32` pass one can run on this CPU.
#[inline]
pub(crate) fn have_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Pass one over `xs` (finite count, sum, min, max, histogram keys into `hist`, see
/// [`KeyHist`]), or `None` when the CPU lacks AVX2.
#[inline]
pub(crate) fn pass1_f32(xs: &[f32], hist: &mut KeyHist, shift: f64) -> Option<Pass1<f32>> {
    #[cfg(target_arch = "x86_64")]
    if have_avx512() {
        hist.choose_base(xs);
        // SAFETY: AVX-512F, BW and POPCNT were detected just above.
        return Some(unsafe { x86::pass1_f32_avx512(xs, hist, shift) });
    }
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        hist.choose_base(xs);
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass1_f32(xs, hist) });
    }
    let _ = (xs, hist, shift);
    None
}

/// Pass one over `f64` values; see [`pass1_f32`] (`shift` is not used).
#[inline]
pub(crate) fn pass1_f64(xs: &[f64], hist: &mut [[u32; 256]; 4], _shift: f64) -> Option<Pass1<f64>> {
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass1_f64(xs, hist) });
    }
    let _ = (xs, hist);
    None
}

/// Pass two: the sum of `(x - mean)²` over the finite values of the vectorised prefix,
/// and its length; `None` without AVX2.
#[inline]
pub(crate) fn pass2_f32(xs: &[f32], mean: f64) -> Option<(usize, f64)> {
    #[cfg(target_arch = "x86_64")]
    if have_avx512() {
        // SAFETY: AVX-512F was detected just above.
        return Some(unsafe { x86::pass2_f32_avx512(xs, mean) });
    }
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass2_f32(xs, mean) });
    }
    let _ = (xs, mean);
    None
}

/// Pass two over `f64` values; see [`pass2_f32`].
#[inline]
pub(crate) fn pass2_f64(xs: &[f64], mean: f64) -> Option<(usize, f64)> {
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass2_f64(xs, mean) });
    }
    let _ = (xs, mean);
    None
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::{KeyHist, Pass1, WINDOW16, ZERO_KEY};
    use crate::stats::{HIST_EXP_MAX, HIST_EXP_MIN, ZERO_BIN};

    /// Kernel slot for non-finite values (as in `kernels`).
    const NONFINITE: i32 = crate::stats::HIST_BINS as i32;
    const SIDE: i32 = ZERO_BIN as i32;
    /// Software prefetch distance of the AVX-512 `float32` pass, in bytes.
    const PREFETCH: usize = 2048;

    /// Histogram bins of 8 values from their biased exponents (`expf`), sign masks (all
    /// ones for negative) and zero / non-finite masks.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn bins(expf: __m256i, bias: i32, neg: __m256i, zero: __m256i, nonfinite: __m256i) -> __m256i {
        // k = clamp(e, MIN-1, MAX+1) - (MIN-1) with e = expf - bias.
        let k = _mm256_sub_epi32(expf, _mm256_set1_epi32(bias + HIST_EXP_MIN - 1));
        let k = _mm256_min_epi32(
            _mm256_max_epi32(k, _mm256_setzero_si256()),
            _mm256_set1_epi32(HIST_EXP_MAX - HIST_EXP_MIN + 2),
        );
        let pos = _mm256_add_epi32(_mm256_set1_epi32(SIDE + 1), k);
        let negb = _mm256_sub_epi32(_mm256_set1_epi32(SIDE - 1), k);
        let b = _mm256_blendv_epi8(pos, negb, neg);
        let b = _mm256_blendv_epi8(b, _mm256_set1_epi32(SIDE), zero);
        _mm256_blendv_epi8(b, _mm256_set1_epi32(NONFINITE), nonfinite)
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn count(hist: &mut [[u32; 256]; 4], b: __m256i) {
        let mut idx = [0u32; 8];
        // SAFETY: `idx` has room for 8 lanes; unaligned store.
        unsafe { _mm256_storeu_si256(idx.as_mut_ptr().cast(), b) };
        for (j, &i) in idx.iter().enumerate() {
            hist[j & 3][(i & 255) as usize] += 1;
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn hsum_pd(v: __m256d) -> f64 {
        let mut a = [0f64; 4];
        // SAFETY: `a` has room for 4 lanes.
        unsafe { _mm256_storeu_pd(a.as_mut_ptr(), v) };
        (a[0] + a[1]) + (a[2] + a[3])
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass1_f32(xs: &[f32], hist: &mut KeyHist) -> Pass1<f32> {
        hist.pairs_used = true;
        let n8 = xs.len() / 8 * 8;
        let mut s0 = _mm256_setzero_pd();
        let mut s1 = _mm256_setzero_pd();
        let mut fin_count = _mm256_setzero_si256();
        let mut mn = _mm256_set1_ps(f32::INFINITY);
        let mut mx = _mm256_set1_ps(f32::NEG_INFINITY);
        let expmask = _mm256_set1_epi32(0xff);
        let zero_key = _mm256_set1_epi32(ZERO_KEY as i32);
        let base = _mm256_set1_epi32(hist.base);
        let outside = _mm256_set1_epi32(!31);
        let sign_bit = _mm256_set1_epi32(32);
        let low32 = _mm256_set1_epi64x(0xffff_ffff);
        // One vector of 8 at `i`: its histogram keys are counted, and it gives its finite
        // values widened to f64 (two halves, non-finite ones as 0), its min and max
        // candidates and its finite mask.
        macro_rules! vec8 {
            ($i:expr) => {{
                // SAFETY: the callers keep $i + 8 <= n8 <= xs.len().
                let x = unsafe { _mm256_loadu_ps(xs.as_ptr().add($i)) };
                let bits = _mm256_castps_si256(x);
                let key = _mm256_srli_epi32::<23>(bits);
                let nonfinite = _mm256_cmpeq_epi32(_mm256_and_si256(key, expmask), expmask);
                let finite_ps =
                    _mm256_castsi256_ps(_mm256_xor_si256(nonfinite, _mm256_set1_epi32(-1)));
                let xf = _mm256_and_ps(x, finite_ps);
                let lo = _mm256_cvtps_pd(_mm256_castps256_ps128(xf));
                let hi = _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(xf));
                let cmin = _mm256_blendv_ps(_mm256_set1_ps(f32::INFINITY), x, finite_ps);
                let cmax = _mm256_blendv_ps(_mm256_set1_ps(f32::NEG_INFINITY), x, finite_ps);
                // Exponent field minus the window start, as unsigned: below 32 in the
                // window (zeros, subnormals and non-finite values never are, as
                // 1 <= base <= 223).
                let d = _mm256_sub_epi32(_mm256_and_si256(key, expmask), base);
                if _mm256_testz_si256(d, outside) != 0 {
                    // Codes (sign in bit 5), then pairs of adjacent codes in 64-bit lanes.
                    let c =
                        _mm256_or_si256(d, _mm256_and_si256(_mm256_srli_epi32::<3>(key), sign_bit));
                    let p = _mm256_or_si256(_mm256_and_si256(c, low32), _mm256_srli_epi64::<26>(c));
                    let mut idx = [0u64; 4];
                    // SAFETY: `idx` has room for 4 lanes; unaligned store.
                    unsafe { _mm256_storeu_si256(idx.as_mut_ptr().cast(), p) };
                    hist.count_pairs(&idx);
                } else {
                    let zero =
                        _mm256_cmpeq_epi32(_mm256_slli_epi32::<1>(bits), _mm256_setzero_si256());
                    let key = _mm256_blendv_epi8(key, zero_key, zero);
                    let mut idx = [0u32; 8];
                    // SAFETY: `idx` has room for 8 lanes; unaligned store.
                    unsafe { _mm256_storeu_si256(idx.as_mut_ptr().cast(), key) };
                    hist.count_keys(&idx);
                }
                (lo, hi, cmin, cmax, _mm256_castps_si256(finite_ps))
            }};
        }
        let mut i = 0;
        // Four vectors at a time, combined in a tree before they meet the accumulators,
        // so that the loop-carried additions (3 cycles each) do not bound the loop.
        while i + 32 <= n8 {
            let (l0, h0, a0, b0, f0) = vec8!(i);
            let (l1, h1, a1, b1, f1) = vec8!(i + 8);
            let (l2, h2, a2, b2, f2) = vec8!(i + 16);
            let (l3, h3, a3, b3, f3) = vec8!(i + 24);
            s0 = _mm256_add_pd(
                s0,
                _mm256_add_pd(_mm256_add_pd(l0, l1), _mm256_add_pd(l2, l3)),
            );
            s1 = _mm256_add_pd(
                s1,
                _mm256_add_pd(_mm256_add_pd(h0, h1), _mm256_add_pd(h2, h3)),
            );
            mn = _mm256_min_ps(
                mn,
                _mm256_min_ps(_mm256_min_ps(a0, a1), _mm256_min_ps(a2, a3)),
            );
            mx = _mm256_max_ps(
                mx,
                _mm256_max_ps(_mm256_max_ps(b0, b1), _mm256_max_ps(b2, b3)),
            );
            let f = _mm256_add_epi32(_mm256_add_epi32(f0, f1), _mm256_add_epi32(f2, f3));
            fin_count = _mm256_sub_epi32(fin_count, f);
            i += 32;
        }
        while i < n8 {
            let (l, h, a, b, f) = vec8!(i);
            s0 = _mm256_add_pd(s0, l);
            s1 = _mm256_add_pd(s1, h);
            mn = _mm256_min_ps(mn, a);
            mx = _mm256_max_ps(mx, b);
            fin_count = _mm256_sub_epi32(fin_count, f);
            i += 8;
        }
        let mut c = [0u32; 8];
        let mut lo = [0f32; 8];
        let mut hi = [0f32; 8];
        // SAFETY: each array has room for 8 lanes.
        unsafe {
            _mm256_storeu_si256(c.as_mut_ptr().cast(), fin_count);
            _mm256_storeu_ps(lo.as_mut_ptr(), mn);
            _mm256_storeu_ps(hi.as_mut_ptr(), mx);
        }
        Pass1 {
            done: n8,
            finite: c.iter().map(|&v| u64::from(v)).sum(),
            sum: hsum_pd(s0) + hsum_pd(s1),
            min: lo.iter().copied().fold(f32::INFINITY, f32::min),
            max: hi.iter().copied().fold(f32::NEG_INFINITY, f32::max),
            shifted: None,
        }
    }

    /// [`pass1_f32`] with 16 lanes and mask registers: the same finite count, sums (in
    /// another order), min, max and keys; the histogram of the values inside the
    /// window counted in registers (see [`KeyHist`]).
    ///
    /// # Safety
    /// The CPU must support AVX-512F, AVX-512BW and POPCNT.
    #[target_feature(enable = "avx512f,avx512bw,popcnt")]
    pub(super) unsafe fn pass1_f32_avx512(
        xs: &[f32],
        hist: &mut KeyHist,
        shift: f64,
    ) -> Pass1<f32> {
        let n16 = xs.len() / 16 * 16;
        let k = _mm512_set1_pd(shift);
        let (mut d0s, mut d1s) = (_mm512_setzero_pd(), _mm512_setzero_pd());
        let (mut q0, mut q1) = (_mm512_setzero_pd(), _mm512_setzero_pd());
        let mut finite = 0u64;
        let mut mn = _mm512_set1_ps(f32::INFINITY);
        let mut mx = _mm512_set1_ps(f32::NEG_INFINITY);
        let expmask = _mm512_set1_epi32(0xff);
        let zero_key = _mm512_set1_epi32(ZERO_KEY as i32);
        let base = _mm512_set1_epi32(hist.base16);
        let window = _mm512_set1_epi32(WINDOW16 as i32);
        let one = _mm512_set1_epi64(1);
        // Nibble counters: low 8 lanes positive / negative, high 8 lanes the same.
        let mut nib = [_mm512_setzero_si512(); 4];
        let mut nib_load = 0u32;
        let mut i = 0;
        while i < n16 {
            // The data usually streams from memory: ask for a line PREFETCH bytes ahead
            // (past the block too, as blocks are usually adjacent; a prefetch never
            // faults).
            _mm_prefetch::<_MM_HINT_T0>(xs.as_ptr().wrapping_add(i + PREFETCH / 4).cast());
            // SAFETY: i + 16 <= n16 <= xs.len().
            let x = unsafe { _mm512_loadu_ps(xs.as_ptr().add(i)) };
            let bits = _mm512_castps_si512(x);
            let key = _mm512_srli_epi32::<23>(bits);
            let e = _mm512_and_si512(key, expmask);
            let fin = _mm512_cmpneq_epi32_mask(e, expmask);
            finite += u64::from(fin.count_ones());
            let lo = _mm512_cvtps_pd(_mm512_castps512_ps256(x));
            let hi = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd::<1>(
                _mm512_castps_pd(x),
            )));
            let d0 = _mm512_maskz_sub_pd(fin as u8, lo, k);
            let d1 = _mm512_maskz_sub_pd((fin >> 8) as u8, hi, k);
            d0s = _mm512_add_pd(d0s, d0);
            d1s = _mm512_add_pd(d1s, d1);
            q0 = _mm512_fmadd_pd(d0, d0, q0);
            q1 = _mm512_fmadd_pd(d1, d1, q1);
            mn = _mm512_mask_min_ps(mn, fin, mn, x);
            mx = _mm512_mask_max_ps(mx, fin, mx, x);
            // Window offsets d = e − start; zeros, subnormals, non-finite and far values
            // fall outside [0, 16) (as unsigned) and shift the one out of the lane.
            let d = _mm512_sub_epi32(e, base);
            let nibble = _mm512_slli_epi32::<2>(d);
            let n_lo = _mm512_cvtepu32_epi64(_mm512_castsi512_si256(nibble));
            let n_hi = _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64::<1>(nibble));
            let h_lo = _mm512_sllv_epi64(one, n_lo);
            let h_hi = _mm512_sllv_epi64(one, n_hi);
            let neg = _mm512_cmplt_epi32_mask(bits, _mm512_setzero_si512());
            let (neg_lo, neg_hi) = (neg as u8, (neg >> 8) as u8);
            nib[0] = _mm512_mask_add_epi64(nib[0], !neg_lo, nib[0], h_lo);
            nib[1] = _mm512_mask_add_epi64(nib[1], neg_lo, nib[1], h_lo);
            nib[2] = _mm512_mask_add_epi64(nib[2], !neg_hi, nib[2], h_hi);
            nib[3] = _mm512_mask_add_epi64(nib[3], neg_hi, nib[3], h_hi);
            nib_load += 1;
            if nib_load == 15 {
                spread_nibbles(hist, &mut nib, nib_load);
                nib_load = 0;
            }
            let outside = _mm512_cmpge_epu32_mask(d, window);
            if outside != 0 {
                let zero =
                    _mm512_cmpeq_epi32_mask(_mm512_slli_epi32::<1>(bits), _mm512_setzero_si512());
                let key = _mm512_mask_mov_epi32(key, zero, zero_key);
                let mut idx = [0u32; 16];
                // SAFETY: `idx` has room for 16 lanes; unaligned store.
                unsafe {
                    _mm512_storeu_si512(
                        idx.as_mut_ptr().cast(),
                        _mm512_maskz_compress_epi32(outside, key),
                    )
                };
                hist.count_keys(&idx[..outside.count_ones() as usize]);
            }
            i += 16;
        }
        if nib_load > 0 {
            spread_nibbles(hist, &mut nib, nib_load);
        }
        let shifted_sum = _mm512_reduce_add_pd(_mm512_add_pd(d0s, d1s));
        Pass1 {
            done: n16,
            finite,
            // Σx = Σ(x − shift) + n·shift, to a rounding error relative to the sum: one
            // accumulator fewer in the loop (and exact while the shift is 0).
            sum: shifted_sum + finite as f64 * shift,
            min: _mm512_reduce_min_ps(mn),
            max: _mm512_reduce_max_ps(mx),
            shifted: Some((shifted_sum, _mm512_reduce_add_pd(_mm512_add_pd(q0, q1)))),
        }
    }

    /// Adds the nibble counters (each at most `load`) into the byte counters, first
    /// moving the bytes into the 16-bit counters if they could overflow.
    ///
    /// Kept out of line: it runs once every 15 vectors, and inlined, its code made the
    /// main loop spill accumulators to the stack (1 GB took 71 ms instead of 40).
    #[target_feature(enable = "avx512f,avx512bw")]
    #[inline(never)]
    fn spread_nibbles(hist: &mut KeyHist, nib: &mut [__m512i; 4], load: u32) {
        if hist.bytes_load + load > u32::from(u8::MAX) {
            spread_bytes(hist);
        }
        let low = _mm512_set1_epi8(0x0f);
        for (a, n) in nib.iter_mut().enumerate() {
            let even = _mm512_and_si512(*n, low);
            let odd = _mm512_and_si512(_mm512_srli_epi64::<4>(*n), low);
            for (h, part) in [even, odd].into_iter().enumerate() {
                let slot = &mut hist.bytes[2 * a + h].0;
                // SAFETY: `Lanes` is 64 bytes, aligned to 64.
                unsafe {
                    let v = _mm512_load_si512(slot.as_ptr().cast());
                    _mm512_store_si512(slot.as_mut_ptr().cast(), _mm512_add_epi8(v, part));
                }
            }
            *n = _mm512_setzero_si512();
        }
        hist.bytes_load += load;
    }

    /// Adds the byte counters into the 16-bit counters and zeroes them, first moving the
    /// 16-bit counters into the key table if they could overflow.
    #[target_feature(enable = "avx512f,avx512bw")]
    #[cold]
    #[inline(never)]
    fn spread_bytes(hist: &mut KeyHist) {
        // Two neighbouring lanes' bytes go into one 16-bit counter.
        if hist.words_load + 2 * hist.bytes_load > u32::from(u16::MAX) {
            hist.drain_words();
        }
        let zero = _mm512_setzero_si512();
        for (bytes, words) in hist.bytes.iter_mut().zip(hist.words.iter_mut()) {
            // SAFETY: `Lanes` is 64 bytes, aligned to 64.
            unsafe {
                let b = _mm512_load_si512(bytes.0.as_ptr().cast());
                // In each 128-bit lane m: the bytes of 64-bit lane 2m (low) and of lane
                // 2m + 1 (high), widened to 16 bits and added.
                let pair =
                    _mm512_add_epi16(_mm512_unpacklo_epi8(b, zero), _mm512_unpackhi_epi8(b, zero));
                let w = _mm512_load_si512(words.0.as_ptr().cast());
                _mm512_store_si512(words.0.as_mut_ptr().cast(), _mm512_add_epi16(w, pair));
                _mm512_store_si512(bytes.0.as_mut_ptr().cast(), zero);
            }
        }
        hist.words_load += 2 * hist.bytes_load;
        hist.bytes_load = 0;
    }

    /// [`pass2_f32`] with 16 lanes, mask registers and fused multiply-adds.
    ///
    /// # Safety
    /// The CPU must support AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn pass2_f32_avx512(xs: &[f32], mean: f64) -> (usize, f64) {
        let n16 = xs.len() / 16 * 16;
        let m = _mm512_set1_pd(mean);
        let expmask = _mm512_set1_epi32(0xff);
        let (mut a0, mut a1) = (_mm512_setzero_pd(), _mm512_setzero_pd());
        let (mut a2, mut a3) = (_mm512_setzero_pd(), _mm512_setzero_pd());
        let mut i = 0;
        while i < n16 {
            // SAFETY: i + 16 <= n16 <= xs.len().
            let x = unsafe { _mm512_loadu_ps(xs.as_ptr().add(i)) };
            let e = _mm512_and_si512(_mm512_srli_epi32::<23>(_mm512_castps_si512(x)), expmask);
            let fin = _mm512_cmpneq_epi32_mask(e, expmask);
            let lo = _mm512_cvtps_pd(_mm512_castps512_ps256(x));
            let hi = _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd::<1>(
                _mm512_castps_pd(x),
            )));
            let d0 = _mm512_maskz_sub_pd(fin as u8, lo, m);
            let d1 = _mm512_maskz_sub_pd((fin >> 8) as u8, hi, m);
            // Alternate accumulators so that the loop-carried FMAs overlap.
            if i & 16 == 0 {
                a0 = _mm512_fmadd_pd(d0, d0, a0);
                a1 = _mm512_fmadd_pd(d1, d1, a1);
            } else {
                a2 = _mm512_fmadd_pd(d0, d0, a2);
                a3 = _mm512_fmadd_pd(d1, d1, a3);
            }
            i += 16;
        }
        let sum = _mm512_add_pd(_mm512_add_pd(a0, a1), _mm512_add_pd(a2, a3));
        (n16, _mm512_reduce_add_pd(sum))
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass2_f32(xs: &[f32], mean: f64) -> (usize, f64) {
        let n8 = xs.len() / 8 * 8;
        let m = _mm256_set1_pd(mean);
        let expmask = _mm256_set1_epi32(0xff);
        let (mut a0, mut a1) = (_mm256_setzero_pd(), _mm256_setzero_pd());
        let (mut a2, mut a3) = (_mm256_setzero_pd(), _mm256_setzero_pd());
        let mut i = 0;
        while i < n8 {
            // SAFETY: i + 8 <= n8 <= xs.len().
            let x = unsafe { _mm256_loadu_ps(xs.as_ptr().add(i)) };
            let expf = _mm256_and_si256(_mm256_srli_epi32::<23>(_mm256_castps_si256(x)), expmask);
            let finite = _mm256_xor_si256(_mm256_cmpeq_epi32(expf, expmask), _mm256_set1_epi32(-1));
            let f0 = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(finite)));
            let f1 =
                _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_extracti128_si256::<1>(finite)));
            let d0 = _mm256_and_pd(
                _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(x)), m),
                f0,
            );
            let d1 = _mm256_and_pd(
                _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps::<1>(x)), m),
                f1,
            );
            // Two vectors' squares are added before they meet the accumulators, so
            // that the loop-carried additions do not bound the loop.
            let q0 = _mm256_mul_pd(d0, d0);
            let q1 = _mm256_mul_pd(d1, d1);
            if i & 8 == 0 {
                a0 = _mm256_add_pd(a0, q0);
                a1 = _mm256_add_pd(a1, q1);
            } else {
                a2 = _mm256_add_pd(a2, q0);
                a3 = _mm256_add_pd(a3, q1);
            }
            i += 8;
        }
        (
            n8,
            (hsum_pd(a0) + hsum_pd(a1)) + (hsum_pd(a2) + hsum_pd(a3)),
        )
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass1_f64(xs: &[f64], hist: &mut [[u32; 256]; 4]) -> Pass1<f64> {
        let n8 = xs.len() / 8 * 8;
        let (mut s0, mut s1) = (_mm256_setzero_pd(), _mm256_setzero_pd());
        let mut fin_count = _mm256_setzero_si256();
        let mut mn = _mm256_set1_pd(f64::INFINITY);
        let mut mx = _mm256_set1_pd(f64::NEG_INFINITY);
        let expmask = _mm256_set1_epi64x(0x7ff);
        // Gathers the low 32 bits of each 64-bit lane of two vectors into one.
        let pack = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
        let mut i = 0;
        while i < n8 {
            // Exponent, zero and sign of 8 values, packed from 64-bit to 32-bit lanes so
            // the histogram bins are computed as for float32.
            let (mut e8, mut z8, mut s8) = ([0i32; 8], [0i32; 8], [0i32; 8]);
            for h in 0..2 {
                // SAFETY: i + 8 <= n8 <= xs.len().
                let x = unsafe { _mm256_loadu_pd(xs.as_ptr().add(i + 4 * h)) };
                let bits = _mm256_castpd_si256(x);
                let expf = _mm256_and_si256(_mm256_srli_epi64::<52>(bits), expmask);
                let nonfinite = _mm256_cmpeq_epi64(expf, expmask);
                let finite =
                    _mm256_castsi256_pd(_mm256_xor_si256(nonfinite, _mm256_set1_epi64x(-1)));
                fin_count = _mm256_sub_epi64(fin_count, _mm256_castpd_si256(finite));
                let xf = _mm256_and_pd(x, finite);
                if h == 0 {
                    s0 = _mm256_add_pd(s0, xf);
                } else {
                    s1 = _mm256_add_pd(s1, xf);
                }
                mn = _mm256_min_pd(
                    mn,
                    _mm256_blendv_pd(_mm256_set1_pd(f64::INFINITY), x, finite),
                );
                mx = _mm256_max_pd(
                    mx,
                    _mm256_blendv_pd(_mm256_set1_pd(f64::NEG_INFINITY), x, finite),
                );
                let zero = _mm256_cmpeq_epi64(_mm256_slli_epi64::<1>(bits), _mm256_setzero_si256());
                let neg = _mm256_cmpgt_epi64(_mm256_setzero_si256(), bits);
                let take = |v: __m256i, into: &mut [i32; 8]| {
                    let mut a = [0i32; 8];
                    // SAFETY: `a` has room for 8 lanes.
                    unsafe {
                        _mm256_storeu_si256(
                            a.as_mut_ptr().cast(),
                            _mm256_permutevar8x32_epi32(v, pack),
                        )
                    };
                    into[4 * h..4 * h + 4].copy_from_slice(&a[..4]);
                };
                take(expf, &mut e8);
                take(zero, &mut z8);
                take(neg, &mut s8);
            }
            // SAFETY: the arrays have room for 8 lanes.
            let (e, z, s) = unsafe {
                (
                    _mm256_loadu_si256(e8.as_ptr().cast()),
                    _mm256_loadu_si256(z8.as_ptr().cast()),
                    _mm256_loadu_si256(s8.as_ptr().cast()),
                )
            };
            let nonfinite = _mm256_cmpeq_epi32(e, _mm256_set1_epi32(0x7ff));
            count(hist, bins(e, 1023, s, z, nonfinite));
            i += 8;
        }
        let mut c = [0u64; 4];
        let mut lo = [0f64; 4];
        let mut hi = [0f64; 4];
        // SAFETY: each array has room for 4 lanes.
        unsafe {
            _mm256_storeu_si256(c.as_mut_ptr().cast(), fin_count);
            _mm256_storeu_pd(lo.as_mut_ptr(), mn);
            _mm256_storeu_pd(hi.as_mut_ptr(), mx);
        }
        Pass1 {
            done: n8,
            finite: c.iter().sum(),
            sum: hsum_pd(s0) + hsum_pd(s1),
            min: lo.iter().copied().fold(f64::INFINITY, f64::min),
            max: hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            shifted: None,
        }
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass2_f64(xs: &[f64], mean: f64) -> (usize, f64) {
        let n4 = xs.len() / 4 * 4;
        let m = _mm256_set1_pd(mean);
        let expmask = _mm256_set1_epi64x(0x7ff);
        let mut acc = _mm256_setzero_pd();
        let mut i = 0;
        while i < n4 {
            // SAFETY: i + 4 <= n4 <= xs.len().
            let x = unsafe { _mm256_loadu_pd(xs.as_ptr().add(i)) };
            let expf = _mm256_and_si256(_mm256_srli_epi64::<52>(_mm256_castpd_si256(x)), expmask);
            let finite =
                _mm256_xor_si256(_mm256_cmpeq_epi64(expf, expmask), _mm256_set1_epi64x(-1));
            let d = _mm256_and_pd(_mm256_sub_pd(x, m), _mm256_castsi256_pd(finite));
            acc = _mm256_add_pd(acc, _mm256_mul_pd(d, d));
            i += 4;
        }
        (n4, hsum_pd(acc))
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;

    /// Values of all kinds: mostly a narrow band (the pair path), with zeros of both
    /// signs, subnormals, NaN, ±Inf and far magnitudes sprinkled in (the key path).
    fn values(n: usize, sprinkle: bool) -> Vec<f32> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let u = (state >> 40) as f32 / (1u64 << 24) as f32;
                let x = (u - 0.5) * 6.0;
                match (sprinkle, i % 97) {
                    (true, 3) => 0.0,
                    (true, 5) => -0.0,
                    (true, 7) => f32::NAN,
                    (true, 11) => f32::INFINITY,
                    (true, 13) => f32::NEG_INFINITY,
                    (true, 17) => 1e-40,
                    (true, 19) => -3e30,
                    _ => x,
                }
            })
            .collect()
    }

    /// The key of each value counted directly: sign and exponent field, zeros apart.
    fn reference_keys(xs: &[f32]) -> Vec<u64> {
        let mut out = vec![0u64; F32_KEYS];
        for x in xs {
            let key = if x.to_bits() << 1 == 0 {
                ZERO_KEY
            } else {
                (x.to_bits() >> 23) as usize
            };
            out[key] += 1;
        }
        out
    }

    /// The AVX-512 window counters lose nothing: through the nibble, byte and 16-bit
    /// stages (a million values in one call overflow the 16-bit stage), with values inside and
    /// outside the window, when the window was chosen from small values and large ones
    /// follow, and over many calls on one state as the fused pass makes them.
    #[test]
    fn avx512_window_counts_every_key() {
        if !have_avx512() {
            return;
        }
        let mut wide = values(1 << 20, true);
        // The window is chosen from the first block: make it small, then much larger.
        for x in &mut wide[..2048] {
            *x *= 1e-3;
        }
        for x in wide[500_000..500_100].iter_mut() {
            *x *= 1e6;
        }
        for (xs, calls) in [(&wide[..], 1), (&wide[..], 512), (&wide[..4000], 3)] {
            let mut h = KeyHist::new();
            h.choose_base(xs);
            let step = xs.len().div_ceil(calls);
            let mut done = 0;
            for part in xs.chunks(step) {
                let n16 = part.len() / 16 * 16;
                // SAFETY: AVX-512 was detected above.
                let p = unsafe { x86::pass1_f32_avx512(&part[..n16], &mut h, 0.0) };
                assert_eq!(p.done, n16);
                h.count_keys(
                    &part[n16..]
                        .iter()
                        .map(|x| {
                            if x.to_bits() << 1 == 0 {
                                ZERO_KEY as u32
                            } else {
                                x.to_bits() >> 23
                            }
                        })
                        .collect::<Vec<_>>(),
                );
                done += part.len();
            }
            assert_eq!(done, xs.len());
            assert_eq!(
                h.key_counts(),
                reference_keys(xs),
                "{} values, {calls} calls",
                xs.len()
            );
        }
    }

    /// The AVX-512 and AVX2 kernels agree exactly on counts, extremes and keys, and to
    /// rounding on sums (the twin test in `kernels` checks the chosen one against the
    /// portable code).
    #[test]
    fn avx512_matches_avx2() {
        if !(have_avx2() && have_avx512()) {
            return;
        }
        for sprinkle in [false, true] {
            for n in [0, 15, 16, 33, 1000, 2048] {
                let xs = values(n, sprinkle);
                let (mut h2, mut h5) = (KeyHist::new(), KeyHist::new());
                h2.choose_base(&xs);
                h5.choose_base(&xs);
                let n16 = n / 16 * 16;
                // SAFETY: both features were detected above.
                let (a, b) = unsafe {
                    (
                        x86::pass1_f32(&xs[..n16], &mut h2),
                        x86::pass1_f32_avx512(&xs[..n16], &mut h5, 0.0),
                    )
                };
                assert_eq!(
                    (a.done, a.finite, a.min, a.max),
                    (b.done, b.finite, b.min, b.max)
                );
                assert_eq!(h2.key_counts(), h5.key_counts());
                assert!((a.sum - b.sum).abs() <= 1e-9 * (1.0 + a.sum.abs()));
                let mean = a.sum / a.finite.max(1) as f64;
                // SAFETY: as above.
                let (q2, q5) = unsafe {
                    (
                        x86::pass2_f32(&xs[..n16], mean),
                        x86::pass2_f32_avx512(&xs[..n16], mean),
                    )
                };
                assert_eq!(q2.0, q5.0);
                assert!((q2.1 - q5.1).abs() <= 1e-12 * (1.0 + q2.1), "{q2:?} {q5:?}");
            }
        }
    }
}
