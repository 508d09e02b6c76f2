//! `.npz` archives (zip, stored and deflated members): `parse_npz_bytes`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndplay_fuzz::{bounded, per_byte};

fuzz_target!(|data: &[u8]| {
    match bounded(data, per_byte::NPZ, ndplay_io::parse_npz_bytes) {
        Ok(ts) => ndplay_fuzz::npz_accepted(data, &ts),
        Err(e) => ndplay_fuzz::refused(&e),
    }
});
