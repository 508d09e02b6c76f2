//! Deterministic mutation testing: every fixture, corrupted thousands of ways (bit flips,
//! interesting bytes, truncation, insertion, large integers over length fields), must
//! parse to a self-consistent result or a clean error, never a panic.

mod common;

use common::fixtures;
use ndplay_io::{
    RawTensor, npy, parse_csv_bytes, parse_npy_bytes, parse_npz_bytes, parse_safetensors_bytes,
};

/// xorshift64*: a fixed seed gives the same mutants on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut b = original.to_vec();
    let rounds = 1 + rng.below(3);
    for _ in 0..rounds {
        // Half the time aim at the first 128 bytes, where the headers live.
        let span = if rng.below(2) == 0 {
            b.len().min(128)
        } else {
            b.len()
        };
        let at = rng.below(span);
        match rng.below(7) {
            0 if !b.is_empty() => b[at] ^= 1 << rng.below(8),
            1 if !b.is_empty() => {
                b[at] = [0u8, 0xff, 0x7f, 0x80, b'(', b'\'', b'9', b','][rng.below(8)]
            }
            2 => b.truncate(rng.below(b.len() + 1)),
            3 => {
                let n = 1 + rng.below(8);
                let at = at.min(b.len());
                for _ in 0..n {
                    b.insert(at, rng.next() as u8);
                }
            }
            4 if b.len() >= 8 => {
                // A large little-endian integer over a possible length or offset field.
                let at = at.min(b.len() - 8);
                let v = [u64::MAX, u32::MAX as u64, 1 << 40, 1 << 31, rng.next()][rng.below(5)];
                b[at..at + 8].copy_from_slice(&v.to_le_bytes());
            }
            5 if b.len() >= 4 => {
                let at = at.min(b.len() - 4);
                b[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
            }
            _ if !b.is_empty() => {
                let at = at.min(b.len() - 1);
                b.remove(at);
            }
            _ => {}
        }
    }
    b
}

fn files(dir: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(fixtures().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn consistent(t: &RawTensor) {
    t.check()
        .expect("an accepted tensor holds exactly its shape's bytes");
    t.to_c_order_le_bytes()
        .expect("conversion of an accepted tensor");
}

/// Runs `total` mutants spread over the files of `dir` through `parse` (which says
/// whether it accepted the mutant), and checks both outcomes were exercised.
fn run(dir: &str, total: usize, seed: u64, parse: impl Fn(&[u8]) -> bool) {
    let originals = files(dir);
    assert!(!originals.is_empty());
    let mut rng = Rng(seed);
    let mut accepted = 0;
    for i in 0..total {
        let original = &originals[i % originals.len()];
        let mutant = mutate(&mut rng, original);
        accepted += usize::from(parse(&mutant));
    }
    eprintln!("{dir}: {accepted} of {total} mutants accepted");
    assert!(
        accepted > 0 && accepted < total,
        "{dir}: {accepted} of {total} accepted"
    );
}

#[test]
fn npy_mutants() {
    run("npy", 4000, 0x9e37_79b9_7f4a_7c15, |b| {
        let Ok(t) = parse_npy_bytes(b) else {
            return false;
        };
        consistent(&t);
        // Whatever we accept, we can write back and read again unchanged.
        let again = parse_npy_bytes(&npy::to_bytes(&t).unwrap()).unwrap();
        assert_eq!(again, t);
        true
    });
}

#[test]
fn npz_mutants() {
    run("npz", 1500, 0x0123_4567_89ab_cdef, |b| {
        let Ok(ts) = parse_npz_bytes(b) else {
            return false;
        };
        ts.iter().for_each(consistent);
        true
    });
}

#[test]
fn safetensors_mutants() {
    run("safetensors", 3000, 0xdead_beef_cafe_f00d, |b| {
        let Ok(st) = parse_safetensors_bytes(b) else {
            return false;
        };
        st.tensors.iter().for_each(consistent);
        true
    });
}

#[test]
fn csv_mutants() {
    run("csv", 3000, 0x5555_aaaa_3333_cccc, |b| {
        let Ok(t) = parse_csv_bytes(b) else {
            return false;
        };
        consistent(&t.tensor);
        true
    });
}

#[test]
fn every_parser_survives_every_other_format() {
    let mut all = Vec::new();
    for dir in ["npy", "npz", "safetensors", "csv"] {
        all.extend(files(dir));
    }
    let mut rng = Rng(42);
    for i in 0..2000 {
        let mutant = mutate(&mut rng, &all[i % all.len()]);
        let _ = parse_npy_bytes(&mutant);
        let _ = parse_npz_bytes(&mutant);
        let _ = parse_safetensors_bytes(&mutant);
        let _ = parse_csv_bytes(&mutant);
    }
}
