//! Printing identical to NumPy 2's defaults: `repr` and `str` of arrays and scalars,
//! for every dtype, with precision 8 (`maxprec`), alignment, `...` summarisation past
//! 1000 elements, line wrapping at 75 columns and the `shape=`/`dtype=` suffix rules.
//!
//! Float digits follow Dragon4's "unique" mode: the shortest decimal that round-trips in
//! the value's own type (so `float32(0.1)` prints as `0.1`), cut to the precision.
//!
//! ```
//! use ndplay_core::{Array, DType};
//! let a = Array::from_f64s(&[1.0, 2.5, -0.125]);
//! assert_eq!(a.repr(), "array([ 1.   ,  2.5  , -0.125])");
//! assert_eq!(a.to_str(), "[ 1.     2.5   -0.125]");
//! let b = Array::from_f64s(&[1e-5, 1.5]).astype(DType::Float32, ndplay_core::Casting::Unsafe).unwrap();
//! assert_eq!(b.repr(), "array([1.0e-05, 1.5e+00], dtype=float32)");
//! ```

use crate::array::Array;
use crate::dtype::DType;
use crate::scalar::Scalar;
use crate::shape::fmt_shape;

/// How array floats choose their digits (`floatmode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatMode {
    /// Always `precision` digits.
    Fixed,
    /// The shortest digits that identify each value, whatever `precision` says.
    Unique,
    /// At most `precision` digits, fewer for values that need fewer (NumPy's default).
    MaxPrec,
    /// As `MaxPrec`, then every element with the digits of the longest.
    MaxPrecEqual,
}

impl FloatMode {
    /// NumPy's name for it.
    pub fn name(self) -> &'static str {
        match self {
            FloatMode::Fixed => "fixed",
            FloatMode::Unique => "unique",
            FloatMode::MaxPrec => "maxprec",
            FloatMode::MaxPrecEqual => "maxprec_equal",
        }
    }

    /// From NumPy's name.
    pub fn parse(s: &str) -> Option<FloatMode> {
        [
            FloatMode::Fixed,
            FloatMode::Unique,
            FloatMode::MaxPrec,
            FloatMode::MaxPrecEqual,
        ]
        .into_iter()
        .find(|m| m.name() == s)
    }
}

/// What array floats print in front of positive values (`sign`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// Nothing (`'-'`, NumPy's default).
    Minus,
    /// `+`.
    Plus,
    /// A space, when no value of the array is negative.
    Space,
}

/// The array-printing options NumPy's `np.set_printoptions` sets, with NumPy's
/// defaults. They apply to the calling thread ([`set_options`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintOptions {
    /// Digits after the point for array floats (`precision`, default 8).
    pub precision: usize,
    /// Arrays with more elements are summarised with `...` (`threshold`, default 1000).
    pub threshold: usize,
    /// Items kept at each end of a summarised axis (`edgeitems`, default 3).
    pub edgeitems: usize,
    /// Characters per line before wrapping (`linewidth`, default 75).
    pub linewidth: usize,
    /// Never switch to scientific notation for small values or a wide range
    /// (`suppress`, default false); values below the precision print as `0.`.
    pub suppress: bool,
    /// How floats choose their digits (`floatmode`, default `maxprec`).
    pub floatmode: FloatMode,
    /// The sign printed before positive floats (`sign`, default `'-'`: none).
    pub sign: Sign,
    /// How array NaNs print (`nanstr`, default `nan`).
    pub nanstr: String,
    /// How array infinities print (`infstr`, default `inf`).
    pub infstr: String,
    /// NumPy's `legacy` mode as a version number (`121` for `'1.21'`, `202` for
    /// `'2.2'`), `None` for none (`legacy=False`). Each mode also has the later ones'
    /// behaviour: `125` prints scalars without their type (`3.0`, not
    /// `np.float64(3.0)`); `201` and `202` print summarised arrays without `shape=`
    /// (NumPy 2.4 drops it for both) and float16/float32 in positional notation up to
    /// float64's limits.
    pub legacy: Option<u16>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            precision: 8,
            threshold: 1000,
            edgeitems: 3,
            linewidth: 75,
            suppress: false,
            floatmode: FloatMode::MaxPrec,
            sign: Sign::Minus,
            nanstr: "nan".into(),
            infstr: "inf".into(),
            legacy: None,
        }
    }
}

impl PrintOptions {
    /// Whether the `legacy` mode of NumPy `version` (or an older one) is on.
    pub fn legacy_at_most(&self, version: u16) -> bool {
        self.legacy.is_some_and(|v| v <= version)
    }
}

thread_local! {
    static OPTIONS: std::cell::RefCell<PrintOptions> = std::cell::RefCell::new(PrintOptions::default());
}

/// The calling thread's print options.
pub fn options() -> PrintOptions {
    OPTIONS.with(|o| o.borrow().clone())
}

/// Sets the calling thread's print options (`np.set_printoptions`).
///
/// ```
/// use ndplay_core::{Array, print::{options, set_options, PrintOptions}};
/// set_options(PrintOptions { threshold: 5, ..options() });
/// assert_eq!(Array::from_f64s(&[0.0; 10]).to_str(), "[0. 0. 0. ... 0. 0. 0.]");
/// set_options(PrintOptions::default());
/// ```
pub fn set_options(o: PrintOptions) {
    OPTIONS.with(|c| *c.borrow_mut() = o);
}

/// Rust's shortest digits for an f32, with NumPy's (Dragon4's) choice when two
/// shortest decimals round-trip and lie exactly as far from the value: the one whose
/// last digit is even. `467120.625f32` is `467120.62` in NumPy; Rust writes `…63`.
fn even_on_tie_f32(shortest: String, v: f32) -> String {
    let Some((mant, exp)) = shortest.split_once('e') else {
        return shortest;
    };
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let Some(last) = digits.chars().last().and_then(|c| c.to_digit(10)) else {
        return shortest;
    };
    if last % 2 == 0 || digits.len() < 2 {
        return shortest;
    }
    let exp: i32 = exp.parse().unwrap_or(0);
    // Both neighbours' distances to v, in f64: exact enough for an f32's 9 digits.
    let scale = 10f64.powi(exp - (digits.len() as i32 - 1));
    let Ok(n) = digits.parse::<u64>() else {
        return shortest;
    };
    let here = n as f64 * scale;
    let target = f64::from(v);
    let dist = (here - target).abs();
    for alt in [n - 1, n + 1] {
        let there = alt as f64 * scale;
        let same_distance = ((there - target).abs() - dist).abs() <= dist * 1e-9;
        if alt % 2 == 0 && same_distance && (there as f32) == v {
            let text = alt.to_string();
            if text.len() != digits.len() {
                return shortest;
            }
            let (first, rest) = text.split_at(1);
            return format!("{first}.{rest}e{exp}");
        }
    }
    shortest
}

/// Shortest round-trip digits of `x` in type `dt`: (digits without dot, decimal exponent
/// of the first digit). `x` must be finite and non-zero.
fn shortest_digits(x: f64, dt: DType) -> (String, i32) {
    let s = match dt {
        DType::Float32 => even_on_tie_f32(format!("{:e}", (x as f32).abs()), (x as f32).abs()),
        DType::Float16 => {
            let h = half::f16::from_f64(x).to_f64().abs();
            let mut found = format!("{h:e}");
            for p in 0..6 {
                let cand = format!("{h:.p$e}");
                let back: f64 = cand.parse().unwrap_or(f64::NAN);
                if half::f16::from_f64(back).to_f64() == h {
                    found = cand;
                    break;
                }
            }
            found
        }
        _ => format!("{:e}", x.abs()),
    };
    split_sci(&s)
}

fn split_sci(s: &str) -> (String, i32) {
    let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0').to_string();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    (digits, exp.parse().unwrap_or(0))
}

/// Exact digits of `x` rounded (half-even on the exact binary value) to `frac` digits
/// after the decimal point, as (integer part, fraction).
fn exact_positional(x: f64, frac: usize) -> (String, String) {
    let s = format!("{:.*}", frac, x.abs());
    match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s, String::new()),
    }
}

/// Positional digits of `|x|` in Dragon4 unique mode with at most `precision` fraction
/// digits and at least `min_digits`.
fn positional_parts(
    x: f64,
    dt: DType,
    precision: Option<usize>,
    min_digits: usize,
) -> (String, String) {
    if x == 0.0 {
        return ("0".into(), "0".repeat(min_digits));
    }
    let (digits, exp) = shortest_digits(x, dt);
    let nd = digits.len() as i32;
    let frac_len = (nd - 1 - exp).max(0) as usize;
    let (int_part, mut frac) = if precision.is_some_and(|p| frac_len > p) {
        exact_positional(x, precision.unwrap_or(0))
    } else if exp >= 0 {
        let e = exp as usize;
        if digits.len() > e + 1 {
            (digits[..e + 1].to_string(), digits[e + 1..].to_string())
        } else {
            (
                format!("{digits}{}", "0".repeat(e + 1 - digits.len())),
                String::new(),
            )
        }
    } else {
        (
            "0".into(),
            format!("{}{digits}", "0".repeat((-exp - 1) as usize)),
        )
    };
    if precision.is_some_and(|p| frac_len > p) {
        frac = frac.trim_end_matches('0').to_string();
    }
    if frac.len() < min_digits {
        let (i2, f2) = exact_positional(x, min_digits);
        return (i2, f2);
    }
    (int_part, frac)
}

/// Scientific digits of `|x|`: (mantissa digits after the first, the first digit,
/// exponent).
fn scientific_parts(
    x: f64,
    dt: DType,
    precision: Option<usize>,
    min_digits: usize,
) -> (String, String, i32) {
    if x == 0.0 {
        return ("0".into(), "0".repeat(min_digits), 0);
    }
    let (digits, exp) = shortest_digits(x, dt);
    let mut frac = digits[1..].to_string();
    let mut first = digits[..1].to_string();
    let mut exp = exp;
    if precision.is_some_and(|p| frac.len() > p) || frac.len() < min_digits {
        let p = if frac.len() < min_digits {
            min_digits
        } else {
            precision.unwrap_or(0)
        };
        let s = format!("{:.*e}", p, x.abs());
        let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
        exp = e.parse().unwrap_or(0);
        let (f0, rest) = mant.split_once('.').unwrap_or((mant, ""));
        first = f0.to_string();
        frac = rest.to_string();
        if frac.len() > min_digits {
            frac = frac.trim_end_matches('0').to_string();
            if frac.len() < min_digits {
                frac.push_str(&"0".repeat(min_digits - frac.len()));
            }
        }
    }
    (first, frac, exp)
}

fn sign_str(x: f64, plus: bool) -> &'static str {
    if x.is_sign_negative() {
        "-"
    } else if plus {
        "+"
    } else {
        ""
    }
}

/// NumPy's `FloatingFormat`, fitted to the values it will print.
struct FloatFormat {
    dt: DType,
    exp_format: bool,
    /// Fraction digits: at most this many (`None`: as many as the value needs).
    precision: Option<usize>,
    min_digits: usize,
    /// `floatmode='fixed'`: digits rounded to `precision`, not the shortest unique ones.
    fixed: bool,
    pad_left: usize,
    pad_right: usize,
    exp_size: usize,
    plus: bool,
    nanstr: String,
    infstr: String,
}

/// Scientific digits of `|x|` rounded to exactly `digits` after the first (Dragon4's
/// non-unique mode): (first digit, fraction, exponent).
fn scientific_fixed(x: f64, digits: usize) -> (String, String, i32) {
    let s = format!("{:.*e}", digits, x.abs());
    let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
    let (first, frac) = mant.split_once('.').unwrap_or((mant, ""));
    (first.to_string(), frac.to_string(), e.parse().unwrap_or(0))
}

impl FloatFormat {
    /// The format for `values`; `sign` is the options' (the imaginary parts of complex
    /// numbers always get `Plus`).
    fn new(values: &[f64], dt: DType, sign: Sign) -> FloatFormat {
        let o = options();
        let plus = sign == Sign::Plus;
        let fixed = o.floatmode == FloatMode::Fixed;
        let precision = (o.floatmode != FloatMode::Unique).then_some(o.precision);
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let nonzero: Vec<f64> = finite
            .iter()
            .map(|v| v.abs())
            .filter(|&v| v != 0.0)
            .collect();
        let cutoff = match dt {
            _ if o.legacy_at_most(202) => 1e8,
            DType::Float16 => 1e3,
            DType::Float32 => 1e6,
            _ => 1e8,
        };
        let mut exp_format = false;
        if !nonzero.is_empty() {
            let max = nonzero.iter().copied().fold(f64::MIN, f64::max);
            let min = nonzero.iter().copied().fold(f64::MAX, f64::min);
            // NumPy divides the two as scalars of the array's dtype: in float16, 100 over
            // 0.1 (stored as 0.09998) rounds to exactly 1000, which is not above 1000.
            let ratio = match dt {
                DType::Float16 => half::f16::from_f32(max as f32 / min as f32).to_f64(),
                DType::Float32 => f64::from(max as f32 / min as f32),
                _ => max / min,
            };
            exp_format = max >= cutoff || (!o.suppress && (min < 0.0001 || ratio > 1000.0));
        }
        let mut f = FloatFormat {
            dt,
            exp_format,
            precision,
            min_digits: 0,
            fixed,
            pad_left: 0,
            pad_right: 0,
            exp_size: 0,
            plus,
            nanstr: o.nanstr.clone(),
            infstr: o.infstr.clone(),
        };
        if finite.is_empty() {
            f.pad_left = 0;
            f.pad_right = 0;
        } else if exp_format {
            let parts: Vec<(String, String, i32)> = finite
                .iter()
                .map(|&v| match (fixed, precision) {
                    (true, Some(p)) => scientific_fixed(v, p),
                    _ => scientific_parts(v, dt, precision, 0),
                })
                .collect();
            let digits = parts.iter().map(|p| p.1.len()).max().unwrap_or(0);
            f.precision = Some(digits);
            f.min_digits = digits;
            f.exp_size = parts
                .iter()
                .map(|p| p.2.unsigned_abs().to_string().len().max(2))
                .max()
                .unwrap_or(2);
            f.pad_left = finite
                .iter()
                .map(|&v| 1 + sign_str(v, plus).len())
                .max()
                .unwrap_or(1);
            f.pad_right = f.exp_size + 2 + digits;
        } else {
            let parts: Vec<(String, String)> = finite
                .iter()
                .map(|&v| match (fixed, precision) {
                    (true, Some(p)) => exact_positional(v, p),
                    _ => positional_parts(v, dt, precision, 0),
                })
                .collect();
            f.pad_left = finite
                .iter()
                .zip(&parts)
                .map(|(&v, p)| p.0.len() + sign_str(v, plus).len())
                .max()
                .unwrap_or(0);
            f.pad_right = parts.iter().map(|p| p.1.len()).max().unwrap_or(0);
            if fixed || o.floatmode == FloatMode::MaxPrecEqual {
                f.precision = Some(f.pad_right);
                f.min_digits = f.pad_right;
            }
        }
        if sign == Sign::Space && !finite.iter().any(|v| v.is_sign_negative()) {
            f.pad_left += 1;
        }
        if finite.len() != values.len() {
            let neginf = sign != Sign::Minus || values.iter().any(|v| v.is_infinite() && *v < 0.0);
            let offset = f.pad_right + 1;
            f.pad_left = f
                .pad_left
                .max(f.nanstr.chars().count().saturating_sub(offset))
                .max((f.infstr.chars().count() + neginf as usize).saturating_sub(offset));
        }
        f
    }

    fn format(&self, x: f64) -> String {
        if !x.is_finite() {
            let ret = if x.is_nan() {
                format!("{}{}", if self.plus { "+" } else { "" }, self.nanstr)
            } else {
                format!(
                    "{}{}",
                    if x < 0.0 {
                        "-"
                    } else if self.plus {
                        "+"
                    } else {
                        ""
                    },
                    self.infstr
                )
            };
            let width = self.pad_left + self.pad_right + 1;
            return format!("{ret:>width$}");
        }
        let sign = sign_str(x, self.plus);
        if self.exp_format {
            let (first, frac, exp) = if self.fixed {
                scientific_fixed(x, self.min_digits)
            } else {
                scientific_parts(x, self.dt, self.precision, self.min_digits)
            };
            let int = format!("{sign}{first}");
            let exp_digits = format!("{:0>width$}", exp.unsigned_abs(), width = self.exp_size);
            format!(
                "{int:>pl$}.{frac}e{}{exp_digits}",
                if exp < 0 { "-" } else { "+" },
                pl = self.pad_left
            )
        } else {
            let (int, frac) = if self.fixed {
                exact_positional(x, self.min_digits)
            } else {
                positional_parts(x, self.dt, self.precision, self.min_digits)
            };
            let int = format!("{sign}{int}");
            format!(
                "{int:>pl$}.{frac:<pr$}",
                pl = self.pad_left,
                pr = self.pad_right
            )
        }
    }
}

/// `str()` of a float scalar of type `dt`, as NumPy 2 prints it (`0.1`, `1e-05`,
/// `1e+16`, `nan`).
pub fn float_scalar_str(x: f64, dt: DType) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let cutoff = match dt {
        _ if options().legacy_at_most(202) => 1e16,
        DType::Float16 => 1e3,
        DType::Float32 => 1e6,
        _ => 1e16,
    };
    let sign = sign_str(x, false);
    let ax = x.abs();
    if ax == 0.0 || (ax >= 1e-4 && ax < cutoff) {
        let (int, frac) = positional_parts(x, dt, None, 0);
        let frac = if frac.is_empty() {
            "0".to_string()
        } else {
            frac
        };
        format!("{sign}{int}.{frac}")
    } else {
        let (first, frac, exp) = scientific_parts(x, dt, None, 0);
        let mant = if frac.is_empty() {
            first
        } else {
            format!("{first}.{frac}")
        };
        format!(
            "{sign}{mant}e{}{:02}",
            if exp < 0 { "-" } else { "+" },
            exp.unsigned_abs()
        )
    }
}

/// `str()` of a complex scalar with parts of float type `dt`: `(1+2j)`, `2j`, `(nan+infj)`.
pub fn complex_scalar_str(re: f64, im: f64, dt: DType) -> String {
    let part = |v: f64| {
        let s = float_scalar_str(v, dt);
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    };
    let imag = part(im);
    if re == 0.0 && re.is_sign_positive() {
        return format!("{imag}j");
    }
    let sign = if im.is_sign_negative() || im.is_nan() && imag.starts_with('-') {
        ""
    } else {
        "+"
    };
    format!("({}{sign}{imag}j)", part(re))
}

/// Python's `repr(str)`: single quotes unless the text holds `'` and no `"`.
pub fn py_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

enum Formatter {
    Bool { zero_d: bool },
    Int { width: usize },
    Float(FloatFormat),
    Complex(FloatFormat, FloatFormat),
    Str,
}

impl Formatter {
    fn new(values: &[Scalar], dt: DType, zero_d: bool) -> Formatter {
        match dt {
            DType::Bool => Formatter::Bool { zero_d },
            DType::Str(_) => Formatter::Str,
            d if d.is_integer() => Formatter::Int {
                width: values.iter().map(|v| v.to_str().len()).max().unwrap_or(0),
            },
            d if d.is_float() => {
                let v: Vec<f64> = values.iter().map(Scalar::as_f64).collect();
                Formatter::Float(FloatFormat::new(&v, d, options().sign))
            }
            d => {
                let (re, im): (Vec<f64>, Vec<f64>) = values
                    .iter()
                    .map(|v| match v.to_wide() {
                        crate::element::Wide::C(c) => (c.re, c.im),
                        w => (w.as_f64(), 0.0),
                    })
                    .unzip();
                let part = d.real_dtype();
                Formatter::Complex(
                    FloatFormat::new(&re, part, options().sign),
                    FloatFormat::new(&im, part, Sign::Plus),
                )
            }
        }
    }

    fn format(&self, v: &Scalar) -> String {
        match self {
            Formatter::Bool { zero_d } => match (v.is_truthy(), zero_d) {
                (true, true) => "True".into(),
                (true, false) => " True".into(),
                (false, _) => "False".into(),
            },
            Formatter::Int { width } => format!("{:>width$}", v.to_str()),
            Formatter::Float(f) => f.format(v.as_f64()),
            Formatter::Complex(r, i) => {
                let (re, im) = match v.to_wide() {
                    crate::element::Wide::C(c) => (c.re, c.im),
                    w => (w.as_f64(), 0.0),
                };
                let rs = r.format(re);
                let is = i.format(im);
                let trimmed = is.trim_end().len();
                format!("{rs}{}j{}", &is[..trimmed], &is[trimmed..])
            }
            Formatter::Str => py_str_repr(&v.to_str()),
        }
    }
}

fn extend_line(s: &mut String, line: &mut String, word: &str, width: usize, next_prefix: &str) {
    let mut needs_wrap = line.len() + word.len() > width;
    if line.len() <= next_prefix.len() {
        needs_wrap = false;
    }
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = next_prefix.to_string();
    }
    line.push_str(word);
}

/// How one element prints: a plain formatter fitted to the values, or for a structured
/// array one per field (each fitted to its field's column, as NumPy's
/// `StructuredVoidFormat` does), joined as a tuple.
enum ElemFmt {
    Plain(Box<Formatter>),
    Record(Vec<(Array, ElemFmt)>),
    /// Python objects: the binding formats each one (NumPy pads none of them).
    Object,
}

/// How the binding prints one Python object of an object array, given its handle.
pub type ObjectText<'a> = &'a dyn Fn(u64) -> String;

/// Placeholder text for object elements when no binding formats them (the engine alone
/// cannot see the objects).
fn object_placeholder(handle: u64) -> String {
    format!("<object #{handle}>")
}

impl ElemFmt {
    fn new(a: &Array, summarize: bool, zero_d: bool) -> ElemFmt {
        if a.dtype().is_object() {
            return ElemFmt::Object;
        }
        if a.dtype().is_record() {
            ElemFmt::Record(
                a.fields()
                    .into_iter()
                    .map(|(_, f)| {
                        let e = ElemFmt::new(&f, summarize, zero_d);
                        (f, e)
                    })
                    .collect(),
            )
        } else {
            let values = sample_values(a, summarize);
            ElemFmt::Plain(Box::new(Formatter::new(&values, a.dtype(), zero_d)))
        }
    }

    fn format_at(&self, a: &Array, index: &[usize], objects: ObjectText<'_>) -> String {
        match self {
            ElemFmt::Object => {
                let at = a
                    .index(
                        &index
                            .iter()
                            .map(|&i| crate::IndexItem::Int(i as i64))
                            .collect::<Vec<_>>(),
                    )
                    .expect("index within shape");
                let h = crate::objects::handles(&at).expect("an object array");
                objects(h[0])
            }
            ElemFmt::Plain(f) => f.format(&a.get(index).expect("index within shape")),
            ElemFmt::Record(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|(column, fmt)| fmt.format_at(column, index, objects))
                    .collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
        }
    }
}

struct Printer<'a> {
    a: &'a Array,
    fmt: ElemFmt,
    summarize: bool,
    separator: &'a str,
    objects: ObjectText<'a>,
}

impl Printer<'_> {
    fn element(&self, index: &[usize]) -> String {
        self.fmt.format_at(self.a, index, self.objects)
    }

    fn recurse(&self, index: &mut Vec<usize>, hanging: &str, width: usize) -> String {
        let axis = index.len();
        let axes_left = self.a.ndim() - axis;
        if axes_left == 0 {
            return self.element(index);
        }
        let next_hanging = format!("{hanging} ");
        let next_width = width - 1;
        let len = self.a.shape()[axis];
        let show_summary = self.summarize && 2 * options().edgeitems < len;
        let (leading, trailing) = if show_summary {
            (options().edgeitems, options().edgeitems)
        } else {
            (0, len)
        };
        let mut s = String::new();
        if axes_left == 1 {
            let elem_width = width - self.separator.trim_end().len().max(1);
            let mut line = hanging.to_string();
            for i in 0..leading {
                index.push(i);
                let word = self.recurse(index, &next_hanging, next_width);
                index.pop();
                extend_line(&mut s, &mut line, &word, elem_width, hanging);
                line.push_str(self.separator);
            }
            if show_summary {
                extend_line(&mut s, &mut line, "...", elem_width, hanging);
                line.push_str(self.separator);
            }
            for i in (2..=trailing).rev() {
                index.push(len - i);
                let word = self.recurse(index, &next_hanging, next_width);
                index.pop();
                extend_line(&mut s, &mut line, &word, elem_width, hanging);
                line.push_str(self.separator);
            }
            index.push(len - 1);
            let word = self.recurse(index, &next_hanging, next_width);
            index.pop();
            extend_line(&mut s, &mut line, &word, elem_width, hanging);
            s.push_str(&line);
        } else {
            let line_sep = format!(
                "{}{}",
                self.separator.trim_end(),
                "\n".repeat(axes_left - 1)
            );
            for i in 0..leading {
                index.push(i);
                let nested = self.recurse(index, &next_hanging, next_width);
                index.pop();
                s.push_str(hanging);
                s.push_str(&nested);
                s.push_str(&line_sep);
            }
            if show_summary {
                s.push_str(hanging);
                s.push_str("...");
                s.push_str(&line_sep);
            }
            for i in (2..=trailing).rev() {
                index.push(len - i);
                let nested = self.recurse(index, &next_hanging, next_width);
                index.pop();
                s.push_str(hanging);
                s.push_str(&nested);
                s.push_str(&line_sep);
            }
            index.push(len - 1);
            let nested = self.recurse(index, &next_hanging, next_width);
            index.pop();
            s.push_str(hanging);
            s.push_str(&nested);
        }
        format!("[{}]", &s[hanging.len()..])
    }
}

/// The elements the formatter is fitted to: all, or the summary corners.
fn sample_values(a: &Array, summarize: bool) -> Vec<Scalar> {
    if !summarize {
        return a.to_scalars();
    }
    let axes: Vec<Vec<usize>> = a
        .shape()
        .iter()
        .map(|&n| {
            if n > 2 * options().edgeitems {
                (0..options().edgeitems)
                    .chain(n - options().edgeitems..n)
                    .collect()
            } else {
                (0..n).collect()
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut idx = vec![0usize; a.ndim()];
    let total: usize = axes.iter().map(Vec::len).product();
    for mut k in 0..total {
        for ax in (0..a.ndim()).rev() {
            idx[ax] = axes[ax][k % axes[ax].len()];
            k /= axes[ax].len();
        }
        out.push(a.get(&idx).expect("in bounds"));
    }
    out
}

/// NumPy's `array2string` with default options.
fn array2string(
    a: &Array,
    separator: &str,
    prefix: &str,
    suffix_len: usize,
    objects: ObjectText<'_>,
) -> String {
    if a.size() == 0 {
        return "[]".into();
    }
    let summarize = a.size() > options().threshold;
    let fmt = ElemFmt::new(a, summarize, a.ndim() == 0);
    let printer = Printer {
        a,
        fmt,
        summarize,
        separator,
        objects,
    };
    let next_prefix = format!(" {}", " ".repeat(prefix.len()));
    printer.recurse(
        &mut Vec::new(),
        &next_prefix,
        options().linewidth - suffix_len,
    )
}

fn dtype_is_implied(dt: DType) -> bool {
    matches!(
        dt,
        DType::Int64 | DType::Float64 | DType::Complex128 | DType::Bool
    )
}

fn dtype_short_repr(dt: DType) -> String {
    match dt {
        DType::Str(_) => format!("'{}'", dt.name()),
        // Structured dtypes print as their field list, unquoted.
        other => other.name(),
    }
}

impl Array {
    /// `repr(a)`, exactly as NumPy 2 prints it.
    pub fn repr(&self) -> String {
        self.repr_objects(&object_placeholder)
    }

    /// `repr(a)` of an object array whose elements `objects` prints (the binding passes
    /// Python's `repr`); for other dtypes the same as [`Array::repr`].
    pub fn repr_objects(&self, objects: ObjectText<'_>) -> String {
        let prefix = "array(";
        let lst = array2string(self, ", ", prefix, 1, objects);
        let mut extras = Vec::new();
        let summarised = self.size() > options().threshold && !options().legacy_at_most(202);
        if (self.size() == 0 && self.shape() != [0]) || summarised {
            extras.push(format!("shape={}", fmt_shape(self.shape())));
        }
        if !dtype_is_implied(self.dtype()) || self.size() == 0 {
            extras.push(format!("dtype={}", dtype_short_repr(self.dtype())));
        }
        if extras.is_empty() {
            return format!("{prefix}{lst})");
        }
        let arr_str = format!("{prefix}{lst},");
        let extra = format!("{})", extras.join(", "));
        let last_line_len = arr_str.len() - arr_str.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let spacer = if last_line_len + extra.len() + 1 > options().linewidth {
            format!("\n{}", " ".repeat(prefix.len()))
        } else {
            " ".into()
        };
        format!("{arr_str}{spacer}{extra}")
    }

    /// `str(a)` / `print(a)`, exactly as NumPy 2 prints it.
    pub fn to_str(&self) -> String {
        self.to_str_objects(&object_placeholder)
    }

    /// `str(a)` of an object array whose elements `objects` prints; for other dtypes the
    /// same as [`Array::to_str`]. (A 0-d object array's `str` is its object's `str`, which
    /// the binding handles itself.)
    pub fn to_str_objects(&self, objects: ObjectText<'_>) -> String {
        if self.ndim() == 0 && self.dtype().is_opaque() {
            return ElemFmt::new(self, false, true).format_at(self, &[], objects);
        }
        if self.ndim() == 0 {
            return self.item().map(|s| s.to_str()).unwrap_or_default();
        }
        array2string(self, " ", "", 0, objects)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `repr` of `values` under `opts`, the thread's options restored after.
    fn repr_with(opts: PrintOptions, values: &[f64]) -> String {
        set_options(opts);
        let r = Array::from_f64s(values).repr();
        set_options(PrintOptions::default());
        r
    }

    /// Each line was printed by NumPy 2.4.6 under the same `np.set_printoptions`.
    #[test]
    fn float_modes_signs_and_strings_match_numpy() {
        let with = |f: fn(&mut PrintOptions)| {
            let mut o = PrintOptions::default();
            f(&mut o);
            o
        };
        let v = [1.5, 2.25, -0.125];
        let fixed = with(|o| o.floatmode = FloatMode::Fixed);
        assert_eq!(
            repr_with(fixed.clone(), &v),
            "array([ 1.50000000,  2.25000000, -0.12500000])"
        );
        assert_eq!(
            repr_with(fixed, &[1e-5, 2.5e3]),
            "array([1.00000000e-05, 2.50000000e+03])"
        );
        let equal = with(|o| o.floatmode = FloatMode::MaxPrecEqual);
        assert_eq!(repr_with(equal, &[1.5, 2.25]), "array([1.50, 2.25])");
        let unique = with(|o| o.floatmode = FloatMode::Unique);
        assert_eq!(
            repr_with(unique, &[0.1234567891234, 1.0]),
            "array([0.1234567891234, 1.             ])"
        );
        let plus = with(|o| o.sign = Sign::Plus);
        assert_eq!(repr_with(plus, &[1.5, 2.25]), "array([+1.5 , +2.25])");
        let space = with(|o| o.sign = Sign::Space);
        assert_eq!(repr_with(space, &[1.5, 2.25]), "array([ 1.5 ,  2.25])");
        let strings = with(|o| {
            o.nanstr = "NaN".into();
            o.infstr = "Inf".into();
        });
        assert_eq!(
            repr_with(strings, &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.0]),
            "array([ NaN,  Inf, -Inf,   1.])"
        );
        let legacy = with(|o| o.legacy = Some(125));
        set_options(legacy);
        let scalar = Scalar::Float64(3.0).repr();
        set_options(PrintOptions::default());
        assert_eq!(scalar, "3.0");
    }
}
