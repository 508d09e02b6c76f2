//! `.npy` headers alone: `npy::parse_header`, which reads only the header block.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndplay_fuzz::{bounded, per_byte};

fuzz_target!(|data: &[u8]| {
    match bounded(data, per_byte::NPY_HEADER, ndplay_io::npy::parse_header) {
        Ok(h) => ndplay_fuzz::npy_header(data, &h),
        Err(e) => ndplay_fuzz::refused(&e),
    }
});
