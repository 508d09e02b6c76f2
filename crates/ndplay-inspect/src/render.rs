//! The readable table of a [`Report`]: one block per tensor, each signal marked ok /
//! warn / fail with the reason, then the statistics and a one-line histogram. Colour
//! (ANSI) is the caller's choice; `ndplay inspect` turns it on only for a terminal
//! without `NO_COLOR`.
//!
//! ```
//! use ndplay_inspect::render::{fmt_num, sparkline};
//! assert_eq!(fmt_num(255.0), "255");
//! assert_eq!(fmt_num(0.1234567), "0.123457");
//! assert_eq!(fmt_num(3.0e-7), "3e-7");
//! assert_eq!(sparkline(&[0, 1, 8, 4]), " ▁█▄");
//! ```
//!
//! [`one_line`] and [`html`] are the Python package's `repr(report)` (lovely-numpy's
//! one-line style) and Jupyter's `_repr_html_`.

use std::fmt::Write as _;

use ndplay_core::shape::fmt_shape;

use crate::report::{Report, Status, TensorReport};
use crate::stats::{ZERO_BIN, bin_bounds};

/// A number for people: integers as integers, six significant digits otherwise, and
/// scientific notation for very large or small magnitudes.
pub fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = v.abs();
    if v == v.trunc() && a < 1e15 {
        return format!("{v:.0}");
    }
    if (1e-4..1e6).contains(&a) {
        let decimals = (5 - a.log10().floor() as i32).max(0) as usize;
        let s = format!("{v:.decimals$}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        return s.to_string();
    }
    let s = format!("{v:.5e}");
    match s.split_once('e') {
        Some((m, e)) => {
            let m = m.trim_end_matches('0').trim_end_matches('.');
            format!("{m}e{e}")
        }
        None => s,
    }
}

/// Megabytes (10^6 bytes) for people.
pub fn fmt_mb(mb: f64) -> String {
    format!(
        "{} MB",
        fmt_num(if mb >= 1.0 {
            (mb * 100.0).round() / 100.0
        } else {
            mb
        })
    )
}

/// Strides as NumPy prints them: `(24, 8)`, `(8,)`, `()`.
pub fn fmt_strides(strides: &[isize]) -> String {
    match strides {
        [] => "()".into(),
        [s] => format!("({s},)"),
        _ => format!(
            "({})",
            strides
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Counts as bars `▁`..`█` scaled to the largest; an empty count is a space.
pub fn sparkline(counts: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                let level = ((c as f64 / max as f64) * 8.0).ceil() as usize;
                BARS[level.clamp(1, 8) - 1]
            }
        })
        .collect()
}

fn fmt_bound(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    if v.is_infinite() {
        return fmt_num(v);
    }
    let e = v.abs().log2().round() as i32;
    format!("{}2^{e}", if v < 0.0 { "-" } else { "" })
}

/// The histogram line of a tensor: the negative side's occupied bins (their value range
/// in powers of two and a sparkline), the zero count, then the positive side.
pub fn histogram_line(t: &TensorReport) -> Option<String> {
    t.histogram.first()?;
    let side = |bins: Vec<(usize, u64)>| -> Option<String> {
        let first = bins.first()?.0;
        let last = bins.last()?.0;
        let mut counts = vec![0u64; last - first + 1];
        for (b, c) in &bins {
            counts[b - first] = *c;
        }
        Some(format!(
            "[{} .. {}) {}",
            fmt_bound(bin_bounds(first).0),
            fmt_bound(bin_bounds(last).1),
            sparkline(&counts)
        ))
    };
    let pick = |keep: &dyn Fn(usize) -> bool| -> Vec<(usize, u64)> {
        t.histogram
            .iter()
            .filter(|b| keep(b.bin))
            .map(|b| (b.bin, b.count))
            .collect()
    };
    let mut parts = Vec::new();
    if let Some(neg) = side(pick(&|b| b < ZERO_BIN)) {
        parts.push(format!("negative {neg}"));
    }
    if t.zero_count > 0 {
        parts.push(format!("zero {}", t.zero_count));
    }
    if let Some(pos) = side(pick(&|b| b > ZERO_BIN)) {
        parts.push(format!("positive {pos}"));
    }
    Some(parts.join("  "))
}

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    /// Whether to emit colour codes.
    pub color: bool,
}

impl Style {
    fn paint(self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A status word, padded to a column and coloured green / yellow / bold red.
    pub fn status(self, s: Status) -> String {
        let word = format!("{:<4}", s.as_str());
        match s {
            Status::Ok => self.paint(&word, "32"),
            Status::Warn => self.paint(&word, "33"),
            Status::Fail => self.paint(&word, "1;31"),
        }
    }

    /// Bold text.
    pub fn bold(self, text: &str) -> String {
        self.paint(text, "1")
    }
}

/// One tensor's block of the table.
pub fn tensor_block(t: &TensorReport, style: Style) -> String {
    let mut out = String::new();
    let name = t
        .name
        .as_deref()
        .map_or("<array>".to_string(), |n| format!("{n:?}"));
    let shards = if t.shards > 1 {
        format!(", {} shards", t.shards)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  {} {} {}{shards}  [{}]",
        style.bold(&format!("tensor {name}:")),
        t.dtype,
        fmt_shape(&t.shape),
        style.status(t.status).trim_end()
    );
    for s in &t.signals {
        let _ = writeln!(
            out,
            "    {:<12} {}  {}",
            s.name,
            style.status(s.status),
            s.detail
        );
    }
    match (t.mean, t.std) {
        (Some(mean), Some(std)) => {
            let _ = writeln!(
                out,
                "    {:<12} finite {}  mean {}  std {}  zeros {}",
                "stats",
                t.finite_count,
                fmt_num(mean),
                fmt_num(std),
                t.zero_count
            );
        }
        _ => {
            let _ = writeln!(out, "    {:<12} no finite values", "stats");
        }
    }
    if let Some(line) = histogram_line(t) {
        let _ = writeln!(out, "    {:<12} {line}", "histogram");
    }
    out
}

/// The whole table: a heading per file, a block per tensor, then a one-line summary.
pub fn render_table(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for f in &report.files {
        let _ = writeln!(out, "{} ({})", style.bold(&f.path), f.format);
        if !f.shards.is_empty() {
            let _ = writeln!(out, "  shards: {}", f.shards.join(", "));
        }
        if f.tensors.is_empty() {
            let _ = writeln!(out, "  (no tensors)");
        }
        for t in &f.tensors {
            out.push_str(&tensor_block(t, style));
        }
        out.push('\n');
    }
    out.push_str(&summary_line(report, style));
    out.push('\n');
    out
}

/// `3 tensors in 2 files: 1 ok, 1 warn, 1 fail; 1 input unreadable`.
pub fn summary_line(report: &Report, style: Style) -> String {
    let count = |s: Status| report.tensors().filter(|t| t.status == s).count();
    let n = report.tensors().count();
    let mut line = format!(
        "{n} tensor{} in {} file{}: {} ok, {} warn, {} fail",
        if n == 1 { "" } else { "s" },
        report.files.len(),
        if report.files.len() == 1 { "" } else { "s" },
        count(Status::Ok),
        count(Status::Warn),
        count(Status::Fail)
    );
    if !report.errors.is_empty() {
        let k = report.errors.len();
        let _ = write!(
            line,
            "; {k} input{} unreadable",
            if k == 1 { "" } else { "s" }
        );
    }
    style.bold(&line)
}

/// Widest sparkline of each side (negative, positive) in [`one_line`], in characters.
const ONE_LINE_BARS: usize = 10;

/// The sparkline of [`one_line`]: the occupied bins of the negative side, then of the
/// positive side (by value, each summed into at most [`ONE_LINE_BARS`] groups of
/// adjacent bins), separated by `|` — the zero count is printed apart.
fn compact_sparkline(t: &TensorReport) -> String {
    let side = |keep: &dyn Fn(usize) -> bool| -> Option<String> {
        let bins: Vec<_> = t.histogram.iter().filter(|b| keep(b.bin)).collect();
        let (first, last) = (bins.first()?.bin, bins.last()?.bin);
        let span = last - first + 1;
        let group = span.div_ceil(ONE_LINE_BARS);
        let mut counts = vec![0u64; span.div_ceil(group)];
        for b in bins {
            counts[(b.bin - first) / group] += b.count;
        }
        Some(sparkline(&counts))
    };
    let parts: Vec<String> = [side(&|b| b < ZERO_BIN), side(&|b| b > ZERO_BIN)]
        .into_iter()
        .flatten()
        .collect();
    parts.join("|")
}

/// One line per tensor in the style of lovely-numpy's `lo(x)`: dtype and shape, size,
/// memory, finite range, mean and std, a sparkline of the magnitude histogram, the
/// NaN/Inf counts, the memory order, and the verdict with the signals that are not ok.
///
/// ```
/// # use ndplay_inspect::{report::{Options, Report}, summary::{summarize_tensor, FileSummary}};
/// # use ndplay_io::{ElemType, RawTensor};
/// let bytes = [1.0f32, 2.0, f32::NAN, 4.0].iter().flat_map(|x| x.to_le_bytes()).collect();
/// let t = RawTensor::from_vec(ElemType::F32, vec![2, 2], bytes)?;
/// let file = FileSummary { path: "x".into(), format: "memory".into(),
///                          tensors: vec![summarize_tensor(&t, &|_| {})], shards: vec![] };
/// let report = Report::build(&[file], &Options::default());
/// assert_eq!(ndplay_inspect::render::one_line(&report.files[0].tensors[0]),
///            "float32[2, 2] n=4 (16 B) x∈[1, 4] μ=2.33333 σ=1.24722 ███ NaN×1 C ✗ fail: nan_inf");
/// # Ok::<(), ndplay_io::IoError>(())
/// ```
pub fn one_line(t: &TensorReport) -> String {
    let mut out = String::new();
    if let Some(name) = &t.name {
        let _ = write!(out, "{name}: ");
    }
    let dims: Vec<String> = t.shape.iter().map(|d| d.to_string()).collect();
    let _ = write!(out, "{}[{}] n={}", t.dtype, dims.join(", "), t.size);
    let _ = write!(out, " ({})", fmt_bytes(t.nbytes));
    if t.size == 0 {
        out.push_str(" empty");
    }
    match (t.finite_min, t.finite_max, t.mean, t.std) {
        (Some(lo), Some(hi), Some(mean), Some(std)) => {
            let _ = write!(
                out,
                " x∈[{lo}, {hi}] μ={} σ={}",
                fmt_num(mean),
                fmt_num(std)
            );
        }
        _ if t.size > 0 && t.typestr.contains('U') => out.push_str(" text"),
        _ if t.size > 0 => out.push_str(" no finite values"),
        _ => {}
    }
    let spark = compact_sparkline(t);
    if !spark.is_empty() {
        let _ = write!(out, " {spark}");
    }
    if t.zero_count > 0 {
        let _ = write!(out, " zeros×{}", t.zero_count);
    }
    for (count, label) in [
        (t.nan_count, "NaN"),
        (t.posinf_count, "+Inf"),
        (t.neginf_count, "-Inf"),
    ] {
        if count > 0 {
            let _ = write!(out, " {label}×{count}");
        }
    }
    out.push_str(match (t.c_contiguous, t.f_contiguous) {
        (true, _) => " C",
        (false, true) => " F",
        (false, false) => " strided",
    });
    let flagged: Vec<&str> = t
        .signals
        .iter()
        .filter(|s| s.status == t.status && s.status != Status::Ok)
        .map(|s| s.name.as_str())
        .collect();
    match t.status {
        Status::Ok => out.push_str(" ✓ ok"),
        Status::Warn => {
            let _ = write!(out, " ⚠ warn: {}", flagged.join(", "));
        }
        Status::Fail => {
            let _ = write!(out, " ✗ fail: {}", flagged.join(", "));
        }
    }
    out
}

/// A byte count in powers of 1000, as `ls -h --si` would: `16 B`, `20.5 MB`, `1.07 GB`.
pub fn fmt_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut unit = "B";
    for u in UNITS {
        if v < 1000.0 {
            break;
        }
        v /= 1000.0;
        unit = u;
    }
    let digits = if v >= 100.0 {
        0
    } else if v >= 10.0 {
        1
    } else {
        2
    };
    format!("{v:.digits$} {unit}")
}

/// Text safe to place in HTML.
fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A small self-contained HTML rendering of one tensor's report (Jupyter's
/// `_repr_html_`): the one-line summary, a table of the six signals coloured by
/// status, the statistics, and the magnitude histogram as inline SVG bars. No scripts,
/// no external resources; every piece of text from the data is escaped.
pub fn html(t: &TensorReport) -> String {
    let color = |s: Status| match s {
        Status::Ok => "#1a7f37",
        Status::Warn => "#9a6700",
        Status::Fail => "#cf222e",
    };
    let mut out = String::from("<div class=\"ndplay-report\" style=\"font-family:monospace\">");
    let _ = write!(out, "<div><b>{}</b></div>", escape_html(&one_line(t)));
    out.push_str("<table style=\"border-collapse:collapse;margin-top:4px\">");
    for s in &t.signals {
        let _ = write!(
            out,
            "<tr><td style=\"padding:0 8px\">{}</td><td style=\"padding:0 8px;color:{};font-weight:bold\">{}</td><td style=\"padding:0 8px;text-align:left\">{}</td></tr>",
            escape_html(&s.name),
            color(s.status),
            s.status.as_str(),
            escape_html(&s.detail)
        );
    }
    out.push_str("</table>");
    let stat = |v: Option<f64>| v.map_or("–".to_string(), fmt_num);
    let _ = write!(
        out,
        "<div>finite {} · NaN {} · +Inf {} · −Inf {} · zeros {} · mean {} · std {} · strides {}</div>",
        t.finite_count,
        t.nan_count,
        t.posinf_count,
        t.neginf_count,
        t.zero_count,
        stat(t.mean),
        stat(t.std),
        fmt_strides(&t.strides)
    );
    if let (Some(first), Some(last)) = (t.histogram.first(), t.histogram.last()) {
        let span = last.bin - first.bin + 1;
        let max = t
            .histogram
            .iter()
            .map(|b| b.count)
            .max()
            .unwrap_or(1)
            .max(1);
        let (bar_w, h) = (6usize, 40usize);
        let _ = write!(
            out,
            "<svg width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"magnitude histogram\">",
            span * bar_w,
            h + 2
        );
        for b in &t.histogram {
            let bh = ((b.count as f64 / max as f64) * h as f64).ceil().max(1.0) as usize;
            let (lo, hi) = bin_bounds(b.bin);
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{bh}\" fill=\"{}\"><title>[{}, {}): {}</title></rect>",
                (b.bin - first.bin) * bar_w,
                h + 1 - bh,
                bar_w - 1,
                if b.bin == ZERO_BIN { "#888" } else { "#4c72b0" },
                fmt_num(lo),
                fmt_num(hi),
                b.count
            );
        }
        out.push_str("</svg>");
    }
    out.push_str("</div>");
    out
}
