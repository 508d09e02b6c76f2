//! `ndplay serve`: the playground. Until the web playground lands, it prints the lesson's
//! tour of the built-in example tensors in the terminal — rank, shape, strides, memory
//! and contiguity of each, a view versus a copy, and the engine's explanation of the
//! lesson's bad reshape — and says what the page will add.

use std::process::ExitCode;

use clap::Args;
use ndplay_core::{Array, DType, Order};

/// Arguments of `ndplay serve`.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on once the web playground lands; loopback by default.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on.
    #[arg(long, default_value_t = 8501)]
    pub port: u16,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            host: "127.0.0.1".into(),
            port: 8501,
        }
    }
}

/// The seed lesson's example tensors: rank, shape and what the axes mean.
pub const EXAMPLES: [(&str, &[usize], &str); 5] = [
    ("0-D", &[], "a single scalar: one temperature reading"),
    (
        "1-D",
        &[128],
        "a feature vector: one patient's 128 blood markers",
    ),
    ("2-D", &[32, 128], "a batch of 32 feature vectors"),
    ("3-D", &[32, 28, 28], "a batch of 32 grayscale images"),
    ("4-D", &[32, 28, 28, 3], "a batch of 32 RGB images"),
];

/// Prints the tour.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    println!("ndplay — the NumPy Playground in Rust\n");
    println!(
        "The web playground (http://{}:{}) is not built yet; here is the engine's tour of",
        args.host, args.port
    );
    println!("the lesson's example tensors instead.\n");
    println!(
        "{:<5} {:<18} {:<22} {:>10}  {:<6} meaning",
        "rank", "shape", "strides (bytes)", "nbytes", "C/F"
    );
    for (rank, shape, meaning) in EXAMPLES {
        let a = Array::zeros(shape, DType::Float64);
        let f = a.flags();
        println!(
            "{rank:<5} {:<18} {:<22} {:>10}  {}/{}    {meaning}",
            ndplay_core::shape::fmt_shape(a.shape()),
            format!("{:?}", a.strides()),
            a.nbytes(),
            if f.c_contiguous { "C" } else { "-" },
            if f.f_contiguous { "F" } else { "-" },
        );
    }
    let a = Array::arange(0.0, 12.0, 1.0, None)?;
    let b = a.reshape(&[3, 4])?;
    let c = a.reshape(&[3, 4])?.copy(Order::C);
    b.set(&[0, 0], 999i64.into())?;
    println!(
        "\nReshape vs view:  a = np.arange(12); b = a.reshape(3, 4); c = a.reshape(3, 4).copy()"
    );
    println!(
        "  b[0, 0] = 999  ->  a[0] = {}, c[0, 0] = {}",
        a.get(&[0])?,
        c.get(&[0, 0])?
    );
    println!(
        "  b shares memory with a: {}; c does: {}",
        b.shares_memory(&a),
        c.shares_memory(&a)
    );
    let t = b.t();
    println!(
        "  b.T is C-contiguous: {}; b.T.reshape(-1) copies: {}",
        t.is_c_contiguous(),
        t.reshape_copies(&[-1])?
    );
    println!("\nSimulate Error: np.arange(13).reshape(3, 4)");
    if let Err(e) = Array::arange(0.0, 13.0, 1.0, None)?.reshape(&[3, 4]) {
        println!("  {}: {}", e.py_type(), e.to_string().replace('\n', "\n  "));
    }
    Ok(ExitCode::SUCCESS)
}
