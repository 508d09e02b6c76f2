//! Inspecting a float32 `.npy` from the page cache, in GB/s.
//!
//! Writes a 1 GB float32 `.npy` (normal-ish values with a few NaNs) to the temp dir,
//! reads it once to bring it into the page cache, then times the whole inspection —
//! open, memory-map, parse the header, the fused statistics pass, the six signals — and
//! prints GB/s. Beside it, the plain one-value-at-a-time reference (`Stats::from_f64s`)
//! on a 64 MB prefix, to show what the fused kernels buy.
//!
//! `NDPLAY_BENCH_MB=256 cargo bench -p ndplay-inspect --bench inspect` for a smaller
//! file; `NDPLAY_BENCH_RUNS` sets the number of timed runs (default 5).

use std::io::Write;
use std::time::Instant;

use ndplay_inspect::report::{Options, Report};
use ndplay_inspect::stats::Stats;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn write_npy(path: &std::path::Path, n: usize) -> std::io::Result<()> {
    let header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({n},), }}");
    let total = 10 + header.len() + 1;
    let pad = (64 - total % 64) % 64;
    let mut f = std::io::BufWriter::with_capacity(1 << 22, std::fs::File::create(path)?);
    f.write_all(b"\x93NUMPY\x01\x00")?;
    f.write_all(&((header.len() + pad + 1) as u16).to_le_bytes())?;
    f.write_all(header.as_bytes())?;
    f.write_all(&vec![b' '; pad])?;
    f.write_all(b"\n")?;
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut buf = Vec::with_capacity(1 << 20);
    for i in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let u = (state >> 40) as f32 / (1u64 << 24) as f32;
        let x = if i % 1_000_003 == 0 {
            f32::NAN
        } else {
            (u - 0.5) * 6.0
        };
        buf.extend_from_slice(&x.to_le_bytes());
        if buf.len() >= 1 << 20 {
            f.write_all(&buf)?;
            buf.clear();
        }
    }
    f.write_all(&buf)?;
    f.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mb = env_usize("NDPLAY_BENCH_MB", 1000);
    let runs = env_usize("NDPLAY_BENCH_RUNS", 5).max(1);
    let n = mb * 1_000_000 / 4;
    let path = std::env::temp_dir().join(format!("ndplay_inspect_bench_{mb}mb.npy"));
    let t0 = Instant::now();
    write_npy(&path, n)?;
    println!(
        "wrote {} ({mb} MB float32) in {:.2?}",
        path.display(),
        t0.elapsed()
    );
    let bytes = (n * 4) as f64;
    // Bring the file into the page cache.
    let _ = std::fs::read(&path)?;

    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (summary, _file) = ndplay_inspect::inspect_file(&path, &|_| {})?;
        let report = Report::build(&[summary], &Options::default());
        let el = t.elapsed().as_secs_f64();
        std::hint::black_box(&report);
        times.push(el);
    }
    times.sort_by(f64::total_cmp);
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "inspect/fused   {mb} MB float32 .npy: best {:.1} ms = {:.2} GB/s, median {:.1} ms = {:.2} GB/s ({} threads, {runs} runs)",
        best * 1e3,
        bytes / best / 1e9,
        median * 1e3,
        bytes / median / 1e9,
        rayon::current_num_threads()
    );

    // The floor: map the file and read every byte once on all cores, doing nothing else.
    let mut touch = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let file = ndplay_io::read_path(&path)?;
        let data = file.tensors[0].data.as_bytes();
        let x: u64 = {
            use rayon::prelude::*;
            data.par_chunks(1 << 20)
                .map(|c| {
                    c.as_chunks::<8>()
                        .0
                        .iter()
                        .fold(0u64, |a, w| a ^ u64::from_ne_bytes(*w))
                })
                .reduce(|| 0, |a, b| a ^ b)
        };
        std::hint::black_box(x);
        touch.push(t.elapsed().as_secs_f64());
    }
    touch.sort_by(f64::total_cmp);
    println!(
        "inspect/touch   map + read every byte, nothing else: best {:.1} ms = {:.2} GB/s",
        touch[0] * 1e3,
        bytes / touch[0] / 1e9
    );

    let prefix = (64_000_000 / 4).min(n);
    let file = ndplay_io::read_path(&path)?;
    let data = file.tensors[0].data.as_bytes();
    let values: Vec<f64> = data[..prefix * 4]
        .as_chunks::<4>()
        .0
        .iter()
        .map(|c| f64::from(f32::from_le_bytes(*c)))
        .collect();
    let t = Instant::now();
    let s = Stats::from_f64s(&values);
    let el = t.elapsed().as_secs_f64();
    std::hint::black_box(&s);
    println!(
        "inspect/reference {} MB prefix, one value at a time: {:.1} ms = {:.2} GB/s",
        prefix * 4 / 1_000_000,
        el * 1e3,
        (prefix * 4) as f64 / el / 1e9
    );
    std::fs::remove_file(&path).ok();
    Ok(())
}
