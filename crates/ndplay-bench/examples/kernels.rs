//! The named workloads without the `ndplay` binary (which links the RustPython console):
//! prints the JSON of `ndplay bench kernels --json`, for `bench/vs_numpy.py --ndplay-cmd`.
//!
//! ```sh
//! cargo run --release -p ndplay-bench --example kernels -- --repeats 11 --only softmax
//! ```
//! Flags: `--repeats N`, `--only NAME`, `--npy PATH`; `--json` is accepted and implied.

use ndplay_bench::kernels::{Selection, run_workloads};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut sel = Selection {
        repeats: 11,
        ..Selection::default()
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => {}
            "--repeats" => sel.repeats = args.next().ok_or("--repeats needs a value")?.parse()?,
            "--only" => sel.only = Some(args.next().ok_or("--only needs a value")?),
            "--npy" => sel.npy = Some(args.next().ok_or("--npy needs a value")?.into()),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    // As the `ndplay` binary does: one rayon worker per CPU, each on its own.
    ndplay_core::threads::pin_global_pool();
    let results = run_workloads(&sel, &mut |name| eprintln!("{name}"))?;
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({ "workloads": results }))?
    );
    Ok(())
}
