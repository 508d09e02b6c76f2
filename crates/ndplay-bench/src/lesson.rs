//! The seed lesson's `train.py`: slice and statistics timings per rank, and the six
//! production-readiness signals of every generated tensor.
//!
//! For each rank the lesson's example shape is generated (axis 0, the batch or length,
//! multiplied by `scale`) from a fixed seed, then three operations are timed:
//! `extract_slice` (the 2-D cross-section the playground shows: `arr[b, :, :, c]` for a
//! `(B, H, W, C)` batch), `compute_axis_stats` over axis 0, and the six signals (one
//! fused pass). Ranks without a 2-D cross-section or an axis skip those rows.
//!
//! ```
//! let report = ndplay_bench::lesson::run(1, 2, &mut |_| {}).unwrap();
//! assert_eq!(report.tensors.len(), 5);
//! assert_eq!(report.tensors[4].shape, vec![32, 28, 28, 3]);
//! assert!(report.rows.iter().any(|r| r.op == "six_signals" && r.rank == 0));
//! ```

use ndplay_core::DType;
use ndplay_inspect::{Options, Report};
use serde::Serialize;

use crate::normal;
use crate::timing::{Timing, time_it};

/// The lesson's example shapes, 0-D to 4-D, with what their axes mean.
pub const LESSON_SHAPES: [(&[usize], &str); 5] = [
    (&[], "a single scalar"),
    (&[128], "one feature vector"),
    (&[32, 128], "a batch of feature vectors"),
    (&[32, 28, 28], "a batch of grayscale images"),
    (&[32, 28, 28, 3], "a batch of RGB images"),
];

/// One timed operation on one tensor.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// Rank of the tensor.
    pub rank: usize,
    /// Its shape.
    pub shape: Vec<usize>,
    /// `extract_slice`, `compute_axis_stats` or `six_signals`.
    pub op: String,
    /// The timings.
    #[serde(flatten)]
    pub timing: Timing,
}

/// The six signals of one generated tensor.
#[derive(Clone, Debug, Serialize)]
pub struct TensorSignals {
    /// Rank.
    pub rank: usize,
    /// Shape.
    pub shape: Vec<usize>,
    /// What the tensor stands for in the lesson.
    pub meaning: String,
    /// `(name, status, detail)` of each signal.
    pub signals: Vec<(String, String, String)>,
}

/// Everything `ndplay bench` reports.
#[derive(Clone, Debug, Serialize)]
pub struct LessonReport {
    /// The `--scale` used.
    pub scale: usize,
    /// Timed operations.
    pub rows: Vec<Row>,
    /// Signals per generated tensor.
    pub tensors: Vec<TensorSignals>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Runs the lesson benchmark.
pub fn run(
    scale: usize,
    repeats: usize,
    progress: &mut dyn FnMut(&str),
) -> Result<LessonReport, BoxError> {
    let mut rows = Vec::new();
    let mut tensors = Vec::new();
    for (rank, (base, meaning)) in LESSON_SHAPES.iter().enumerate() {
        let mut shape = base.to_vec();
        if let Some(first) = shape.first_mut() {
            *first *= scale.max(1);
        }
        progress(&format!("rank {rank} {shape:?}"));
        let a = normal(&shape, rank as u64, DType::Float64);
        let bytes: Vec<u8> = a
            .to_vec::<f64>()
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let raw = ndplay_io::RawTensor::from_vec(ndplay_io::ElemType::F64, shape.clone(), bytes)?;
        let mut push = |op: &str, timing: Timing| {
            rows.push(Row {
                rank,
                shape: shape.clone(),
                op: op.into(),
                timing,
            })
        };
        if rank >= 2 {
            let (display, fixed) = match rank {
                2 => ((0, 1), vec![]),
                3 => ((1, 2), vec![0]),
                _ => ((1, 2), vec![0, 0]),
            };
            push(
                "extract_slice",
                time_it(repeats, || {
                    std::hint::black_box(
                        ndplay_inspect::extract_slice(&a, display, &fixed).expect("valid slice"),
                    );
                }),
            );
        }
        if rank >= 1 {
            push(
                "compute_axis_stats",
                time_it(repeats, || {
                    std::hint::black_box(
                        ndplay_inspect::compute_axis_stats(&a, 0).expect("valid axis"),
                    );
                }),
            );
        }
        push(
            "six_signals",
            time_it(repeats, || {
                let s = ndplay_inspect::summary::summarize_tensor(&raw, &|_| {});
                std::hint::black_box(s);
            }),
        );
        let summary = ndplay_inspect::summary::summarize_tensor(&raw, &|_| {});
        let file = ndplay_inspect::FileSummary {
            path: format!("rank{rank}"),
            format: "generated".into(),
            tensors: vec![summary],
            shards: vec![],
        };
        let report = Report::build(&[file], &Options::default());
        let signals = report.files[0].tensors[0]
            .signals
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    format!("{:?}", s.status).to_lowercase(),
                    s.detail.clone(),
                )
            })
            .collect();
        tensors.push(TensorSignals {
            rank,
            shape,
            meaning: meaning.to_string(),
            signals,
        });
    }
    Ok(LessonReport {
        scale,
        rows,
        tensors,
    })
}
