//! `.npy` files: `parse_npy_bytes`, then (when it accepts) the header, the data's
//! conversion and a write-and-read-back round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndplay_fuzz::{bounded, per_byte};

fuzz_target!(|data: &[u8]| {
    match bounded(data, per_byte::NPY, ndplay_io::parse_npy_bytes) {
        Ok(t) => ndplay_fuzz::npy_accepted(data, &t),
        Err(e) => ndplay_fuzz::refused(&e),
    }
});
