//! `.safetensors` files: `parse_safetensors_bytes`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ndplay_fuzz::{bounded, per_byte};

fuzz_target!(|data: &[u8]| {
    match bounded(
        data,
        per_byte::SAFETENSORS,
        ndplay_io::parse_safetensors_bytes,
    ) {
        Ok(st) => ndplay_fuzz::safetensors_accepted(data, &st),
        Err(e) => ndplay_fuzz::refused(&e),
    }
});
