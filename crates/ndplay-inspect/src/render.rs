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
